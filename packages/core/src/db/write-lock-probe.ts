import { setTimeout as sleep } from "node:timers/promises";
import { type Client, createClient } from "@libsql/client";

/**
 * Waits on a timer, never inside SQLite, for another process to let go of a database file's write
 * lock. SQLite's busy handler sleeps inside the call, on the event loop, freezing every request of
 * the process (1, 2, 5, 10 ms ... per wait); a busy_timeout of 0 would fail instead, but the driver
 * leaves a statement that failed busy unfinished, and the connection's next COMMIT then fails. So a
 * connection of its own, with busy_timeout 0, takes the lock with BEGIN IMMEDIATE and gives it back
 * at once (a statement run this way ends with it, however it ends). Once it got the lock, the real
 * write follows at once, and the connection's own busy timeout only covers the rare race.
 */
export class WriteLockProbe {
  readonly #probe: Client;

  constructor(url: string) {
    this.#probe = createClient({ url, timeout: 0, concurrency: 1 });
  }

  /** Resolves once the lock was free; rejects with SQLITE_BUSY after `timeoutMs`. */
  async waitUntilFree(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let tries = 1; ; tries++) {
      try {
        // The pool rolls the transaction back as soon as the call returns the connection.
        await this.#probe.executeMultiple("BEGIN IMMEDIATE");
        return;
      } catch (err) {
        if (!isBusy(err) || Date.now() >= deadline) throw err;
        await sleep(Math.min(tries, 5));
      }
    }
  }

  close(): void {
    this.#probe.close();
  }
}

function isBusy(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "SQLITE_BUSY";
}
