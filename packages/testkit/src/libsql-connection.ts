import Database from "libsql";
import {
  fromWire,
  ProtocolError,
  type Stmt,
  type StmtResult,
  StreamRequestError,
  toWire,
} from "./libsql-wire.ts";

type Driver = InstanceType<typeof Database>;
type Prepared = ReturnType<Driver["prepare"]>;

const statementCacheSize = 128;

/**
 * One SQLite connection of the stand-in (a Hrana stream holds one while it lives), with its
 * prepared statements cached. Foreign keys are on, as sqld builds SQLite with
 * `SQLITE_DEFAULT_FOREIGN_KEYS=1`; `busy_timeout` is 0 because a wait inside the driver would
 * sleep on the event loop that every other stream needs: writers queue on {@link WriteLock} instead.
 */
export class Connection {
  readonly #db: Driver;
  readonly #statements = new Map<string, { stmt: Prepared; reader: boolean }>();
  readonly #changes: Prepared;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.exec("PRAGMA busy_timeout = 0");
    this.#db.exec("PRAGMA foreign_keys = ON");
    this.#changes = this.#db.prepare("SELECT changes(), last_insert_rowid()");
    this.#changes.raw(true);
    this.#changes.safeIntegers(true);
  }

  /** True outside an explicit transaction. */
  get autocommit(): boolean {
    return !this.#db.inTransaction;
  }

  /** Runs one statement (its SQL already resolved from `sql_id`). */
  execute(sql: string, stmt: Stmt): StmtResult {
    const started = performance.now();
    const args = bindArgs(stmt);
    const { stmt: prepared, reader } = this.#prepare(sql);
    let rows: unknown[][] = [];
    let affected = 0;
    let rowid: string | null = null;
    try {
      if (reader) {
        rows = prepared.all(args) as unknown[][];
        if (mayWrite(sql)) [affected, rowid] = this.#lastChanges();
      } else {
        const info = prepared.run(args) as { changes: number; lastInsertRowid: number | bigint };
        affected = info.changes;
        rowid = String(info.lastInsertRowid);
      }
    } catch (err) {
      throw sqliteError(err);
    }
    const cols = reader
      ? prepared
          .columns()
          .map((c: { name: string; type: string | null }) => ({ name: c.name, decltype: c.type }))
      : [];
    return {
      cols,
      rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(toWire)),
      affected_row_count: affected,
      last_insert_rowid: rowid,
      rows_read: reader ? rows.length : 0,
      rows_written: affected,
      query_duration_ms: performance.now() - started,
    };
  }

  /** Runs several `;`-separated statements, ignoring their rows. */
  sequence(sql: string): void {
    this.#statements.clear();
    try {
      this.#db.exec(sql);
    } catch (err) {
      throw sqliteError(err);
    }
  }

  /** Parameters and result columns of a statement, without running it. */
  describe(sql: string) {
    const { stmt, reader } = this.#prepare(sql);
    const cols = reader
      ? stmt.columns().map((c: { name: string; type: string | null }) => ({ name: c.name, decltype: c.type }))
      : [];
    return {
      params: parameterNames(sql).map((name) => ({ name })),
      cols,
      is_explain: /^\s*EXPLAIN\b/i.test(sql),
      is_readonly: !mayWrite(sql),
    };
  }

  /** Ends any open transaction (a stream closed or expired inside one). */
  rollback(): void {
    if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
  }

  close(): void {
    this.#db.close();
  }

  #lastChanges(): [number, string] {
    const [changes, rowid] = (this.#changes.all([]) as [bigint, bigint][])[0] ?? [0n, 0n];
    return [Number(changes), String(rowid)];
  }

  #prepare(sql: string): { stmt: Prepared; reader: boolean } {
    const hit = this.#statements.get(sql);
    if (hit) return hit;
    let stmt: Prepared;
    try {
      stmt = this.#db.prepare(sql);
    } catch (err) {
      throw sqliteError(err);
    }
    stmt.safeIntegers(true);
    const reader = stmt.reader;
    if (reader) stmt.raw(true);
    const entry = { stmt, reader };
    // Schema changes may change what a cached statement returns.
    if (/^\s*(CREATE|ALTER|DROP)\b/i.test(sql)) this.#statements.clear();
    else {
      if (this.#statements.size >= statementCacheSize) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, entry);
    }
    return entry;
  }
}

function bindArgs(stmt: Stmt): unknown[] | Record<string, unknown> {
  const positional = stmt.args ?? [];
  const named = stmt.named_args ?? [];
  if (positional.length > 0 && named.length > 0) {
    throw new StreamRequestError(
      "Specifying both positional and named arguments is not supported",
      "ARGS_BOTH_POSITIONAL_AND_NAMED",
    );
  }
  if (named.length === 0) return positional.map(fromWire);
  const bound: Record<string, unknown> = {};
  for (const arg of named) {
    if (typeof arg?.name !== "string") throw new ProtocolError("A named argument needs a `name`");
    const bare = /^[:@$]/.test(arg.name) ? arg.name.slice(1) : arg.name;
    bound[bare] = fromWire(arg.value);
  }
  return bound;
}

/**
 * Whether a statement may write, so its stream must hold the write lock first. Reads that start
 * a deferred transaction take it later, at their first write, exactly as SQLite upgrades them.
 */
export function mayWrite(sql: string): boolean {
  const text = stripLeadingComments(sql);
  const word = /^[A-Za-z]+/.exec(text)?.[0]?.toUpperCase() ?? "";
  switch (word) {
    case "SELECT":
    case "VALUES":
    case "EXPLAIN":
    case "COMMIT":
    case "END":
    case "ROLLBACK":
    case "RELEASE":
    case "SAVEPOINT":
      return false;
    case "BEGIN":
      return /^BEGIN\s+(IMMEDIATE|EXCLUSIVE)\b/i.test(text);
    case "PRAGMA":
      return text.includes("=");
    case "WITH":
      return /\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(text);
    default:
      return true;
  }
}

function stripLeadingComments(sql: string): string {
  let text = sql.trimStart();
  for (;;) {
    if (text.startsWith("--")) text = text.slice(text.indexOf("\n") + 1 || text.length).trimStart();
    else if (text.startsWith("/*")) text = text.slice(text.indexOf("*/") + 2 || text.length).trimStart();
    else return text;
  }
}

/** SQLite's parameter names in order (`?` is nameless), skipping strings, identifiers and comments. */
function parameterNames(sql: string): (string | null)[] {
  const names: (string | null)[] = [];
  const pattern =
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?\*\/|\?\d*|[:@$][A-Za-z_]\w*/g;
  for (const match of sql.matchAll(pattern)) {
    const token = match[0];
    if (token === "?") names.push(null);
    else if (/^\?\d+$/.test(token)) {
      const index = Number(token.slice(1));
      while (names.length < index) names.push(null);
      names[index - 1] = token;
    } else if (/^[:@$]/.test(token) && !names.includes(token)) names.push(token);
  }
  return names;
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
];

/** A driver error as sqld reports it: the primary result code, and parse errors as SQL_PARSE_ERROR. */
export function sqliteError(err: unknown): StreamRequestError {
  if (err instanceof StreamRequestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const rawCode = (err as { rawCode?: number }).rawCode;
  if (rawCode === 1 && /syntax error|incomplete input|unrecognized token/.test(message)) {
    return new StreamRequestError(`SQL string could not be parsed: ${message}`, "SQL_PARSE_ERROR");
  }
  const code = rawCode === undefined ? "SQLITE_UNKNOWN" : (baseCodes[rawCode & 0xff] ?? "SQLITE_UNKNOWN");
  return new StreamRequestError(`SQLite error: ${message}`, code);
}
