import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { AppError } from "../errors.ts";

/** An object name git can answer: SHA-1, or SHA-256 in repositories that use it. */
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

interface Pending {
  sha: string;
  resolve(bytes: Buffer | null): void;
  reject(error: Error): void;
}

export interface CatFileOptions {
  cwd: string;
  label: string;
  /** The process ends after this long without a request (default 2 s); the next read starts another. */
  idleMs?: number;
  signal?: AbortSignal;
}

/**
 * Blob contents from one long-lived `git cat-file --batch` process: a request is a line with
 * the SHA, the answer `<sha> <type> <size>\n<bytes>\n` (or `<sha> missing\n`), in order. About
 * 40x faster than a `git cat-file blob` process per file. The process ends after a short idle
 * time (until then it keeps a script's event loop alive) or on {@link close}.
 */
export class CatFileBatch {
  readonly #options: CatFileOptions;
  #child: ChildProcessWithoutNullStreams | undefined;
  #pending: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #idle: NodeJS.Timeout | undefined;

  constructor(options: CatFileOptions) {
    this.#options = options;
  }

  /** The blob's bytes, or `null` when the repository has no such object. */
  read(sha: string): Promise<Buffer | null> {
    if (!OBJECT_ID.test(sha))
      return Promise.reject(new AppError("invalid_request", `"${sha}" is not an object SHA`));
    if (this.#options.signal?.aborted)
      return Promise.reject(new AppError("unavailable", `Reading ${this.#options.label} was cancelled`));
    const child = this.#process();
    clearTimeout(this.#idle);
    return new Promise((resolve, reject) => {
      this.#pending.push({ sha, resolve, reject });
      child.stdin.write(`${sha}\n`);
    });
  }

  /** Ends the process; pending reads fail. */
  close(): void {
    clearTimeout(this.#idle);
    this.#fail(this.#child, new Error("the reader was closed"));
  }

  #process(): ChildProcessWithoutNullStreams {
    if (this.#child) return this.#child;
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd: this.#options.cwd,
      signal: this.#options.signal,
    });
    child.stdout.on("data", (chunk: Buffer) => this.#receive(chunk));
    child.on("error", (error) => this.#fail(child, error));
    child.stdin.on("error", (error) => this.#fail(child, error));
    child.on("close", () => this.#fail(child, new Error("git cat-file ended")));
    child.stderr.resume();
    this.#child = child;
    return child;
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    for (;;) {
      const head = this.#pending[0];
      const eol = this.#buffer.indexOf(10);
      if (!head || eol < 0) break;
      const [sha, type, size] = this.#buffer.subarray(0, eol).toString("latin1").split(" ");
      if (type === "missing") {
        this.#buffer = this.#buffer.subarray(eol + 1);
        this.#settle(null);
        continue;
      }
      const end = eol + 1 + Number(size);
      if (this.#buffer.length < end + 1) break;
      const bytes = Buffer.from(this.#buffer.subarray(eol + 1, end));
      this.#buffer = this.#buffer.subarray(end + 1);
      if (sha !== head.sha) {
        this.#fail(this.#child, new Error(`git cat-file answered ${sha} for ${head.sha}`));
        return;
      }
      this.#settle(bytes);
    }
  }

  #settle(bytes: Buffer | null): void {
    this.#pending.shift()?.resolve(bytes);
    if (this.#pending.length > 0) return;
    this.#idle = setTimeout(() => this.close(), this.#options.idleMs ?? 2000);
  }

  #fail(child: ChildProcessWithoutNullStreams | undefined, cause: Error): void {
    if (!child || child !== this.#child) return;
    child.stdin.end();
    this.#child = undefined;
    this.#buffer = Buffer.alloc(0);
    const failed = this.#pending.splice(0);
    const error =
      cause.name === "AbortError"
        ? new AppError("unavailable", `Reading ${this.#options.label} was cancelled`)
        : new AppError("unavailable", `git cat-file failed for ${this.#options.label}: ${cause.message}`, {
            cause,
          });
    for (const pending of failed) pending.reject(error);
  }
}
