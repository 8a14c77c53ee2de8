import { setTimeout as sleep } from "node:timers/promises";
import Database from "libsql";

/**
 * Waits on a timer, never inside SQLite, for another process to let go of a database file's write
 * lock. SQLite's busy handler sleeps inside the call, on the event loop, freezing every request of
 * the process (1, 2, 5, 10 ms ... per wait); a busy_timeout of 0 on the main connection would fail
 * the write half-way instead. So a connection of its own, with busy_timeout 0, takes the lock with
 * BEGIN IMMEDIATE and gives it back at once. Once it got the lock, the real write follows at once,
 * and the main connection's busy timeout only covers the rare race.
 */
export class WriteLockProbe {
  readonly #path: string;
  #probe: InstanceType<typeof Database>;

  constructor(path: string) {
    this.#path = path;
    this.#probe = new Database(path, { timeout: 0 });
  }

  /** Resolves once the lock was free; rejects with SQLITE_BUSY after `timeoutMs`. */
  async waitUntilFree(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let tries = 1; ; tries++) {
      try {
        this.#probe.exec("BEGIN IMMEDIATE");
      } catch (err) {
        if (!isBusy(err) || Date.now() >= deadline) throw err;
        await sleep(Math.min(tries, 5));
        continue;
      }
      this.#letGo();
      return;
    }
  }

  /** Gives the lock back; a probe that kept it would stop every writer, so failing that, reconnects. */
  #letGo(): void {
    try {
      this.#probe.exec("ROLLBACK");
    } catch (err) {
      this.#probe.close();
      this.#probe = new Database(this.#path, { timeout: 0 });
      throw err;
    }
  }

  close(): void {
    if (this.#probe.open) this.#probe.close();
  }
}

/** SQLITE_BUSY or one of its extended codes. */
function isBusy(err: unknown): boolean {
  if (!(err instanceof Database.SqliteError)) return false;
  const rawCode = (err as { rawCode?: number }).rawCode;
  return rawCode === undefined ? err.code.startsWith("SQLITE_BUSY") : (rawCode & 0xff) === 5;
}
