import type { ChildProcess } from "node:child_process";
import { isIPv6 } from "node:net";
import { join } from "node:path";
import { type RunningRedis, startRedisServer, stopChild } from "./redis-server.ts";
import { type RunningS3, startS3Server } from "./s3-server.ts";
import { exitOf, type ServiceOutput, spawnService } from "./service-process.ts";

export interface ServiceEntry {
  /** Prefix of the service's output lines. */
  name: string;
  /** The file `node` runs (or, with `command`, that program). */
  entry: string;
  /** A program to run instead of `node` (e.g. haproxy), with `args`. */
  command?: string;
  /** Arguments after the entry (or the command's, with `command`). */
  args?: string[];
  /** Settings of this service alone, over the shared environment (e.g. its PORT). */
  env?: Record<string, string>;
}

/** A backing service started before the services and stopped after them (e.g. a database server). */
export interface BackingService {
  /** Starts it; `env` is added to every service's environment. */
  start(log: (line: string) => void): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
}

export interface LocalStackOptions {
  /** Working directory of the services (relative paths in their config resolve from here). */
  cwd: string;
  /** Where the local redis-server and S3 server keep their data. */
  dataDir: string;
  /** The launcher's environment; services get it plus the addresses of what was started. */
  env: NodeJS.ProcessEnv;
  /** The Api first: its `/health/ready` decides when the stack is up (unless `readyUrls` says). */
  services: ServiceEntry[];
  /** Started after redis and S3 (when those are started here), stopped after the services. */
  backing?: BackingService[];
  /** Every URL that must answer 200 before the stack is up; default the first service's readiness. */
  readyUrls?: string[];
  output: ServiceOutput;
  readyTimeoutMs?: number;
  /** How long a service may take to exit after SIGTERM before it is killed. */
  stopGraceMs?: number;
}

export interface LocalStack {
  /** Where a browser reaches the Api. */
  url: string;
  /** Resolves once `/health/ready` answered 200; rejects if start-up failed. */
  ready: Promise<void>;
  /** Resolves after everything stopped: `ok` is false when something failed or died. */
  done: Promise<{ ok: boolean; reason: string }>;
  /** Stops the services, then S3, then redis. Repeated calls change nothing. */
  stop(reason: string): void;
}

type Log = (line: string) => void;

interface Backing {
  env: Record<string, string>;
  redis?: RunningRedis;
  s3?: RunningS3;
  /** Stops for the extra backing services, in the order they started. */
  extra: (() => Promise<void>)[];
}

/** Starts redis-server and the embedded S3 server unless the environment points elsewhere. */
async function startBacking(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  backing: Backing,
  extra: BackingService[],
  log: (line: string) => void,
) {
  if (!env.REDIS_URL) {
    backing.redis = await startRedisServer({ dataDir: join(dataDir, "redis"), detached: true });
    backing.env.REDIS_URL = backing.redis.url;
    log(`redis-server at ${backing.redis.url} (data in ${join(dataDir, "redis")})`);
  }
  if (!env.S3_ENDPOINT) {
    backing.s3 = await startS3Server(join(dataDir, "s3"), env.S3_BUCKET || "finchat-local");
    Object.assign(backing.env, {
      S3_ENDPOINT: backing.s3.endpoint,
      S3_BUCKET: backing.s3.bucket,
      AWS_ACCESS_KEY_ID: backing.s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: backing.s3.secretAccessKey,
    });
    log(`S3 at ${backing.s3.endpoint}, bucket ${backing.s3.bucket} (data in ${join(dataDir, "s3")})`);
  }
  for (const service of extra) {
    const started = await service.start(log);
    backing.extra.push(started.stop);
    Object.assign(backing.env, started.env);
  }
}

function readinessUrl(env: NodeJS.ProcessEnv, port: string): string {
  const host = env.HOST && env.HOST !== "0.0.0.0" && env.HOST !== "::" ? env.HOST : "127.0.0.1";
  return `http://${isIPv6(host) ? `[${host}]` : host}:${port}/health/ready`;
}

async function isReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

type Outcome = { ok: boolean; reason: string };

/**
 * Spawns every service with the shared environment. The first (the Api) gets `port`; the others get
 * PORT=0, so their own probe servers take any free port instead of colliding with it.
 * `onExit` hears of each one that ends.
 */
function startServices(
  options: LocalStackOptions,
  env: NodeJS.ProcessEnv,
  port: string,
  onExit: (reason: string) => void,
) {
  const children = new Map<string, ChildProcess>();
  for (const [index, service] of options.services.entries()) {
    const child = spawnService(service.name, service.entry, {
      cwd: options.cwd,
      env: { ...env, PORT: index === 0 ? port : "0", ...service.env },
      output: options.output,
      command: service.command,
      args: service.args,
    });
    children.set(service.name, child);
    void exitOf(child).then((code) => onExit(`${service.name} exited unexpectedly (${code})`));
  }
  return children;
}

/** Polls `url` until it answers 200; gives up when `stopped` settles or the time is up. */
async function waitUntilReady(
  url: string,
  timeoutMs: number,
  stopped: Promise<unknown>,
  isStopped: () => boolean,
) {
  const deadline = Date.now() + timeoutMs;
  while (!isStopped()) {
    if (await isReady(url)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 200))]);
  }
  throw new Error("stopped before the Api was ready");
}

/**
 * Stops the services (bounded by `graceMs`), then the extra backing services, then S3, then redis;
 * false if a service failed to stop.
 */
async function shutdown(children: Map<string, ChildProcess>, backing: Backing, graceMs: number, log: Log) {
  const stoppedCleanly = await Promise.all(
    [...children].map(async ([name, child]) => {
      const running = child.exitCode === null && child.signalCode === null;
      await stopChild(child, graceMs);
      const code = child.exitCode ?? child.signalCode;
      if (running && code !== 0) log(`${name} stopped with ${code}`);
      return !running || code === 0;
    }),
  );
  for (const stop of backing.extra.reverse()) await stop();
  await backing.s3?.stop();
  await backing.redis?.stop();
  return stoppedCleanly.every(Boolean);
}

/**
 * Brings up the local shape: redis-server, the embedded S3 server, then the services as child
 * processes; watches them, and tears everything down in reverse order on `stop` or when a service
 * dies.
 */
export function launchLocalStack(options: LocalStackOptions): LocalStack {
  const port = options.env.PORT || "3000";
  const log: Log = (line) => options.output.stdout.write(`stack | ${line}\n`);
  const backing: Backing = { env: {}, extra: [] };
  let children = new Map<string, ChildProcess>();
  let outcome: Outcome | undefined;
  const stopRequested = Promise.withResolvers<void>();
  const stop = (reason: string, ok: boolean) => {
    outcome ??= { ok, reason };
    stopRequested.resolve();
  };
  const ready = Promise.withResolvers<void>();
  ready.promise.catch(() => {});

  const run = async (): Promise<Outcome> => {
    try {
      await startBacking(options.env, options.dataDir, backing, options.backing ?? [], log);
      const env = { ...options.env, ...backing.env };
      if (!outcome) children = startServices(options, env, port, (why) => stop(why, false));
      const urls = options.readyUrls ?? [readinessUrl(options.env, port)];
      await Promise.all(
        urls.map((url) =>
          waitUntilReady(
            url,
            options.readyTimeoutMs ?? 60_000,
            stopRequested.promise,
            () => outcome !== undefined,
          ),
        ),
      );
      ready.resolve();
      await stopRequested.promise;
    } catch (error) {
      ready.reject(error);
      stop((error as Error).message, false);
    }
    const result = outcome ?? { ok: false, reason: "unknown" };
    log(`stopping: ${result.reason}`);
    const stoppedCleanly = await shutdown(children, backing, options.stopGraceMs ?? 15_000, log);
    return { ok: result.ok && stoppedCleanly, reason: result.reason };
  };

  return {
    url: `http://localhost:${port}`,
    ready: ready.promise,
    done: run(),
    stop: (reason) => stop(reason, true),
  };
}
