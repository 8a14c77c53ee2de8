import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { AppError } from "../errors.ts";

/** The part of an open file WalSync uses. */
export interface SyncableFile {
  datasync(): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** How WalSync opens the log and its directory: `node:fs/promises` unless a test injects faults. */
export interface WalFiles {
  open(path: string, flags: "r"): Promise<SyncableFile>;
}

const nodeFiles: WalFiles = { open: (path, flags) => open(path, flags) };

/**
 * A sync of the log (or of its directory) failed. On Linux a failed `fsync` may have dropped the
 * dirty pages it was writing and marked them clean, so a later sync that succeeds proves nothing:
 * commits made after the lost frame would sit behind it on disk. Nothing may be acknowledged after
 * this, so every later write (and read: they would serve the commit that failed) of the client
 * fails with this error until the process is replaced.
 */
export class DurabilityLostError extends AppError {
  override name = "DurabilityLostError";
  /** Always this reason, so logs and callers can tell it from a dependency that is merely down. */
  readonly reason = "durability_lost";

  constructor(cause: unknown) {
    super(
      "unavailable",
      "The database could not make a write durable; this instance stops serving and is being replaced",
      { retryAfter: 5, cause },
    );
  }
}

/**
 * Makes committed transactions of a WAL database durable off the event loop: one `fdatasync` of
 * the `-wal` file (on libuv's thread pool) covers every commit made before it started, so commits
 * that wait at the same time share one. The connection runs with `synchronous = NORMAL`, which
 * differs from FULL only in not syncing the WAL at each commit; a commit is acknowledged once
 * {@link WalSync.sync} resolves after it, which gives FULL's guarantee without blocking the loop.
 *
 * A failed sync poisons it for good (see {@link DurabilityLostError}): that sync and every later
 * one reject, and {@link WalSync.failure} says why. Failing to open the log does not poison: no
 * sync ran, so nothing was dropped, and the next sync covers the same commits.
 *
 * The log stays open between syncs: SQLite deletes or replaces it only when the last connection to
 * the database closes, and the client's own stays open until `close` (or a reconnect, which calls
 * `close` too). When it is first opened, its directory is synced as well, as SQLite does for a
 * new log.
 */
export class WalSync {
  readonly #walPath: string;
  readonly #files: WalFiles;
  readonly #syncFiles: () => Promise<void>;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #wal: Promise<SyncableFile | null> | null = null;
  #failure: DurabilityLostError | null = null;

  /**
   * `files` replaces the file system (to inject faults); `syncFiles` replaces the whole sync, for
   * tests of the scheduling.
   */
  constructor(databasePath: string, options: { files?: WalFiles; syncFiles?: () => Promise<void> } = {}) {
    this.#walPath = `${databasePath}-wal`;
    this.#files = options.files ?? nodeFiles;
    this.#syncFiles = options.syncFiles ?? (() => this.#syncWal());
  }

  /** Why syncs fail for good, once one has. */
  get failure(): DurabilityLostError | null {
    return this.#failure;
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
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
    await (await wal?.catch(() => null))?.close().catch(() => {});
  }

  #startQueued(): Promise<void> {
    this.#queued = null;
    if (this.#failure) return Promise.reject(this.#failure);
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
    else await this.#fsync(() => wal.datasync());
  }

  async #openWal(): Promise<SyncableFile | null> {
    const wal = await this.#files.open(this.#walPath, "r").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return null;
      throw err;
    });
    if (wal)
      await this.#syncDirectory(dirname(this.#walPath)).catch(async (err: unknown) => {
        await wal.close().catch(() => {});
        throw err;
      });
    return wal;
  }

  async #syncDirectory(path: string): Promise<void> {
    const directory = await this.#files.open(path, "r");
    try {
      await this.#fsync(() => directory.sync());
    } finally {
      await directory.close().catch(() => {});
    }
  }

  /** Runs one fsync; its failure poisons this WalSync. */
  async #fsync(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.#failure ??= new DurabilityLostError(err);
      throw this.#failure;
    }
  }
}
