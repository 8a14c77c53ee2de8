// Hrana's JSON shapes (HRANA_3_SPEC.md, "Hrana over HTTP" and "Shared structures"), checked as
// they arrive: a malformed body is a protocol error (400), never a guess.

/** A client error that breaks the protocol: the server answers 400 text and drops the stream. */
export class ProtocolError extends Error {}

/** An error the stream survives, reported as `{ type: "error", error: { message, code } }`. */
export class StreamRequestError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export type WireValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

export interface Stmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: WireValue[];
  named_args?: { name: string; value: WireValue }[];
  want_rows?: boolean;
}

export type BatchCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: BatchCond }
  | { type: "and"; conds: BatchCond[] }
  | { type: "or"; conds: BatchCond[] }
  | { type: "is_autocommit" };

export interface Batch {
  steps: { condition?: BatchCond | null; stmt: Stmt }[];
}

export type StreamRequest =
  | { type: "close" }
  | { type: "execute"; stmt: Stmt }
  | { type: "batch"; batch: Batch }
  | { type: "sequence"; sql?: string | null; sql_id?: number | null }
  | { type: "describe"; sql?: string | null; sql_id?: number | null }
  | { type: "store_sql"; sql_id: number; sql: string }
  | { type: "close_sql"; sql_id: number }
  | { type: "get_autocommit" };

export interface PipelineRequest {
  baton: string | null;
  requests: StreamRequest[];
}

export interface StmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: WireValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
}

const requestTypes = new Set([
  "close",
  "execute",
  "batch",
  "sequence",
  "describe",
  "store_sql",
  "close_sql",
  "get_autocommit",
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a pipeline body; unknown fields are ignored, as the spec asks. */
export function parsePipeline(body: unknown): PipelineRequest {
  if (!isObject(body)) throw new ProtocolError("Cannot deserialize client message from JSON: not an object");
  const baton = body.baton ?? null;
  if (baton !== null && typeof baton !== "string")
    throw new ProtocolError("`baton` must be a string or null");
  if (!Array.isArray(body.requests)) throw new ProtocolError("`requests` must be an array");
  const requests = body.requests.map((request) => {
    if (!isObject(request) || typeof request.type !== "string" || !requestTypes.has(request.type)) {
      throw new ProtocolError(`Unknown stream request: ${JSON.stringify(request)}`);
    }
    if (request.type === "execute") checkStmt(request.stmt);
    if (request.type === "batch") checkBatch(request.batch);
    if (request.type === "store_sql") {
      checkSqlId(request.sql_id);
      if (typeof request.sql !== "string") throw new ProtocolError("`store_sql` needs `sql`");
    }
    if (request.type === "close_sql") checkSqlId(request.sql_id);
    return request as StreamRequest;
  });
  return { baton, requests };
}

function checkSqlId(id: unknown): void {
  if (!Number.isInteger(id) || (id as number) < -(2 ** 31) || (id as number) >= 2 ** 31) {
    throw new ProtocolError("`sql_id` must be a 32-bit integer");
  }
}

function checkStmt(stmt: unknown): void {
  if (!isObject(stmt)) throw new ProtocolError("`stmt` must be an object");
  if (stmt.args !== undefined && !Array.isArray(stmt.args))
    throw new ProtocolError("`args` must be an array");
  if (stmt.named_args !== undefined && !Array.isArray(stmt.named_args)) {
    throw new ProtocolError("`named_args` must be an array");
  }
}

function checkBatch(batch: unknown): void {
  if (!isObject(batch) || !Array.isArray(batch.steps))
    throw new ProtocolError("`batch.steps` must be an array");
  batch.steps.forEach((step: unknown, index: number) => {
    if (!isObject(step)) throw new ProtocolError("A batch step must be an object");
    checkStmt(step.stmt);
    if (step.condition !== undefined && step.condition !== null) checkCond(step.condition, index);
  });
}

function checkCond(cond: unknown, stepIndex: number): void {
  if (!isObject(cond)) throw new ProtocolError("A batch condition must be an object");
  if (cond.type === "ok" || cond.type === "error") {
    if (!Number.isInteger(cond.step) || (cond.step as number) < 0 || (cond.step as number) >= stepIndex) {
      throw new ProtocolError("Invalid reference to step in a batch condition");
    }
  } else if (cond.type === "not") checkCond(cond.cond, stepIndex);
  else if (cond.type === "and" || cond.type === "or") {
    if (!Array.isArray(cond.conds)) throw new ProtocolError("`conds` must be an array");
    for (const inner of cond.conds) checkCond(inner, stepIndex);
  } else if (cond.type !== "is_autocommit") throw new ProtocolError("Unknown batch condition");
}

const minInteger = -9223372036854775808n;
const maxInteger = 9223372036854775807n;

/** A wire value as the libsql driver binds it: integers as bigint, floats as number (bound REAL). */
export function fromWire(value: unknown): unknown {
  if (!isObject(value)) throw new ProtocolError("A value must be an object");
  switch (value.type) {
    case "null":
      return null;
    case "integer": {
      if (typeof value.value !== "string" || !/^-?\d{1,19}$/.test(value.value)) {
        throw new ProtocolError(`Invalid integer value: ${JSON.stringify(value.value)}`);
      }
      const n = BigInt(value.value);
      if (n < minInteger || n > maxInteger) throw new ProtocolError(`Integer out of range: ${value.value}`);
      return n;
    }
    case "float":
      if (typeof value.value !== "number") throw new ProtocolError("A float value must be a number");
      return value.value;
    case "text":
      if (typeof value.value !== "string") throw new ProtocolError("A text value must be a string");
      return value.value;
    case "blob":
      if (typeof value.base64 !== "string") throw new ProtocolError("A blob value needs `base64`");
      return Buffer.from(value.base64, "base64");
    default:
      throw new ProtocolError(`Unknown value type: ${JSON.stringify(value.type)}`);
  }
}

/** A value the driver returned (safe-integer mode), on the wire. */
export function toWire(value: unknown): WireValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "string") return { type: "text", value };
  if (Buffer.isBuffer(value)) return { type: "blob", base64: value.toString("base64") };
  throw new Error(`Unexpected value from the driver: ${typeof value}`);
}
