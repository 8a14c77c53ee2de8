import {
  type Client,
  type InArgs,
  type InStatement,
  LibsqlBatchError,
  LibsqlError,
  type Replicated,
  type ResultSet,
  type Transaction,
  type TransactionMode,
} from "@libsql/client";
import Database from "libsql";
import {
  beginStatement,
  type Connection,
  FileResultSet,
  normalise,
  toLibsqlError,
  toRow,
} from "./driver-values.ts";
import { FileTransaction } from "./file-transaction.ts";

type Prepared = ReturnType<Connection["prepare"]>;

/** The names and declared types of a statement's result columns. */
interface Columns {
  columns: string[];
  columnTypes: string[];
}

/** A prepared statement with what it reveals about its results worked out once. */
interface CachedStatement {
  stmt: Prepared;
  reader: boolean;
  /**
   * A reader's columns, or null when they depend on the schema (`SELECT *`): another connection
   * may add a column, and SQLite then prepares the statement again by itself.
   */
  columns: Columns | null;
}

/** Enough for every statement the app writes, with room for a few generated ones. */
const statementCacheSize = 256;

/**
 * A `Client` for one local SQLite file (or `:memory:`) over one connection of the libsql driver,
 * with its prepared statements cached. `@libsql/client`'s local client prepares every statement
 * again on every call, and finds out whether it returns rows by catching an exception; on a chat
 * turn that was about a third of the time the Api and the Worker spend in SQLite.
 *
 * One connection means no concurrency of its own: it is meant to sit under {@link
 * SerializedClient}, which queues every operation; an operation attempted while a transaction holds
 * the connection fails with `TRANSACTION_ACTIVE` instead of running inside that transaction.
 * Results, errors (`LibsqlError` with SQLite's codes) and the integer mode ("number": integers
 * beyond 2^53 throw) match `@libsql/client`.
 */
export class FileClient implements Client {
  readonly protocol = "file";
  readonly #path: string;
  readonly #timeoutMs: number;
  #db: Connection | null;
  #statements = new Map<string, CachedStatement>();
  #transaction: FileTransaction | null = null;
  /** A failed migration could not switch foreign keys back on yet. */
  #foreignKeysOff = false;

  /** `timeoutMs` is how long a write waits for another connection's lock (SQLite's busy timeout). */
  constructor(path: string, options: { timeoutMs: number }) {
    this.#path = path;
    this.#timeoutMs = options.timeoutMs;
    this.#db = this.#open();
  }

  get closed(): boolean {
    return this.#db === null;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.#run(this.#idle(), stmtOrSql, args);
  }

  async batch(
    stmts: Array<InStatement | [string, InArgs?]>,
    mode: TransactionMode = "deferred",
  ): Promise<ResultSet[]> {
    return this.#runInTransaction(this.#idle(), beginStatement(mode), stmts);
  }

  /** Runs the statements in one transaction with foreign keys off, as `@libsql/client` does. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    const db = this.#idle();
    this.#statements.clear();
    try {
      db.exec("PRAGMA foreign_keys = off");
      return this.#runInTransaction(db, "BEGIN DEFERRED", stmts);
    } finally {
      // Inside a transaction the pragma would do nothing: then the recovery in #idle sets it.
      if (db.inTransaction) this.#foreignKeysOff = true;
      else db.exec("PRAGMA foreign_keys = on");
      this.#statements.clear();
    }
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    const db = this.#idle();
    try {
      db.exec(beginStatement(mode));
    } catch (err) {
      throw toLibsqlError(err);
    }
    const tx = new FileTransaction(db, {
      run: (stmt, args) => this.#run(db, stmt, args),
      runAll: (stmts) => this.#runAll(db, stmts),
      executeMultiple: (sql) => this.#executeMultiple(db, sql),
      end: () => {
        this.#release(db);
        if (this.#transaction === tx) this.#transaction = null;
      },
    });
    this.#transaction = tx;
    return tx;
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#executeMultiple(this.#idle(), sql);
  }

  async sync(): Promise<Replicated> {
    throw new LibsqlError("Only embedded replicas sync; this is a plain local file", "SYNC_NOT_SUPPORTED");
  }

  /** Closes the connection (rolling back an open transaction) and opens a new one. */
  reconnect(): void {
    this.close();
    this.#db = this.#open();
  }

  close(): void {
    const db = this.#db;
    if (!db) return;
    this.#db = null;
    this.#transaction?.abandon();
    this.#transaction = null;
    // Rolled back first: a connection closed while prepared statements are still alive lives on
    // until they are collected, and would keep an open transaction's locks that long.
    this.#release(db);
    this.#statements.clear();
    if (db.open) db.close();
  }

  /**
   * Takes `db` out of any transaction it is left in. Should the rollback fail, the next operation
   * tries again before it runs (see {@link #idle}), and fails if it cannot.
   */
  #release(db: Connection): void {
    if (!db.open || !db.inTransaction) return;
    try {
      db.exec("ROLLBACK");
    } catch {
      // Left for the next operation, which must not run inside this transaction.
    }
  }

  #open(): Connection {
    try {
      return new Database(this.#path, { timeout: this.#timeoutMs });
    } catch (err) {
      throw toLibsqlError(err);
    }
  }

  /** The connection, when no transaction holds it. */
  #idle(): Connection {
    const db = this.#db;
    if (!db) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
    if (this.#transaction) {
      throw new LibsqlError(
        "A transaction holds this client's one connection; commit or roll it back first",
        "TRANSACTION_ACTIVE",
      );
    }
    if (db.inTransaction) {
      // An earlier transaction whose rollback failed: never run anything inside it.
      try {
        db.exec("ROLLBACK");
        if (this.#foreignKeysOff) db.exec("PRAGMA foreign_keys = on");
        this.#foreignKeysOff = false;
      } catch (err) {
        throw toLibsqlError(err);
      }
    }
    return db;
  }

  #run(db: Connection, stmtOrSql: InStatement | string, args?: InArgs): ResultSet {
    const { sql, args: values } = normalise(stmtOrSql, args);
    try {
      const cached = this.#prepare(db, sql);
      if (!cached.reader) {
        const info = cached.stmt.run(values);
        return new FileResultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
      }
      const raw = cached.stmt.all(values) as unknown[][];
      const { columns, columnTypes } = cached.columns ?? columnsOf(cached.stmt);
      const rows = raw.map((row) => toRow(row, columns));
      return new FileResultSet(columns, columnTypes, rows, 0, undefined);
    } catch (err) {
      throw toLibsqlError(err);
    }
  }

  /** `begin`, the statements and COMMIT; whatever fails, the connection leaves the transaction. */
  #runInTransaction(
    db: Connection,
    begin: string,
    stmts: Array<InStatement | [string, InArgs?]>,
  ): ResultSet[] {
    try {
      db.exec(begin);
      const results = this.#runAll(db, stmts);
      db.exec("COMMIT");
      return results;
    } catch (err) {
      throw toLibsqlError(err);
    } finally {
      this.#release(db);
    }
  }

  /** Each statement in turn; a failure names the statement it happened at. */
  #runAll(db: Connection, stmts: Array<InStatement | [string, InArgs?]>): ResultSet[] {
    const results: ResultSet[] = [];
    for (const [i, stmt] of stmts.entries()) {
      if (!db.inTransaction) {
        throw new LibsqlBatchError("The transaction has been rolled back", i, "TRANSACTION_CLOSED");
      }
      try {
        results.push(Array.isArray(stmt) ? this.#run(db, stmt[0], stmt[1]) : this.#run(db, stmt));
      } catch (err) {
        const e = toLibsqlError(err);
        if (!(e instanceof LibsqlError) || e instanceof LibsqlBatchError) throw e;
        throw new LibsqlBatchError(e.message, i, e.code, e.extendedCode, e.rawCode, e);
      }
    }
    return results;
  }

  #executeMultiple(db: Connection, sql: string): void {
    // Schema changes may change what a cached `SELECT *` returns.
    this.#statements.clear();
    try {
      db.exec(sql);
    } catch (err) {
      throw toLibsqlError(err);
    }
  }

  #prepare(db: Connection, sql: string): CachedStatement {
    const hit = this.#statements.get(sql);
    if (hit) {
      // Most recently used last, so the oldest entry is the first to go.
      this.#statements.delete(sql);
      this.#statements.set(sql, hit);
      return hit;
    }
    const stmt = db.prepare(sql);
    stmt.safeIntegers(true);
    const reader = stmt.reader;
    if (reader) stmt.raw(true);
    const columns = reader && !sql.includes("*") ? columnsOf(stmt) : null;
    const cached = { stmt, reader, columns };
    if (/^\s*(CREATE|ALTER|DROP)\b/i.test(sql)) this.#statements.clear();
    else {
      if (this.#statements.size >= statementCacheSize) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, cached);
    }
    return cached;
  }
}

function columnsOf(stmt: Prepared): Columns {
  const definitions = stmt.columns();
  return { columns: definitions.map((c) => c.name), columnTypes: definitions.map((c) => c.type ?? "") };
}
