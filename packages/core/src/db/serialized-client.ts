import type {
  Client,
  InArgs,
  InStatement,
  Replicated,
  ResultSet,
  Transaction,
  TransactionMode,
} from "@libsql/client";
import type { FifoLock } from "./fifo-lock.ts";
import { DurabilityLostError, type WalSync } from "./wal-sync.ts";
import type { WriteLockProbe } from "./write-lock-probe.ts";

/** Statements that only read (a query, or a pragma that sets nothing) need no durability wait. */
function isRead(stmt: InStatement | [string, InArgs?]): boolean {
  const sql = typeof stmt === "string" ? stmt : Array.isArray(stmt) ? stmt[0] : stmt.sql;
  return /^\s*(SELECT|EXPLAIN)\b/i.test(sql) || /^\s*PRAGMA\s+[\w.]+\s*;?\s*$/i.test(sql);
}

/** SQLite's own syncs (before a checkpoint) failing poison the client as ours do. */
const fsyncFailures = new Set(["SQLITE_IOERR_FSYNC", "SQLITE_IOERR_DIR_FSYNC"]);

function isFsyncFailure(err: unknown): boolean {
  const code = (err as { extendedCode?: unknown } | null)?.extendedCode;
  return typeof code === "string" && fsyncFailures.has(code);
}

export interface SerializedClientOptions {
  lock: FifoLock;
  /** Longest wait for the in-process lock, and for another process's write lock. */
  lockTimeoutMs: number;
  prepareConnection: (inner: Client) => Promise<void>;
  /** Makes commits durable (a WAL file with `synchronous = NORMAL`); none for in-memory databases. */
  walSync?: WalSync;
  /** Waits for other processes' write locks off the event loop; none for in-memory databases. */
  writeLock?: WriteLockProbe;
}

/**
 * A local (`file:`) client whose every operation holds the database file's in-process lock, whose
 * writes wait for other processes' locks without blocking the event loop, and whose writes resolve
 * only once durable.
 *
 * Why: the local driver runs SQLite synchronously on the event loop. When one transaction is
 * open (waiting on an `await`) and a second connection of the same process tries to write, the
 * second one's busy handler sleeps on the event loop for the whole busy timeout, so the first can
 * never commit and the second fails with SQLITE_BUSY. Queuing in-process work on an async lock
 * avoids that. Waits for another process (the Api and the Worker share the file) would still sleep
 * on the event loop, and so would the `fsync` in every commit; so a write first waits for the
 * file's write lock on a timer ({@link WriteLockProbe}), and commits are synced by
 * {@link WalSync} on the thread pool once the lock is released, one sync shared by every commit
 * that waits at the same time.
 *
 * A failed sync (ours or SQLite's) poisons the client: the write that waited for it and every
 * operation after it, reads included, fail with {@link DurabilityLostError}, and the listeners
 * given to {@link SerializedClient.onDurabilityLost} hear of it once, so the process can stop
 * serving and be replaced. Reads are refused too because they would serve the commit whose caller
 * was told it failed, from pages that may no longer match the disk.
 */
export class SerializedClient implements Client {
  readonly protocol = "file";
  readonly #inner: Client;
  readonly #lock: FifoLock;
  readonly #lockTimeoutMs: number;
  readonly #prepareConnection: (inner: Client) => Promise<void>;
  readonly #walSync: WalSync | undefined;
  readonly #writeLock: WriteLockProbe | undefined;
  #prepared = false;
  #failure: DurabilityLostError | null = null;
  readonly #failureListeners: Array<(err: DurabilityLostError) => void> = [];

  constructor(inner: Client, options: SerializedClientOptions) {
    this.#inner = inner;
    this.#lock = options.lock;
    this.#lockTimeoutMs = options.lockTimeoutMs;
    this.#prepareConnection = options.prepareConnection;
    this.#walSync = options.walSync;
    this.#writeLock = options.writeLock;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  /** Why the client refuses everything, once a sync has failed. */
  get durabilityFailure(): DurabilityLostError | null {
    return this.#failure;
  }

  /** Calls `listener` once when a sync fails (at once if one has already). */
  onDurabilityLost(listener: (err: DurabilityLostError) => void): void {
    if (this.#failure) listener(this.#failure);
    else this.#failureListeners.push(listener);
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    return this.#exclusive(() => this.#inner.execute(stmt), !isRead(stmt));
  }

  batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode): Promise<ResultSet[]> {
    const writes = mode !== "read" && !stmts.every(isRead);
    return this.#exclusive(() => this.#inner.batch(stmts, mode), writes);
  }

  migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#exclusive(() => this.#inner.migrate(stmts), true);
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#exclusive(() => this.#inner.executeMultiple(sql), true);
  }

  sync(): Promise<Replicated> {
    return this.#exclusive(() => this.#inner.sync(), false);
  }

  /** The transaction holds the lock until it commits, rolls back or closes. */
  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    this.#checkDurable();
    const release = await this.#lock.acquire(this.#lockTimeoutMs);
    try {
      this.#checkDurable();
      await this.#ensurePrepared();
      if (mode === "write") await this.#writeLock?.waitUntilFree(this.#lockTimeoutMs);
      const inner = await this.#inner.transaction(mode);
      return new LockedTransaction(inner, {
        release,
        durable: () => this.#durable(),
        checkDurable: () => this.#checkDurable(),
        failed: (err) => this.#failed(err),
      });
    } catch (err) {
      release();
      throw this.#failed(err);
    }
  }

  reconnect(): void {
    this.#prepared = false;
    void this.#walSync?.close();
    void this.#inner.reconnect();
  }

  close(): void {
    this.#writeLock?.close();
    void this.#walSync?.close();
    this.#inner.close();
  }

  async #exclusive<T>(run: () => Promise<T>, writes: boolean): Promise<T> {
    this.#checkDurable();
    const release = await this.#lock.acquire(this.#lockTimeoutMs);
    let result: T;
    try {
      this.#checkDurable();
      await this.#ensurePrepared();
      if (writes) await this.#writeLock?.waitUntilFree(this.#lockTimeoutMs);
      result = await run();
    } catch (err) {
      throw this.#failed(err);
    } finally {
      release();
    }
    if (writes) await this.#durable();
    return result;
  }

  async #durable(): Promise<void> {
    try {
      await this.#walSync?.sync();
    } catch (err) {
      throw this.#failed(err);
    }
  }

  #checkDurable(): void {
    if (this.#failure) throw this.#failure;
  }

  /** `err`, or the poisoning it causes when it is a failed sync. */
  #failed(err: unknown): unknown {
    if (this.#failure) return err instanceof DurabilityLostError ? err : this.#failure;
    if (!(err instanceof DurabilityLostError) && !isFsyncFailure(err)) return err;
    const failure = err instanceof DurabilityLostError ? err : new DurabilityLostError(err);
    this.#failure = failure;
    for (const listener of this.#failureListeners.splice(0)) listener(failure);
    return failure;
  }

  async #ensurePrepared(): Promise<void> {
    if (this.#prepared) return;
    await this.#prepareConnection(this.#inner);
    this.#prepared = true;
  }
}

/** Calls `listener` once if `db` loses durability (a local file's client); remote clients never do. */
export function onDurabilityLost(db: Client, listener: (err: DurabilityLostError) => void): void {
  if (db instanceof SerializedClient) db.onDurabilityLost(listener);
}

/** Whether `db` is a local file's client (else a remote server's, where each statement is a round trip). */
export function isLocal(db: Client): boolean {
  return db.protocol === "file";
}

/** Why `db` refuses every operation, or null while it works. */
export function durabilityFailure(db: Client): DurabilityLostError | null {
  return db instanceof SerializedClient ? db.durabilityFailure : null;
}

/**
 * Commits `tx`, then runs `alongside` as soon as the commit is visible to other connections, while
 * the commit is made durable; resolves once both are done. Transactions of other clients commit
 * (durably) first.
 */
export async function commitAlongside<T>(tx: Transaction, alongside: () => Promise<T>): Promise<T> {
  if (!(tx instanceof LockedTransaction)) {
    await tx.commit();
    return alongside();
  }
  const durable = await tx.commitVisibly();
  const [result] = await Promise.all([alongside(), durable()]);
  return result;
}

interface LockedTransactionOptions {
  release: () => void;
  durable: () => Promise<void>;
  /** Throws once the client is poisoned. */
  checkDurable: () => void;
  /** The error to throw for `err` (which may poison the client). */
  failed: (err: unknown) => unknown;
}

/**
 * A transaction that gives its lock back exactly once, however it ends, and whose commit resolves
 * once durable when it wrote anything. Once the client is poisoned it runs nothing more, and rolls
 * back instead of committing.
 */
class LockedTransaction implements Transaction {
  readonly #inner: Transaction;
  readonly #release: () => void;
  readonly #durable: () => Promise<void>;
  readonly #checkDurable: () => void;
  readonly #failed: (err: unknown) => unknown;
  #wrote = false;

  constructor(inner: Transaction, options: LockedTransactionOptions) {
    this.#inner = inner;
    this.#release = options.release;
    this.#durable = options.durable;
    this.#checkDurable = options.checkDurable;
    this.#failed = options.failed;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    if (!isRead(stmt)) this.#wrote = true;
    return this.#guard(() => this.#inner.execute(stmt));
  }

  batch(stmts: InStatement[]): Promise<ResultSet[]> {
    if (!stmts.every(isRead)) this.#wrote = true;
    return this.#guard(() => this.#inner.batch(stmts));
  }

  executeMultiple(sql: string): Promise<void> {
    this.#wrote = true;
    return this.#guard(() => this.#inner.executeMultiple(sql));
  }

  async commit(): Promise<void> {
    await (await this.commitVisibly())();
  }

  /** Commits and releases the lock; the returned function waits until the commit is durable. */
  async commitVisibly(): Promise<() => Promise<void>> {
    try {
      this.#checkDurable();
      await this.#inner.commit();
    } catch (err) {
      throw this.#failed(err);
    } finally {
      // Closing rolls back what a refused commit left open.
      this.close();
    }
    return this.#wrote ? this.#durable : () => Promise.resolve();
  }

  async #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      this.#checkDurable();
      return await run();
    } catch (err) {
      throw this.#failed(err);
    }
  }

  async rollback(): Promise<void> {
    try {
      await this.#inner.rollback();
    } finally {
      this.#release();
    }
  }

  close(): void {
    try {
      this.#inner.close();
    } finally {
      this.#release();
    }
  }
}
