import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createTestApi } from "../functions/http/test-support.ts";
import { freePort } from "../scripts/lib/redis-server.ts";

/**
 * The Api and the Worker as real processes whose next fdatasync of the WAL fails with EIO
 * (wal-eio.preload.ts, armed by SIGUSR2): the write that waited for it fails, and the process
 * drains as on SIGTERM and exits 1, for the orchestrator to replace it.
 */

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const preload = fileURLToPath(new URL("./wal-eio.preload.ts", import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
let output = "";

afterEach((context) => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (context.task.result?.state === "fail") console.error(output);
  output = "";
});

function start(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", preload, entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_ENV: "test", LOG_LEVEL: "info", SHUTDOWN_TIMEOUT_MS: "5000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited };
}

async function until(what: string, done: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Arms the fault in `child` and waits until it has. */
async function armFault(child: ChildProcess): Promise<void> {
  const before = output.split("wal-eio: armed").length;
  child.kill("SIGUSR2");
  await until("the fault to arm", () => output.split("wal-eio: armed").length > before);
}

function stores() {
  const s3 = inject("s3");
  return {
    REDIS_URL: inject("redisUrl"),
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
}

describe("a failed WAL fdatasync", () => {
  it("fails the Api's write with 503, and the Api drains and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "finchat-eio-"));
    dirs.push(dir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = start("functions/api.ts", {
      ...stores(),
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "api.db")}`,
      QUEUE_PREFIX: `eio-${dir.slice(-6).toLowerCase()}`,
    });
    await until("the Api to be ready", async () => {
      const ready = await fetch(`${base}/health/ready`).catch(() => null);
      return ready?.status === 200;
    });
    const signup = (email: string) =>
      fetch(`${base}/api/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: "long enough pw", name: "E" }),
      });
    expect((await signup("before@example.com")).status).toBe(202);

    await armFault(api.child);
    const failed = await signup("during@example.com");
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    expect(await api.exited).toBe(1);
    expect(output).toContain("wal-eio: failing fdatasync");
    expect(output).toContain('"reason":"database durability lost"');
    expect(output).toContain('"msg":"stopped"');
  });

  it("stops the Worker whose write failed: it drains as on SIGTERM and exits 1", async () => {
    const testApi = await createTestApi();
    try {
      const { config } = testApi.deps;
      const port = await freePort();
      const worker = start("functions/worker.ts", {
        ...stores(),
        PORT: String(port),
        DATABASE_URL: config.db.url,
        QUEUE_PREFIX: config.queue.prefix,
      });
      await until("the Worker to consume", () => output.includes('"msg":"worker consuming"'));
      await armFault(worker.child);
      // A question: the Worker's first write for its run (no model: the run fails) hits the fault.
      const person = await testApi.signUp();
      const created = await testApi.app.request("/api/conversations", {
        method: "POST",
        headers: person.headers,
        body: "{}",
      });
      const { id } = (await created.json()) as { id: string };
      const posted = await testApi.app.request(`/api/conversations/${id}/messages`, {
        method: "POST",
        headers: person.headers,
        body: JSON.stringify({ content: "Anything?" }),
      });
      expect(posted.status).toBe(202);
      expect(await worker.exited).toBe(1);
      expect(output).toContain("wal-eio: failing fdatasync");
      expect(output).toContain('"reason":"database durability lost"');
      expect(output).toContain('"msg":"stopped"');
    } finally {
      await testApi.close();
    }
  });
});
