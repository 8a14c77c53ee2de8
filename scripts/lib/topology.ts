import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type BackingService, type LocalStack, launchLocalStack, type ServiceEntry } from "./local-stack.ts";
import { freePort, stopChild } from "./redis-server.ts";
import type { ServiceOutput } from "./service-process.ts";

export interface TopologyOptions {
  /** The repository root (services run from here). */
  root: string;
  /** Where redis, S3, the database file and haproxy's configuration live. */
  dataDir: string;
  /** The launcher's environment; services get it plus the addresses of what was started. */
  env: NodeJS.ProcessEnv;
  output: ServiceOutput;
  /** haproxy's port, where browsers and tests come in; default 3000. */
  port?: number;
  /** Api and Worker processes; default 2 each. */
  apis?: number;
  workers?: number;
  /** Round trip the libSQL server adds to every request (ms); default 0. */
  databaseDelayMs?: number;
  readyTimeoutMs?: number;
}

export interface Topology extends LocalStack {
  /** The Apis' own addresses (haproxy's servers `api1`, `api2`, ...). */
  apiUrls: string[];
  /** The libSQL server: its file, its address once started, and a way to stop it alone (the recovery drill's loss). */
  database: {
    file: string;
    connection(): { url: string; authToken: string } | undefined;
    stop(): Promise<void>;
  };
}

/** The response header haproxy adds, naming the Api that answered. */
export const apiInstanceHeader = "x-finchat-api";

/**
 * Production's shape on one machine: several Api and Worker processes behind haproxy, sharing one
 * redis-server, the embedded S3 server and a libSQL server reached over HTTP (the testkit's
 * stand-in for sqld, as its own process, with a bearer token). Built on launchLocalStack: the
 * database and haproxy are one more backing service and one more service.
 */
export async function launchTopology(options: TopologyOptions): Promise<Topology> {
  const port = options.port ?? 3000;
  const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 2 }, () => freePort()));
  const workerPorts = await Promise.all(Array.from({ length: options.workers ?? 2 }, () => freePort()));
  const haproxyConfig = join(options.dataDir, "haproxy.cfg");
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(haproxyConfig, haproxyConfiguration(port, apiPorts));
  const services: ServiceEntry[] = [
    ...apiPorts.map((apiPort, i) => ({
      name: `api${i + 1}`,
      entry: join(options.root, "functions", "api.ts"),
      env: { PORT: String(apiPort), HOST: "127.0.0.1" },
    })),
    ...workerPorts.map((workerPort, i) => ({
      name: `worker${i + 1}`,
      entry: join(options.root, "functions", "worker.ts"),
      env: { PORT: String(workerPort), HOST: "127.0.0.1" },
    })),
    // -W: master-worker mode, so SIGTERM from the launcher stops it; -db: stay in the foreground.
    { name: "haproxy", entry: "", command: "haproxy", args: ["-W", "-db", "-f", haproxyConfig] },
  ];
  const database = libsqlServerProcess(options);
  const stack = launchLocalStack({
    cwd: options.root,
    dataDir: options.dataDir,
    env: { ...options.env, PORT: String(port) },
    services,
    backing: [database],
    readyUrls: [
      ...apiPorts.map((p) => `http://127.0.0.1:${p}/health/ready`),
      ...workerPorts.map((p) => `http://127.0.0.1:${p}/health/live`),
      `http://127.0.0.1:${port}/health/ready`,
    ],
    output: options.output,
    readyTimeoutMs: options.readyTimeoutMs,
  });
  return {
    ...stack,
    url: `http://127.0.0.1:${port}`,
    apiUrls: apiPorts.map((p) => `http://127.0.0.1:${p}`),
    database: { file: database.file, connection: database.connection, stop: database.stop },
  };
}

/** The stand-in for sqld as its own process, serving `finchat.db` under the data directory. */
function libsqlServerProcess(options: TopologyOptions): BackingService & Topology["database"] {
  const dbFile = join(options.dataDir, "finchat.db");
  let running: ChildProcess | undefined;
  let connection: { url: string; authToken: string } | undefined;
  return {
    file: dbFile,
    connection: () => connection,
    stop: async () => {
      if (running) await stopChild(running);
    },
    async start(log) {
      const token = randomBytes(24).toString("base64url");
      const cli = join(options.root, "packages", "testkit", "src", "libsql-server-cli.ts");
      const args = [cli, "--db", dbFile, "--delay-ms", String(options.databaseDelayMs ?? 0)];
      const child = spawn(process.execPath, args, {
        cwd: options.root,
        env: { PATH: process.env.PATH, DATABASE_AUTH_TOKEN: token },
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      });
      running = child;
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((resolve, reject) => {
        lines.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the libSQL server exited with ${code}`)));
      });
      lines.close();
      child.stdout.resume();
      log(`libSQL server (Hrana over HTTP) at ${url}, file ${dbFile}`);
      connection = { url, authToken: token };
      return { env: { DATABASE_URL: url, DATABASE_AUTH_TOKEN: token }, stop: () => stopChild(child) };
    },
  };
}

/**
 * haproxy in front of the Apis. Server-sent events stay open for minutes, so the client, server
 * and tunnel timeouts are an hour; haproxy forwards response data as it arrives (no compression is
 * configured, so nothing is held back), and `http-no-delay` sends each small event at once. Each
 * request is balanced on its own (round robin), so consecutive requests land on different Apis,
 * and the answering Api is named in `x-finchat-api`. Readiness (`/health/ready`) takes an Api out
 * while it drains or its dependencies fail; `observe layer7` would still pass a live but unready one.
 */
export function haproxyConfiguration(port: number, apiPorts: number[]): string {
  return [
    "global",
    "  maxconn 4096",
    "",
    "defaults",
    "  mode http",
    "  option http-no-delay",
    "  timeout connect 5s",
    "  timeout http-request 15s",
    "  timeout http-keep-alive 15s",
    "  timeout client 1h",
    "  timeout server 1h",
    "  timeout tunnel 1h",
    "  timeout client-fin 5s",
    "",
    "frontend web",
    `  bind 127.0.0.1:${port}`,
    "  default_backend apis",
    "",
    "backend apis",
    "  balance roundrobin",
    "  option httpchk GET /health/ready",
    "  http-check expect status 200",
    `  http-response set-header ${apiInstanceHeader} %[srv_name]`,
    // Readiness answers within 2 s by itself; a loaded machine gets some slack before an Api is out.
    "  timeout check 3s",
    "  default-server inter 2s fastinter 500ms fall 3 rise 1",
    ...apiPorts.map((p, i) => `  server api${i + 1} 127.0.0.1:${p} check`),
    "",
  ].join("\n");
}
