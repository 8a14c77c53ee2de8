import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Makes committed transactions of a WAL database durable off the event loop: one `fdatasync` of
 * the `-wal` file (on libuv's thread pool) covers every commit made before it started, so commits
 * that wait at the same time share one. The connection runs with `synchronous = NORMAL`, which
 * differs from FULL only in not syncing the WAL at each commit; a commit is acknowledged once
 * {@link WalSync.sync} resolves after it, which gives FULL's guarantee without blocking the loop.
 *
 * The log stays open between syncs: SQLite deletes or replaces it only when the last connection to
 * the database closes, and the client's own stays open until `close` (or a reconnect, which calls
 * `close` too). When it is first opened, its directory is synced as well, as SQLite does for a
 * new log.
 */
export class WalSync {
  readonly #walPath: string;
  readonly #syncFiles: () => Promise<void>;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #wal: Promise<FileHandle | null> | null = null;

  /** `syncFiles` replaces the file system calls, for tests. */
  constructor(databasePath: string, syncFiles?: () => Promise<void>) {
    this.#walPath = `${databasePath}-wal`;
    this.#syncFiles = syncFiles ?? (() => this.#syncWal());
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (!this.#running) return this.#start();
    // The sync in flight may have started before the caller's commit: wait for the next one.
    this.#queued ??= this.#running.then(
      () => this.#startQueued(),
      () => this.#startQueued(),
    );
    return this.#queued;
  }

  /** Closes the log after the sync in flight; the next sync opens it again. */
  async close(): Promise<void> {
    await this.#running?.catch(() => {});
    const wal = this.#wal;
    this.#wal = null;
    await (await wal?.catch(() => null))?.close();
  }

  #startQueued(): Promise<void> {
    this.#queued = null;
    return this.#start();
  }

  #start(): Promise<void> {
    const running = this.#syncFiles().finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
    return running;
  }

  async #syncWal(): Promise<void> {
    this.#wal ??= this.#openWal();
    const wal = await this.#wal.catch((err: unknown) => {
      this.#wal = null;
      throw err;
    });
    // No log yet: nothing was ever committed to it (a pragma, an empty database).
    if (!wal) this.#wal = null;
    else await wal.datasync();
  }

  async #openWal(): Promise<FileHandle | null> {
    const wal = await open(this.#walPath, "r").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return null;
      throw err;
    });
    if (wal)
      await syncDirectory(dirname(this.#walPath)).catch(async (err: unknown) => {
        await wal.close();
        throw err;
      });
    return wal;
  }
}

async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
