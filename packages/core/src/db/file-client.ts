import {
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  LibsqlBatchError,
  LibsqlError,
  type Replicated,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
  type Value,
} from "@libsql/client";
import Database from "libsql";

type Connection = InstanceType<typeof Database>;
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
    const db = this.#idle();
    try {
      db.exec(beginStatement(mode));
      const results = this.#runAll(db, stmts);
      db.exec("COMMIT");
      return results;
    } catch (err) {
      throw toLibsqlError(err);
    } finally {
      this.#release(db);
    }
  }

  /** Runs the statements in one transaction with foreign keys off, as `@libsql/client` does. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    const db = this.#idle();
    this.#statements.clear();
    try {
      db.exec("PRAGMA foreign_keys = off");
      db.exec("BEGIN DEFERRED");
      const results = this.#runAll(db, stmts);
      db.exec("COMMIT");
      return results;
    } catch (err) {
      throw toLibsqlError(err);
    } finally {
      this.#release(db);
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

interface TransactionConnection {
  run(stmt: InStatement | string, args?: InArgs): ResultSet;
  runAll(stmts: Array<InStatement | [string, InArgs?]>): ResultSet[];
  executeMultiple(sql: string): void;
  /** Rolls back what is left open and gives the connection back to the client. */
  end(): void;
}

/** An open transaction on the client's connection, which it holds until it commits, rolls back or closes. */
class FileTransaction implements Transaction {
  readonly #db: Connection;
  readonly #connection: TransactionConnection;
  #ended = false;

  constructor(db: Connection, connection: TransactionConnection) {
    this.#db = db;
    this.#connection = connection;
  }

  get closed(): boolean {
    return this.#ended || !this.#db.open || !this.#db.inTransaction;
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    this.#checkOpen();
    return this.#connection.run(stmtOrSql, args);
  }

  async batch(stmts: Array<InStatement | [string, InArgs?]>): Promise<ResultSet[]> {
    this.#checkOpen();
    return this.#connection.runAll(stmts);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen();
    this.#connection.executeMultiple(sql);
  }

  async commit(): Promise<void> {
    this.#checkOpen();
    try {
      this.#connection.run("COMMIT");
    } finally {
      this.#end();
    }
  }

  async rollback(): Promise<void> {
    if (this.#ended) return;
    this.#end();
  }

  close(): void {
    this.#end();
  }

  /** The client closed under the transaction: nothing more may run through it. */
  abandon(): void {
    this.#ended = true;
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#connection.end();
  }

  #checkOpen(): void {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
  }
}

class FileResultSet implements ResultSet {
  readonly columns: string[];
  readonly columnTypes: string[];
  readonly rows: Row[];
  readonly rowsAffected: number;
  readonly lastInsertRowid: bigint | undefined;

  constructor(
    columns: string[],
    columnTypes: string[],
    rows: Row[],
    rowsAffected: number,
    lastInsertRowid: bigint | undefined,
  ) {
    this.columns = columns;
    this.columnTypes = columnTypes;
    this.rows = rows;
    this.rowsAffected = rowsAffected;
    this.lastInsertRowid = lastInsertRowid;
  }

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.from(row as ArrayLike<Value>, jsonValue)),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid?.toString() ?? null,
    };
  }
}

function jsonValue(value: Value): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString("base64");
  return value;
}

function beginStatement(mode: TransactionMode): string {
  if (mode === "write") return "BEGIN IMMEDIATE";
  if (mode === "read") return "BEGIN TRANSACTION READONLY";
  if (mode === "deferred") return "BEGIN DEFERRED";
  throw new RangeError('Unknown transaction mode; use "write", "read" or "deferred"');
}

/** Positional values, or named ones without their `:`, `@` or `$`, as the driver takes them. */
type DriverArgs = unknown[] | Record<string, unknown>;

function normalise(stmtOrSql: InStatement | string, args?: InArgs): { sql: string; args: DriverArgs } {
  const stmt = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
  const given = stmt.args ?? [];
  if (Array.isArray(given)) return { sql: stmt.sql, args: given.map(toSqlValue) };
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const bare = name[0] === "@" || name[0] === "$" || name[0] === ":" ? name.slice(1) : name;
    named[bare] = toSqlValue(value);
  }
  return { sql: stmt.sql, args: named };
}

const minInteger = -9223372036854775808n;
const maxInteger = 9223372036854775807n;

function toSqlValue(value: InValue | undefined): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
    }
    return value;
  }
  if (typeof value === "bigint") {
    if (value < minInteger || value > maxInteger) {
      throw new RangeError(
        "bigint is too large to be represented as a 64-bit integer and passed as argument",
      );
    }
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

function columnsOf(stmt: Prepared): Columns {
  const definitions = stmt.columns();
  return { columns: definitions.map((c) => c.name), columnTypes: definitions.map((c) => c.type ?? "") };
}

/** A row as `@libsql/client` gives it: values by index (not enumerable) and by column name. */
function toRow(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, Value> = {};
  Object.defineProperty(row, "length", { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = fromSqlValue(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i] as string;
    if (!Object.hasOwn(row, column)) {
      Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
    }
  }
  return row as unknown as Row;
}

function fromSqlValue(value: unknown): Value {
  if (typeof value === "bigint") {
    if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    }
    return Number(value);
  }
  if (Buffer.isBuffer(value)) {
    // The driver's buffer may be a view into a larger one.
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  }
  return value as Value;
}

/** The driver's errors as `LibsqlError`s with SQLite's base code, like `@libsql/client`'s. */
function toLibsqlError(err: unknown): unknown {
  if (err instanceof LibsqlError || !(err instanceof Database.SqliteError)) return err;
  const rawCode = (err as { rawCode?: number }).rawCode;
  return new LibsqlError(err.message, baseCode(rawCode), err.code, rawCode, err);
}

const baseCodes = [
  "SQLITE_OK",
  "SQLITE_ERROR",
  "SQLITE_INTERNAL",
  "SQLITE_PERM",
  "SQLITE_ABORT",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_NOMEM",
  "SQLITE_READONLY",
  "SQLITE_INTERRUPT",
  "SQLITE_IOERR",
  "SQLITE_CORRUPT",
  "SQLITE_NOTFOUND",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_PROTOCOL",
  "SQLITE_EMPTY",
  "SQLITE_SCHEMA",
  "SQLITE_TOOBIG",
  "SQLITE_CONSTRAINT",
  "SQLITE_MISMATCH",
  "SQLITE_MISUSE",
  "SQLITE_NOLFS",
  "SQLITE_AUTH",
  "SQLITE_FORMAT",
  "SQLITE_RANGE",
  "SQLITE_NOTADB",
  "SQLITE_NOTICE",
  "SQLITE_WARNING",
];

/** Extended codes are `base | (n << 8)`. */
function baseCode(rawCode: number | undefined): string {
  if (rawCode === undefined) return "SQLITE_UNKNOWN";
  return baseCodes[rawCode & 0xff] ?? `SQLITE_UNKNOWN_${rawCode & 0xff}`;
}
