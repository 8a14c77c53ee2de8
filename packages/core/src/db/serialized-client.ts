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

/**
 * A local (`file:`) client whose every operation holds the database file's in-process lock.
 *
 * Why: the local driver runs SQLite synchronously on the event loop. When one transaction is
 * open (waiting on an `await`) and a second connection of the same process tries to write, the
 * second one's busy handler sleeps on the event loop for the whole busy timeout, so the first can
 * never commit and the second fails with SQLITE_BUSY. Queuing in-process work on an async lock
 * leaves the busy timeout to do what it is for: waiting on other processes.
 */
export class SerializedClient implements Client {
  readonly protocol = "file";
  readonly #inner: Client;
  readonly #lock: FifoLock;
  readonly #lockTimeoutMs: number;
  readonly #prepareConnection: (inner: Client) => Promise<void>;
  #prepared = false;

  constructor(
    inner: Client,
    options: { lock: FifoLock; lockTimeoutMs: number; prepareConnection: (inner: Client) => Promise<void> },
  ) {
    this.#inner = inner;
    this.#lock = options.lock;
    this.#lockTimeoutMs = options.lockTimeoutMs;
    this.#prepareConnection = options.prepareConnection;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    return this.#exclusive(() => this.#inner.execute(stmt));
  }

  batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode): Promise<ResultSet[]> {
    return this.#exclusive(() => this.#inner.batch(stmts, mode));
  }

  migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#exclusive(() => this.#inner.migrate(stmts));
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#exclusive(() => this.#inner.executeMultiple(sql));
  }

  sync(): Promise<Replicated> {
    return this.#exclusive(() => this.#inner.sync());
  }

  /** The transaction holds the lock until it commits, rolls back or closes. */
  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    const release = await this.#lock.acquire(this.#lockTimeoutMs);
    try {
      await this.#ensurePrepared();
      return new LockedTransaction(await this.#inner.transaction(mode), release);
    } catch (err) {
      release();
      throw err;
    }
  }

  reconnect(): void {
    this.#prepared = false;
    void this.#inner.reconnect();
  }

  close(): void {
    this.#inner.close();
  }

  async #exclusive<T>(run: () => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire(this.#lockTimeoutMs);
    try {
      await this.#ensurePrepared();
      return await run();
    } finally {
      release();
    }
  }

  async #ensurePrepared(): Promise<void> {
    if (this.#prepared) return;
    await this.#prepareConnection(this.#inner);
    this.#prepared = true;
  }
}

/** A transaction that gives its lock back exactly once, however it ends. */
class LockedTransaction implements Transaction {
  readonly #inner: Transaction;
  readonly #release: () => void;

  constructor(inner: Transaction, release: () => void) {
    this.#inner = inner;
    this.#release = release;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.#inner.execute(
      typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql,
    );
  }

  batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.#inner.batch(stmts);
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#inner.executeMultiple(sql);
  }

  async commit(): Promise<void> {
    try {
      await this.#inner.commit();
    } finally {
      this.#release();
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
