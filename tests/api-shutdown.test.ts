import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEvents } from "@finchat/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../scripts/lib/redis-server.ts";

let api: ChildProcess;
let base: string;
let dir: string;
let output = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "finchat-shutdown-"));
  const port = await freePort();
  const s3 = inject("s3");
  base = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, ["functions/api.ts"], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "api.db")}`,
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: `shutdown-${dir.slice(-6).toLowerCase()}`,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      SHUTDOWN_TIMEOUT_MS: "5000",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  api.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  api.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  for (let i = 0; i < 100; i++) {
    const ready = await fetch(`${base}/health/ready`).catch(() => null);
    if (ready?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Api never became ready:\n${output}`);
});

afterAll(() => {
  if (api.exitCode === null) api.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("the Api process on SIGTERM", () => {
  it("closes open event streams, finishes, and exits 0 within its bound", async () => {
    const credentials = { email: "drain@example.com", password: "long enough pw" };
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...credentials, name: "D" }),
    });
    expect(signup.status).toBe(202);
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const me = (await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    const headers = { cookie, "x-csrf-token": me.csrfToken, "content-type": "application/json" };
    const conversation = (await (
      await fetch(`${base}/api/conversations`, { method: "POST", headers, body: "{}" })
    ).json()) as { id: string };
    // No Worker runs here: the run stays queued and its event stream stays open.
    const stream = await fetch(`${base}/api/conversations/${conversation.id}/messages`, {
      method: "POST",
      headers: { ...headers, accept: "text/event-stream" },
      body: JSON.stringify({ content: "Still there?" }),
    });
    expect(stream.status).toBe(200);
    const reading = readEvents(stream);

    const exited = new Promise<number | null>((resolve) => api.once("exit", (code) => resolve(code)));
    const signalled = Date.now();
    api.kill("SIGTERM");
    expect(await reading).toEqual([]);
    expect(await exited).toBe(0);
    // Well inside SHUTDOWN_TIMEOUT_MS: nothing waits for a client to hang up.
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(output).toContain('"msg":"stopped"');
  });
});
