import {
  type InArgs,
  type InStatement,
  type InValue,
  LibsqlError,
  type ResultSet,
  type Row,
  type TransactionMode,
  type Value,
} from "@libsql/client";
import Database from "libsql";
import { visibleText } from "./text-values.ts";

// Conversions between what `@libsql/client` callers pass and get (values, rows, results, errors)
// and what the libsql driver takes and gives, so that FileClient answers exactly as that client.

/** One connection of the libsql driver. */
export type Connection = InstanceType<typeof Database>;

/** A statement's result, shaped (and serialised by `toJSON`) as `@libsql/client`'s. */
export class FileResultSet implements ResultSet {
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

/** The statement that opens a transaction of `mode`, as `@libsql/client` maps them. */
export function beginStatement(mode: TransactionMode): string {
  if (mode === "write") return "BEGIN IMMEDIATE";
  if (mode === "read") return "BEGIN TRANSACTION READONLY";
  if (mode === "deferred") return "BEGIN DEFERRED";
  throw new RangeError('Unknown transaction mode; use "write", "read" or "deferred"');
}

/** Positional values, or named ones without their `:`, `@` or `$`, as the driver takes them. */
export type DriverArgs = unknown[] | Record<string, unknown>;

/** A statement's SQL and its values converted for the driver (see {@link DriverArgs}). */
export function normalise(stmtOrSql: InStatement | string, args?: InArgs): { sql: string; args: DriverArgs } {
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
  if (typeof value === "string") return visibleText(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

/** A row as `@libsql/client` gives it: values by index (not enumerable) and by column name. */
export function toRow(values: unknown[], columns: string[]): Row {
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
export function toLibsqlError(err: unknown): unknown {
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
