import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "libsql";
import { StreamExpiredError, StreamHost } from "./libsql-streams.ts";
import { ProtocolError, parsePipeline, type StreamRequest } from "./libsql-wire.ts";

export interface LibsqlServerOptions {
  /** The database file (created if missing, switched to WAL). */
  path: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, pipelines need `Authorization: Bearer <authToken>` (what DATABASE_AUTH_TOKEN sends). */
  authToken?: string;
  /** Added to every pipeline request, after running it and before answering: the network's round trip. */
  delayMs?: number;
  /** Idle streams are closed (rolled back) after this; default 10 s, as sqld. */
  streamIdleMs?: number;
  /** Longest wait for the write lock before SQLITE_BUSY; default 5 s. */
  lockTimeoutMs?: number;
  /** A path (e.g. `/sticky/a/`) advertised as `base_url` in every answer, as a sqld behind a router may. */
  baseUrlPath?: string;
  /** Keep `requests` (path, request types and SQL of every pipeline); default false. */
  recordRequests?: boolean;
}

export interface RecordedPipeline {
  path: string;
  baton: string | null;
  types: string[];
  /** The SQL of every statement the pipeline carried (stored texts as `#id`), for counting round trips. */
  sql: string[];
}

export interface LibsqlServer {
  /** `http://host:port`, for `createClient({ url })` and DATABASE_URL. */
  readonly url: string;
  /** Pipelines received, when `recordRequests` is set. */
  readonly requests: RecordedPipeline[];
  /**
   * Pipelines, stream requests and streams so far; pipelines that wrote (held the write lock), and
   * pipelines after which the lock stayed held (round trips an interactive transaction spans).
   */
  readonly stats: {
    pipelines: number;
    requests: number;
    streamsOpened: number;
    streamsExpired: number;
    writePipelines: number;
    lockHeldAcross: number;
  };
  /** Streams kept between requests (an open interactive transaction holds one). */
  readonly idleStreams: number;
  setDelay(ms: number): void;
  /** Stops listening, drops every connection and stream; safe to call twice. */
  close(): Promise<void>;
}

const maxBodyBytes = 16 * 1024 * 1024;

/**
 * Starts a stand-in for a libSQL server (sqld) speaking Hrana over HTTP with JSON: `GET /v2` and
 * `/v3` version checks, `POST /v2/pipeline` and `/v3/pipeline` with execute, batch (conditions),
 * sequence, describe, store_sql/close_sql, get_autocommit (v3) and close, baton-held streams that
 * expire when idle, and sqld's error shapes, backed by the libsql driver on a file.
 * Not served: Protobuf (`/v3-protobuf` answers 404, so clients fall back to JSON) and cursors.
 */
export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  const setup = new Database(options.path);
  setup.exec("PRAGMA journal_mode = WAL");
  setup.close();
  const host = new StreamHost(options.path, {
    streamIdleMs: options.streamIdleMs ?? 10_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 5000,
  });
  const requests: RecordedPipeline[] = [];
  let delayMs = options.delayMs ?? 0;
  let origin = "";
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) text(res, 500, err instanceof Error ? err.message : String(err));
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    const match = /\/(v2|v3|v3-protobuf)(\/pipeline|\/cursor)?$/.exec(path);
    if (req.method === "GET" && (path === "/health" || path === "/version"))
      return text(res, 200, "libsql stand-in");
    if (!match || match[1] === "v3-protobuf" || match[2] === "/cursor") {
      return text(res, 404, "Not found (this stand-in speaks Hrana over HTTP with JSON, without cursors)");
    }
    if (!match[2]) {
      if (req.method !== "GET") return text(res, 405, "Method not allowed");
      return text(res, 200, `Hello, this is HTTP API ${match[1]} (Hrana over HTTP)`);
    }
    if (req.method !== "POST") return text(res, 405, "Method not allowed");
    const denied = authFailure(req.headers.authorization, options.authToken);
    if (denied) return json(res, 401, { error: `Unauthorized: \`${denied}\`` });
    const body = await readJson(req);
    if (body instanceof Error) return text(res, body.message.includes("large") ? 413 : 400, body.message);
    try {
      const pipeline = parsePipeline(body);
      if (options.recordRequests) {
        requests.push({
          path,
          baton: pipeline.baton,
          types: pipeline.requests.map((r) => r.type),
          sql: pipeline.requests.flatMap(statementsOf),
        });
      }
      const answer = await host.pipeline(pipeline, match[1] === "v3" ? 3 : 2);
      if (options.baseUrlPath) answer.base_url = origin + options.baseUrlPath;
      // The whole round trip in one wait, after the work (a stream's write lock, when kept, is held
      // across it, as across a network's): one timer at 2 ms, where two halves of 1 ms would not be.
      await pause(delayMs);
      json(res, 200, answer);
    } catch (err) {
      if (err instanceof ProtocolError) return text(res, 400, err.message);
      if (err instanceof StreamExpiredError) return json(res, 400, { message: err.message, code: err.code });
      throw err;
    }
  }

  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  origin = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: origin,
    requests,
    stats: host.stats,
    get idleStreams() {
      return host.idleStreams;
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        host.close();
      });
      return closing;
    },
  };
}

function statementsOf(request: StreamRequest): string[] {
  const text = (stmt: { sql?: string | null; sql_id?: number | null }) => stmt.sql ?? `#${stmt.sql_id}`;
  if (request.type === "execute") return [text(request.stmt)];
  if (request.type === "batch") return request.batch.steps.map((step) => text(step.stmt));
  if (request.type === "sequence") return [text(request)];
  if (request.type === "store_sql") return [`#${request.sql_id} := ${request.sql}`];
  return [];
}

function authFailure(header: string | undefined, token: string | undefined): string | null {
  if (token === undefined) return null;
  if (!header) return "Expected authorization header but none given";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return "Auth string does not conform to '<scheme> <token>' form";
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "The JWT is invalid";
  return null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) return new Error("Request body too large");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (err) {
    return new Error(`Cannot deserialize client message from JSON: ${(err as Error).message}`);
  }
}

/**
 * Waits `ms` without spending CPU on the wait where a timer can do it: from 1 ms on a timer (Node's
 * timers have 1 ms steps), below that on a spin shared by every wait under way (one `setImmediate`
 * loop, not one per request). A stand-in that spun through each request's whole round trip spent
 * more CPU waiting than answering (at 2 ms a round trip, about 2 ms a request), on the cores the
 * processes it serves share, where a real network costs sqld none.
 */
function pause(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  if (ms >= 1) return sleep(ms);
  return new Promise((resolve) => {
    spinning.push({ until: performance.now() + ms, resolve });
    if (spinning.length === 1) setImmediate(spin);
  });
}

const spinning: { until: number; resolve: () => void }[] = [];

function spin(): void {
  const now = performance.now();
  for (let i = spinning.length - 1; i >= 0; i--) {
    const wait = spinning[i];
    if (wait && wait.until <= now) {
      spinning.splice(i, 1);
      wait.resolve();
    }
  }
  if (spinning.length > 0) setImmediate(spin);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}
