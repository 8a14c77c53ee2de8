import { randomBytes } from "node:crypto";
import { Connection, mayWrite } from "./libsql-connection.ts";
import {
  type Batch,
  type BatchCond,
  type PipelineRequest,
  ProtocolError,
  type StmtResult,
  type StreamRequest,
  StreamRequestError,
} from "./libsql-wire.ts";

/** The stream named by a baton expired: 400 with a JSON `Error` (`STREAM_EXPIRED`), as sqld answers. */
export class StreamExpiredError extends Error {
  readonly code = "STREAM_EXPIRED";
  constructor() {
    super("The stream has expired due to inactivity");
  }
}

export interface StreamHostOptions {
  /** An idle stream (no request under way) is closed, and its transaction rolled back, after this. */
  streamIdleMs: number;
  /** Longest wait of a writer for the write lock before SQLITE_BUSY. */
  lockTimeoutMs: number;
}

interface Stream {
  conn: Connection | null;
  sqls: Map<number, string>;
  holdsLock: boolean;
  /** Times this stream took the write lock. */
  locksTaken: number;
}

type StreamResult =
  | { type: "ok"; response: unknown }
  | { type: "error"; error: { message: string; code: string } };

const maxStoredSql = 50;
const maxStoredSqlBytes = 5000;
// Enough for a benchmark's concurrent streams without reopening connections; each is one file handle.
const maxPooled = 64;
const maxRememberedExpired = 10_000;

/**
 * Hrana streams over HTTP: each is one connection, named between requests by a single-use
 * unguessable baton. One writer at a time holds the write lock, from its first write until its
 * connection is back in autocommit (or the stream ends), so a writer waits off the event loop.
 */
export class StreamHost {
  readonly #path: string;
  readonly #options: StreamHostOptions;
  readonly #batons = new Map<string, { stream: Stream; timer: NodeJS.Timeout }>();
  readonly #expired = new Set<string>();
  readonly #pool: Connection[] = [];
  readonly #lock = new WriteLock();
  #closed = false;
  /**
   * Counters for tests and benchmarks. `writePipelines`: pipelines that held the write lock at some
   * point; `lockHeldAcross`: pipelines after which their stream still held it (an interactive write
   * transaction holds the lock across that many round trips).
   */
  readonly stats = {
    pipelines: 0,
    requests: 0,
    streamsOpened: 0,
    streamsExpired: 0,
    writePipelines: 0,
    lockHeldAcross: 0,
  };

  constructor(path: string, options: StreamHostOptions) {
    this.#path = path;
    this.#options = options;
  }

  /** Streams alive between requests (holding a baton). */
  get idleStreams(): number {
    return this.#batons.size;
  }

  /** Runs a pipeline on the baton's stream (or a new one); answers with the next baton, or null once closed. */
  async pipeline(body: PipelineRequest, version: 2 | 3) {
    if (this.#closed) throw new ProtocolError("The server is closing");
    this.stats.pipelines += 1;
    const stream = body.baton === null ? this.#open() : this.#take(body.baton);
    const held = stream.holdsLock;
    const taken = stream.locksTaken;
    try {
      const results: StreamResult[] = [];
      for (const request of body.requests) {
        this.stats.requests += 1;
        results.push(await this.#handle(stream, request, version));
      }
      return { baton: this.#park(stream), base_url: null as string | null, results };
    } catch (err) {
      this.#end(stream);
      throw err;
    } finally {
      if (held || stream.locksTaken !== taken) this.stats.writePipelines += 1;
      if (stream.holdsLock) this.stats.lockHeldAcross += 1;
    }
  }

  close(): void {
    this.#closed = true;
    for (const { stream, timer } of this.#batons.values()) {
      clearTimeout(timer);
      this.#end(stream);
    }
    this.#batons.clear();
    for (const conn of this.#pool.splice(0)) conn.close();
  }

  #open(): Stream {
    this.stats.streamsOpened += 1;
    const conn = this.#pool.pop() ?? new Connection(this.#path);
    return { conn, sqls: new Map(), holdsLock: false, locksTaken: 0 };
  }

  #take(baton: string): Stream {
    const parked = this.#batons.get(baton);
    if (!parked) {
      if (this.#expired.has(baton)) throw new StreamExpiredError();
      throw new ProtocolError("Received an invalid baton");
    }
    this.#batons.delete(baton);
    clearTimeout(parked.timer);
    return parked.stream;
  }

  #park(stream: Stream): string | null {
    if (stream.conn === null) return null;
    const baton = randomBytes(18).toString("base64url");
    const timer = setTimeout(() => this.#expire(baton), this.#options.streamIdleMs);
    timer.unref();
    this.#batons.set(baton, { stream, timer });
    return baton;
  }

  #expire(baton: string): void {
    const parked = this.#batons.get(baton);
    if (!parked) return;
    this.#batons.delete(baton);
    this.stats.streamsExpired += 1;
    if (this.#expired.size >= maxRememberedExpired) {
      const oldest = this.#expired.values().next().value;
      if (oldest !== undefined) this.#expired.delete(oldest);
    }
    this.#expired.add(baton);
    this.#end(parked.stream);
  }

  /** Ends a stream: rolls back what it left open, gives the lock back, pools the connection. */
  #end(stream: Stream): void {
    const conn = stream.conn;
    stream.conn = null;
    stream.sqls.clear();
    if (conn) {
      let reusable = true;
      try {
        conn.rollback();
      } catch {
        reusable = false;
      }
      if (reusable && conn.autocommit && !this.#closed && this.#pool.length < maxPooled)
        this.#pool.push(conn);
      else conn.close();
    }
    if (stream.holdsLock) {
      stream.holdsLock = false;
      this.#lock.release(stream);
    }
  }

  async #handle(stream: Stream, request: StreamRequest, version: 2 | 3): Promise<StreamResult> {
    try {
      return { type: "ok", response: await this.#run(stream, request, version) };
    } catch (err) {
      if (err instanceof StreamRequestError) {
        return { type: "error", error: { message: err.message, code: err.code } };
      }
      throw err;
    }
  }

  async #run(stream: Stream, request: StreamRequest, version: 2 | 3): Promise<unknown> {
    if (request.type === "close") {
      this.#end(stream);
      return { type: "close" };
    }
    const conn = stream.conn;
    if (!conn) throw new ProtocolError("Stream for this baton was closed");
    switch (request.type) {
      case "execute": {
        const sql = resolveSql(request.stmt.sql, request.stmt.sql_id, stream.sqls);
        return {
          type: "execute",
          result: await this.#write(stream, mayWrite(sql), () => conn.execute(sql, request.stmt)),
        };
      }
      case "batch":
        return { type: "batch", result: await this.#batch(stream, conn, request.batch, version) };
      case "sequence": {
        const sql = resolveSql(request.sql, request.sql_id, stream.sqls);
        await this.#write(stream, true, () => conn.sequence(sql));
        return { type: "sequence" };
      }
      case "describe":
        return {
          type: "describe",
          result: conn.describe(resolveSql(request.sql, request.sql_id, stream.sqls)),
        };
      case "store_sql":
        storeSql(stream.sqls, request.sql_id, request.sql);
        return { type: "store_sql" };
      case "close_sql":
        stream.sqls.delete(request.sql_id);
        return { type: "close_sql" };
      case "get_autocommit":
        if (version < 3) {
          throw new ProtocolError(
            "The `get_autocommit` request is only supported in protocol version 3 and higher",
          );
        }
        return { type: "get_autocommit", is_autocommit: conn.autocommit };
    }
  }

  /** Runs `work`, first taking the write lock if it `writes`; lets go once back in autocommit. */
  async #write<T>(stream: Stream, writes: boolean, work: () => T): Promise<T> {
    if (!stream.holdsLock && writes) {
      await this.#lock.acquire(stream, this.#options.lockTimeoutMs);
      stream.holdsLock = true;
      stream.locksTaken += 1;
    }
    try {
      return work();
    } finally {
      if (stream.holdsLock && (stream.conn === null || stream.conn.autocommit)) {
        stream.holdsLock = false;
        this.#lock.release(stream);
      }
    }
  }

  async #batch(stream: Stream, conn: Connection, batch: Batch, version: 2 | 3) {
    const results: (StmtResult | null)[] = [];
    const errors: ({ message: string; code: string } | null)[] = [];
    for (const step of batch.steps) {
      if (step.condition && !evaluate(step.condition, results, errors, conn, version)) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        const sql = resolveSql(step.stmt.sql, step.stmt.sql_id, stream.sqls);
        results.push(await this.#write(stream, mayWrite(sql), () => conn.execute(sql, step.stmt)));
        errors.push(null);
      } catch (err) {
        if (!(err instanceof StreamRequestError)) throw err;
        results.push(null);
        errors.push({ message: err.message, code: err.code });
      }
    }
    return { step_results: results, step_errors: errors };
  }
}

function evaluate(
  cond: BatchCond,
  results: (StmtResult | null)[],
  errors: (object | null)[],
  conn: Connection,
  version: 2 | 3,
): boolean {
  switch (cond.type) {
    case "ok":
      return results[cond.step] != null;
    case "error":
      return errors[cond.step] != null;
    case "not":
      return !evaluate(cond.cond, results, errors, conn, version);
    case "and":
      return cond.conds.every((inner) => evaluate(inner, results, errors, conn, version));
    case "or":
      return cond.conds.some((inner) => evaluate(inner, results, errors, conn, version));
    case "is_autocommit":
      if (version < 3) throw new ProtocolError("The `is_autocommit` condition needs protocol version 3");
      return conn.autocommit;
  }
}

function resolveSql(sql: unknown, sqlId: unknown, sqls: Map<number, string>): string {
  const hasSql = sql !== undefined && sql !== null;
  const hasId = sqlId !== undefined && sqlId !== null;
  if (hasSql && hasId) throw new ProtocolError("Either `sql` or `sql_id` are required, but not both");
  if (hasSql) {
    if (typeof sql !== "string") throw new ProtocolError("`sql` must be a string");
    return sql;
  }
  if (!hasId) throw new ProtocolError("Either `sql` or `sql_id` are required");
  const stored = sqls.get(sqlId as number);
  if (stored === undefined) throw new ProtocolError(`SQL text ${String(sqlId)} not found`);
  return stored;
}

function storeSql(sqls: Map<number, string>, id: number, sql: string): void {
  if (sqls.has(id)) throw new ProtocolError(`SQL text ${id} already exists`);
  if (sqls.size >= maxStoredSql) {
    throw new StreamRequestError(
      `The server already stores ${sqls.size} SQL texts, it cannot store more`,
      "SQL_STORE_TOO_MANY",
    );
  }
  if (Buffer.byteLength(sql) > maxStoredSqlBytes) {
    throw new StreamRequestError("The statement is too large to be stored", "SQL_STORE_TOO_LARGE");
  }
  sqls.set(id, sql);
}

/** A FIFO lock with a bounded wait; a writer that waits too long gets SQLITE_BUSY, as from sqld. */
class WriteLock {
  #holder: unknown = null;
  readonly #queue: { owner: unknown; grant: () => void }[] = [];

  acquire(owner: unknown, timeoutMs: number): Promise<void> {
    if (this.#holder === null) {
      this.#holder = owner;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        owner,
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        reject(new StreamRequestError("SQLite error: database is locked", "SQLITE_BUSY"));
      }, timeoutMs);
      this.#queue.push(waiter);
    });
  }

  release(owner: unknown): void {
    if (this.#holder !== owner) return;
    const next = this.#queue.shift();
    this.#holder = next?.owner ?? null;
    next?.grant();
  }
}
