import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

export interface ServiceOutput {
  stdout: Writable;
  stderr: Writable;
}

/** Copies `input` to `output` line by line, each line prefixed with `label | `. */
export function prefixLines(input: Readable, output: Writable, label: string): void {
  createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
    output.write(`${label} | ${line}\n`);
  });
}

/**
 * V8 flags of the Api and the Worker, here and in functions/Dockerfile (`NODE_OPTIONS`). V8 sizes
 * the young generation from the machine's memory; on a large host it grows to ~130 MB that a
 * streaming service fills with short-lived garbage and never gives back. 16 MB semi-spaces cut the
 * Api's and the Worker's RSS by 70–100 MB under load at the same CPU per turn (docs/benchmarks.md).
 */
export const serviceNodeFlags = ["--max-semi-space-size=16"];

/**
 * Runs `node <entry> [args]` with the current Node binary and {@link serviceNodeFlags}, or
 * `command [args]`. The child gets its own process group, so a terminal's Ctrl-C reaches only the
 * launcher, which then stops the services in order.
 */
export function spawnService(
  label: string,
  entry: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; output: ServiceOutput; command?: string; args?: string[] },
): ChildProcess {
  const [program, argv] = options.command
    ? [options.command, options.args ?? []]
    : [process.execPath, [...serviceNodeFlags, entry, ...(options.args ?? [])]];
  const child = spawn(program, argv, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (child.stdout) prefixLines(child.stdout, options.output.stdout, label);
  if (child.stderr) prefixLines(child.stderr, options.output.stderr, label);
  return child;
}

/** Resolves with the child's exit code, or with the signal's name when a signal ended it. */
export function exitOf(child: ChildProcess): Promise<number | NodeJS.Signals> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? 1));
  });
}
