import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";

export interface RedisServerOptions {
  /** Port to listen on; a free one is picked when absent. */
  port?: number;
  /** Directory for the append-only file; without it nothing is persisted. */
  dataDir?: string;
  /** Own process group, so a terminal's Ctrl-C reaches only the launcher, which stops redis last. */
  detached?: boolean;
}

export interface RunningRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a `redis-server` child on loopback with the settings production uses
 * (`maxmemory-policy noeviction`, so queued jobs are never evicted) and resolves once it accepts
 * connections.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedis> {
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", ""];
  args.push("--maxmemory-policy", "noeviction", "--protected-mode", "yes");
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push("--dir", options.dataDir, "--appendonly", "yes");
  } else {
    args.push("--appendonly", "no");
  }
  const child = spawn("redis-server", args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.once("error", (err) =>
      reject(
        new Error(
          `could not start redis-server (${err.message}); install it with: apt-get install redis-server`,
        ),
      ),
    );
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () => stopChild(child),
  };
}

/** Sends SIGTERM and waits for the child to exit (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
