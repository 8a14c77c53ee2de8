import { execFile } from "node:child_process";
import { AppError } from "../errors.ts";
import type { TreeEntry } from "./filters.ts";
import type { CommitWithFiles } from "./history.ts";

/**
 * The git commands the local reader runs. Always `execFile` (no shell) with fixed options first
 * and refs validated by the caller, so nothing a user wrote can become an option or a command.
 */

/** Large trees and logs of big repositories fit; anything beyond is a sign of the wrong path. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Paths as they are (UTF-8), not C-quoted. */
const BASE_ARGS = ["-c", "core.quotePath=false"];

export interface GitRun {
  /** The checkout's directory. */
  cwd: string;
  /** Names the repository in error messages, e.g. `local/finchat`. */
  label: string;
  signal?: AbortSignal;
}

/** Runs `git args` in the checkout and resolves its standard output. @throws AppError */
export async function runGit(run: GitRun, args: string[]): Promise<string> {
  const result = await execGit(run, args);
  if (typeof result === "string") return result;
  throw gitError(run, args, result.error, result.stderr);
}

/**
 * Like {@link runGit}, but a command that runs and exits non-zero (e.g. `rev-parse --verify`
 * of an unknown ref) resolves `null` instead of failing.
 */
export async function tryGit(run: GitRun, args: string[]): Promise<string | null> {
  const result = await execGit(run, args);
  if (typeof result === "string") return result;
  const exited = typeof (result.error as NodeJS.ErrnoException).code === "number";
  if (exited && !/not a git repository|dubious ownership/i.test(result.stderr)) return null;
  throw gitError(run, args, result.error, result.stderr);
}

function execGit(run: GitRun, args: string[]): Promise<string | { error: Error; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "git",
      [...BASE_ARGS, ...args],
      { cwd: run.cwd, encoding: "utf8", maxBuffer: MAX_OUTPUT_BYTES, signal: run.signal },
      (error, stdout, stderr) => resolve(error ? { error, stderr } : stdout),
    );
  });
}

function gitError(run: GitRun, args: string[], error: Error, stderr: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  // The reader checks the directory exists first, so a failed spawn means git itself is missing.
  if (code === "ENOENT") {
    return new AppError("unavailable", "git is not installed on this worker: local repositories need it", {
      cause: error,
    });
  }
  if (error.name === "AbortError") return new AppError("unavailable", `Reading ${run.label} was cancelled`);
  const detail = stderr.trim().split("\n")[0] ?? error.message;
  if (/not a git repository/i.test(detail)) {
    return new AppError("not_found", `${run.label} is not a git checkout: ${detail}`, { cause: error });
  }
  return new AppError("unavailable", `git ${args[0]} failed for ${run.label}: ${detail}`, { cause: error });
}

/** Parses `git ls-tree -r -l -z`: `<mode> <type> <sha> <size>\t<path>` records ended by NUL. */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const [mode = "", , sha = "", size = "-"] = record.slice(0, tab).split(/ +/);
    const path = record.slice(tab + 1);
    entries.push(size === "-" ? { path, mode, sha } : { path, mode, sha, size: Number(size) });
  }
  return entries;
}

const RECORD = "\x1e";
const FIELD = "\x1f";

/** The `git log` arguments whose output {@link parseLog} reads. */
export function logArgs(commitSha: string, count: number): string[] {
  return [
    "log",
    `--format=${RECORD}%H${FIELD}%aI${FIELD}%an${FIELD}%s`,
    "--name-only",
    "-n",
    String(count),
    commitSha,
    "--",
  ];
}

/** Parses the output of {@link logArgs}: commits newest first with the files each touched. */
export function parseLog(output: string): CommitWithFiles[] {
  return output
    .split(RECORD)
    .filter((record) => record.trim() !== "")
    .map((record) => {
      const [header = "", ...lines] = record.split("\n");
      const [sha = "", date = "", author = "", subject = ""] = header.split(FIELD);
      return { sha, date, author, subject, files: lines.filter((line) => line !== "") };
    });
}
