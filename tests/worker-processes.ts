import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const workerEntry = fileURLToPath(new URL("../functions/worker.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * `functions/worker.ts` as real child processes, for tests that kill a Worker with SIGKILL (nothing
 * gets to clean up) and let another take over. Keeps each Worker's output for the test to read and
 * to print when it fails.
 */
export class WorkerProcesses {
  readonly all: ChildProcess[] = [];
  /** Every Worker's stdout and stderr, each line prefixed with its pid. */
  output = "";
  readonly #stdout = new Map<ChildProcess, string>();

  /** Starts a Worker with only these settings (plus PATH, NODE_ENV=test and a free health port). */
  start(env: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, [workerEntry], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, NODE_ENV: "test", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const label = `worker ${child.pid}`;
    child.stdout?.on("data", (chunk: Buffer) => {
      this.output += `${label} | ${chunk}`;
      this.#stdout.set(child, (this.#stdout.get(child) ?? "") + chunk);
    });
    child.stderr?.on("data", (chunk: Buffer) => (this.output += `${label} | ${chunk}`));
    this.all.push(child);
    return child;
  }

  /** The Worker's own stdout, whole lines intact (its log lines are JSON). */
  stdoutOf(child: ChildProcess): string {
    return this.#stdout.get(child) ?? "";
  }

  /** Kills every Worker still running (a test's cleanup). */
  async killAll(): Promise<void> {
    await Promise.all(this.all.map(killWorker));
  }
}

/** SIGKILLs the Worker and waits for it to be gone. */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}
