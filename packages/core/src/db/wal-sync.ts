import { open } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Makes committed transactions of a WAL database durable off the event loop: one `fdatasync` of
 * the `-wal` file (on libuv's thread pool) covers every commit made before it started, so commits
 * that wait at the same time share one. The connection runs with `synchronous = NORMAL`, which
 * differs from FULL only in not syncing the WAL at each commit; a commit is acknowledged once
 * {@link WalSync.sync} resolves after it, which gives FULL's guarantee without blocking the loop.
 * A WAL file seen for the first time also gets its directory synced, as SQLite does.
 */
export class WalSync {
  readonly #walPath: string;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #syncedInode: number | null = null;
  readonly #syncFiles: () => Promise<void>;

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
    const wal = await open(this.#walPath, "r").catch((err: NodeJS.ErrnoException) => {
      // No log yet: nothing was ever committed to it (a pragma, an empty database).
      if (err.code === "ENOENT") return null;
      throw err;
    });
    if (!wal) return;
    try {
      await wal.datasync();
      const { ino } = await wal.stat();
      if (ino === this.#syncedInode) return;
      await syncDirectory(dirname(this.#walPath));
      this.#syncedInode = ino;
    } finally {
      await wal.close();
    }
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
