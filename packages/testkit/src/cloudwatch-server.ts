import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import {
  CloudWatchFault,
  invalidParameter,
  jsonContentType,
  parsePutMetricData,
  putMetricDataLimits,
  putMetricDataTarget,
  type ReceivedDatum,
  type ReceivedPutMetricData,
} from "./cloudwatch-wire.ts";

export type { ReceivedDatum, ReceivedPutMetricData } from "./cloudwatch-wire.ts";

/**
 * How the server answers: `ok` accepts; `fail` answers 500 InternalServiceFault (the SDK's retryable
 * server error); `reset` destroys every connection without an answer, as an unreachable endpoint would.
 */
export type CloudWatchMode = "ok" | "fail" | "reset";

export interface CloudWatchServer {
  /** Endpoint for `new CloudWatchClient({ endpoint })`. */
  readonly url: string;
  /** Accepted PutMetricData calls, in arrival order. */
  readonly received: ReceivedPutMetricData[];
  /** Every datum of every accepted call, in order. */
  datums(): ReceivedDatum[];
  /** Requests that reached the server in any mode (accepted, refused or reset). */
  readonly attempts: number;
  setMode(mode: CloudWatchMode): void;
  /** Resolves once `count` calls have been accepted in total, or rejects after `timeoutMs`. */
  waitForCalls(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a local HTTP server that speaks CloudWatch's PutMetricData as the AWS SDK v3 client sends
 * it: AWS JSON 1.0, SigV4-signed, gzip-compressed when large. It records what it accepts, enforces
 * the service's per-request limits, and can be switched to fail or to drop connections.
 */
export async function startCloudWatchServer(options: { port?: number } = {}): Promise<CloudWatchServer> {
  const received: ReceivedPutMetricData[] = [];
  const waiters = new Set<() => void>();
  let mode: CloudWatchMode = "ok";
  let attempts = 0;
  const server = createServer((req, res) => {
    attempts += 1;
    if (mode === "reset") {
      req.socket.destroy();
      return;
    }
    handle(req, res, mode).then(
      (call) => {
        if (!call) return;
        received.push(call);
        for (const wake of waiters) wake();
      },
      (err) => sendFault(res, err),
    );
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    datums: () => received.flatMap((call) => call.datums),
    get attempts() {
      return attempts;
    },
    setMode: (next) => {
      mode = next;
    },
    waitForCalls: (count, timeoutMs = 5000) => waitFor(() => received.length >= count, waiters, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  mode: CloudWatchMode,
): Promise<ReceivedPutMetricData | null> {
  const raw = Buffer.concat(await req.toArray());
  if (mode === "fail") throw new CloudWatchFault(500, "InternalServiceFault", "InternalServiceError", "down");
  if (req.method !== "POST" || req.url !== "/") {
    throw new CloudWatchFault(404, "UnknownOperationException", "InvalidAction", "No such operation");
  }
  if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) {
    throw new CloudWatchFault(
      403,
      "MissingAuthenticationTokenException",
      "MissingAuthenticationToken",
      "Unsigned",
    );
  }
  if (req.headers["x-amz-target"] !== putMetricDataTarget) {
    throw new CloudWatchFault(400, "UnknownOperationException", "InvalidAction", "Only PutMetricData");
  }
  if (!req.headers["content-type"]?.startsWith(jsonContentType)) {
    throw invalidParameter(`Content-Type must be ${jsonContentType}`);
  }
  const gzipped = req.headers["content-encoding"] === "gzip";
  const body = gzipped ? gunzipSync(raw) : raw;
  if (body.length > putMetricDataLimits.payloadBytes) {
    throw new CloudWatchFault(413, "RequestEntityTooLarge", "RequestEntityTooLarge", "Payload over 1 MB");
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new CloudWatchFault(400, "SerializationException", "SerializationException", "Bad JSON");
  }
  const call = { ...parsePutMetricData(json), gzipped, bytes: body.length };
  res.writeHead(200, { "content-type": jsonContentType, "x-amzn-requestid": crypto.randomUUID() });
  res.end("{}");
  return call;
}

function sendFault(res: ServerResponse, err: unknown): void {
  const fault =
    err instanceof CloudWatchFault
      ? err
      : new CloudWatchFault(500, "InternalServiceFault", "InternalServiceError", String(err));
  if (res.headersSent) return;
  const sender = fault.status < 500 ? "Sender" : "Receiver";
  res.writeHead(fault.status, {
    "content-type": jsonContentType,
    "x-amzn-query-error": `${fault.queryCode};${sender}`,
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.cloudwatch#${fault.shape}`, message: fault.message }));
}

function waitFor(done: () => boolean, waiters: Set<() => void>, timeoutMs: number): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const wake = () => {
      if (!done()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`CloudWatch server: not enough calls within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      waiters.delete(wake);
    };
    waiters.add(wake);
  });
}
