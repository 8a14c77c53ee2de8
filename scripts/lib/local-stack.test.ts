import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { launchLocalStack } from "./local-stack.ts";
import { freePort } from "./redis-server.ts";

// Stand-ins for functions/api.ts and functions/worker.ts with the same contract: serve on PORT /
// keep running, exit 0 on SIGTERM. Each records its pid so the test can prove it is gone.
const apiStub = `
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
writeFileSync(new URL("api.pid", import.meta.url), String(process.pid));
const seen = ["REDIS_URL", "S3_ENDPOINT", "S3_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PORT"];
const server = createServer((req, res) => {
  res.writeHead(req.url === "/health/ready" ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(Object.fromEntries(seen.map((name) => [name, process.env[name]]))));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("api stub listening"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

// Like the real Worker, it serves a liveness probe on PORT: that must not collide with the Api.
const workerStub = `
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
writeFileSync(new URL("worker.pid", import.meta.url), String(process.pid));
const probe = createServer((req, res) => res.end("ok"));
probe.listen(Number(process.env.PORT), "127.0.0.1", () => console.error("worker stub up"));
if (process.env.WORKER_DIES_AFTER_MS) setTimeout(() => process.exit(3), Number(process.env.WORKER_DIES_AFTER_MS));
process.on("SIGTERM", () => probe.close(() => process.exit(0)));
`;

function collector() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAccepts(url: string | undefined): Promise<boolean> {
  const { hostname, port } = new URL(String(url));
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function readyBody(port: number): Promise<Record<string, string>> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return (await response.json()) as Record<string, string>;
}

describe("launchLocalStack", () => {
  let dir: string;
  const services = () => [
    { name: "api", entry: join(dir, "api.mjs") },
    { name: "worker", entry: join(dir, "worker.mjs") },
  ];
  const pidOf = (name: string) => Number(readFileSync(join(dir, `${name}.pid`), "utf8"));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "finchat-stack-"));
    writeFileSync(join(dir, "api.mjs"), apiStub);
    writeFileSync(join(dir, "worker.mjs"), workerStub);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("starts redis and S3, hands their addresses to the services, and stops everything", async () => {
    const port = await freePort();
    const stdout = collector();
    const stderr = collector();
    const dataDir = join(dir, ".data");
    const env = { PATH: process.env.PATH, PORT: String(port) };
    const stack = launchLocalStack({
      cwd: dir,
      dataDir,
      env,
      services: services(),
      output: { stdout: stdout.stream, stderr: stderr.stream },
    });

    await stack.ready;
    expect(stack.url).toBe(`http://localhost:${port}`);
    const seen = await readyBody(port);
    expect(seen).toMatchObject({
      S3_BUCKET: "finchat-local",
      AWS_ACCESS_KEY_ID: "S3RVER",
      PORT: String(port),
    });
    expect(await portAccepts(seen.REDIS_URL)).toBe(true);
    expect(await portAccepts(seen.S3_ENDPOINT)).toBe(true);
    expect(existsSync(join(dataDir, "s3", "finchat-local"))).toBe(true);
    expect(existsSync(join(dataDir, "redis"))).toBe(true);
    expect(stdout.text()).toContain("api | api stub listening\n");
    expect(stderr.text()).toContain("worker | worker stub up\n");

    stack.stop("test is done");
    expect(await stack.done).toEqual({ ok: true, reason: "test is done" });
    expect(isAlive(pidOf("api"))).toBe(false);
    expect(isAlive(pidOf("worker"))).toBe(false);
    expect(await portAccepts(seen.REDIS_URL)).toBe(false);
    expect(await portAccepts(seen.S3_ENDPOINT)).toBe(false);
  });

  it("stops everything and reports failure when a service dies", async () => {
    const out = collector();
    const env = { PATH: process.env.PATH, PORT: String(await freePort()), WORKER_DIES_AFTER_MS: "500" };
    const stack = launchLocalStack({
      cwd: dir,
      dataDir: join(dir, ".data"),
      env,
      services: services(),
      output: { stdout: out.stream, stderr: out.stream },
    });

    expect(await stack.done).toEqual({ ok: false, reason: "worker exited unexpectedly (3)" });
    expect(isAlive(pidOf("api"))).toBe(false);
    const redisUrl = /redis-server at (\S+)/.exec(out.text())?.[1];
    expect(redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await portAccepts(String(redisUrl))).toBe(false);
  });

  it("stops cleanly when asked to before it is up", async () => {
    const out = collector();
    const stack = launchLocalStack({
      cwd: dir,
      dataDir: join(dir, ".data"),
      env: { PATH: process.env.PATH, PORT: String(await freePort()) },
      services: services(),
      output: { stdout: out.stream, stderr: out.stream },
    });
    stack.stop("Ctrl-C during start-up");

    expect(await stack.done).toEqual({ ok: true, reason: "Ctrl-C during start-up" });
    await expect(stack.ready).rejects.toThrow("stopped before the Api was ready");
    expect(existsSync(join(dir, "api.pid"))).toBe(false);
    const redisUrl = /redis-server at (\S+)/.exec(out.text())?.[1];
    expect(await portAccepts(redisUrl)).toBe(false);
  });

  it("starts neither redis nor S3 when the environment names them", async () => {
    const port = await freePort();
    const out = collector();
    const given = { REDIS_URL: "redis://127.0.0.1:1", S3_ENDPOINT: "http://127.0.0.1:1", S3_BUCKET: "mine" };
    const stack = launchLocalStack({
      cwd: dir,
      dataDir: join(dir, ".data"),
      env: { PATH: process.env.PATH, PORT: String(port), ...given },
      services: services().slice(0, 1),
      output: { stdout: out.stream, stderr: out.stream },
    });
    await stack.ready;
    const seen = await readyBody(port);
    stack.stop("done");
    await stack.done;

    expect(seen).toMatchObject(given);
    expect(seen.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(existsSync(join(dir, ".data"))).toBe(false);
  });
});
