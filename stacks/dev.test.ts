import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { devPortsFor } from "./dev-ports.ts";
import type { Recording } from "./stand-ins.ts";
import { plain, unwrap } from "./stand-ins.ts";
import { type Args, all, deploy, one } from "./test-deploy.ts";

const root = join(import.meta.dirname, "..");

/** What SST's `shellquote.Split` does to a dev command (double quotes only; ours use no others). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
}

/**
 * The properties SST puts in `SST_RESOURCE_<Name>` for a link under `sst dev`, as its components'
 * `getSSTLink()` give them: a secret's value, a Linkable's properties, the Redis `dev` address
 * (username "default" unless set), a bucket's name (here: the embedded S3 server's bucket).
 */
function linkProperties(recording: Recording, link: string, bucket: string): unknown {
  const name = link.replace(/^<|>$/g, "");
  const [component, ...more] = recording.components.filter((c) => c.name === name);
  expect(more, name).toEqual([]);
  if (!component) throw new Error(`no component ${name}`);
  const args = plain<Args>(unwrap(component.args));
  switch (component.type) {
    case "sst.Secret":
      // No placeholder: `sst dev` refuses to start until the secret is set; the test sets one.
      return { value: typeof args === "string" ? args : "set-by-sst-secret" };
    case "sst.Linkable":
      return args.properties;
    case "sst.aws.Redis":
      return { host: args.dev.host, port: args.dev.port, username: args.dev.username ?? "default" };
    case "sst.aws.Bucket":
      return { name: bucket };
    default:
      throw new Error(`the test does not know what SST links for ${component.type} ${name}`);
  }
}

interface DevProcess {
  name: string;
  directory: string;
  command: string;
  env: Record<string, string>;
}

/**
 * The processes `sst dev` starts, each with the environment SST gives it (cmd/sst/mosaic.go and
 * pkg/project/env.go): the developer's environment, `SST_RESOURCE_<link>` per link,
 * `SST_RESOURCE_App`, then the component's `environment` (a Service adds `AWS_REGION`).
 */
function devProcesses(recording: Recording, parent: Record<string, string>, bucket: string): DevProcess[] {
  const app = { SST_RESOURCE_App: JSON.stringify({ name: "finchat", stage: "alice" }) };
  const linked = (links: string[] = []) =>
    Object.fromEntries(
      links.map((l) => [
        `SST_RESOURCE_${l.replace(/^<|>$/g, "")}`,
        JSON.stringify(linkProperties(recording, l, bucket)),
      ]),
    );
  const services = all(recording, "sst.aws.Service").map((s) => {
    const args = plain<Args>(s.args);
    return {
      name: s.name,
      directory: join(root, args.image.context ?? ""),
      command: args.dev.command,
      env: {
        ...parent,
        SST_CHILD: `${s.name}Dev`,
        ...app,
        ...linked(args.link),
        ...args.environment,
        AWS_REGION: "eu-west-1",
      },
    };
  });
  const site = plain<Args>(one(recording, "sst.aws.StaticSite", "Web").args);
  const commands = all(recording, "sst.x.DevCommand").map((c) => {
    const args = plain<Args>(c.args);
    return {
      name: c.name,
      directory: join(root, args.dev.directory ?? ""),
      command: args.dev.command,
      env: { ...parent, SST_CHILD: c.name, ...app, ...linked(args.link), ...args.environment },
    };
  });
  return [
    ...commands,
    ...services,
    {
      name: "Web",
      directory: join(root, site.dev.directory ?? site.path),
      command: site.dev.command,
      env: { ...parent, SST_CHILD: "Web", ...app, ...site.environment },
    },
  ];
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** An offset under which the four dev ports are free on this machine right now. */
async function freeOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Object.values(devPortsFor(offset));
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return offset;
  }
  throw new Error("no free dev ports");
}

async function waitFor(url: string, ok: (res: Response, body: string) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (ok(res, body)) return body;
      last = `${res.status} ${body.slice(0, 200)}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}: ${last}`);
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const child of children.splice(0)) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("sst dev", () => {
  it("gives every local process its own port and starts Redis, with placeholders for a personal stage", async () => {
    const { recording } = await deploy("alice", { dev: true });
    const ports = devPortsFor(0);
    const env = (name: string) => plain<Args>(one(recording, "sst.aws.Service", name).args).environment;
    expect(env("Api").PORT).toBe(String(ports.api));
    expect(env("Worker").PORT).toBe(String(ports.worker));
    const redis = plain<Args>(one(recording, "sst.aws.Redis", "Redis").args);
    expect(redis.dev).toEqual({ host: "127.0.0.1", port: ports.redis });
    const server = plain<Args>(one(recording, "sst.x.DevCommand", "RedisServer").args);
    expect(words(server.dev.command)).toEqual(expect.arrayContaining(["redis-server", String(ports.redis)]));
    for (const secret of all(recording, "sst.Secret")) expect(unwrap(secret.args), secret.name).toBe("");
    // Deployed stages still require the credentials.
    const deployed = await deploy("alice");
    expect(all(deployed.recording, "sst.x.DevCommand")).toEqual([]);
    expect(unwrap(one(deployed.recording, "sst.Secret", "DatabaseAuthToken").args)).toEqual({});
  });

  it("runs the Api, the Worker, the SPA and Redis under SST's dev environment, all healthy", {
    timeout: 120_000,
  }, async () => {
    const offset = await freeOffset();
    const ports = devPortsFor(offset);
    const { recording } = await deploy("alice", {
      dev: true,
      env: { FINCHAT_DEV_PORT_OFFSET: String(offset) },
    });
    const dir = mkdtempSync(join(tmpdir(), "finchat-sst-dev-"));
    dirs.push(dir);
    const s3 = inject("s3");
    // The developer's own environment: the AWS account is the embedded S3 server here, and the
    // local database file is kept out of the checkout.
    const parent: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      S3_ENDPOINT: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      DATABASE_URL: `file:${join(dir, "finchat.db")}`,
      LOG_LEVEL: "warn",
    };
    for (const p of devProcesses(recording, parent, s3.bucket)) {
      const [command = "", ...args] = words(p.command);
      const child = spawn(command, args, { cwd: p.directory, env: p.env, detached: true, stdio: "ignore" });
      children.push(child);
    }
    // Readiness checks the database, Redis (the dev Redis server) and S3.
    const ready = await waitFor(`http://127.0.0.1:${ports.api}/health/ready`, (r) => r.ok, 60_000);
    expect(JSON.parse(ready)).toMatchObject({
      status: "ready",
      checks: { db: "ok", redis: "ok", storage: "ok" },
    });
    await waitFor(`http://127.0.0.1:${ports.worker}/health/live`, (r) => r.ok, 60_000);
    // The SPA's dev server answers and proxies to the Api (not to the Worker's liveness server).
    await waitFor(`http://127.0.0.1:${ports.web}/`, (r, body) => r.ok && body.includes("<div"), 60_000);
    const proxied = await waitFor(`http://127.0.0.1:${ports.web}/health/ready`, (r) => r.ok, 30_000);
    expect(JSON.parse(proxied).status).toBe("ready");
    // The body is read to its end: an unread body left paused when the processes stop trips an
    // assertion inside Node's fetch (the document outgrew the socket's buffer).
    const api = await fetch(`http://127.0.0.1:${ports.web}/api/openapi.json`);
    expect(api.status).toBe(200);
    expect(((await api.json()) as { paths: object }).paths).toHaveProperty(["/api/runs/{id}"]);
    for (const child of children) expect(child.exitCode, "a dev process exited").toBeNull();
  });
});
