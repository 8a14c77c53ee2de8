import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ErrorTurn, ReplyTurn } from "./openai-script.ts";
import { buildChunks, buildCompletion, errorBody, type ReplyContext } from "./openai-wire.ts";

const defaultErrors: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Bad request.", type: "invalid_request_error", code: null },
  401: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
  404: { message: "Not found.", type: "invalid_request_error", code: null },
  429: { message: "Rate limit reached (testkit).", type: "requests", code: "rate_limit_exceeded" },
  500: {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    code: null,
  },
  503: {
    message: "The engine is currently overloaded, please try again later.",
    type: "server_error",
    code: null,
  },
};

async function pause(ms: number | undefined, signal: AbortSignal): Promise<void> {
  if (ms && ms > 0) await sleep(ms, undefined, { signal });
}

/** Sends a JSON body with a status and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with a scripted HTTP error in OpenAI's shape, with `retry-after` when the turn sets it. */
export async function sendErrorTurn(
  res: ServerResponse,
  turn: ErrorTurn,
  signal: AbortSignal,
): Promise<void> {
  await pause(turn.delayMs, signal);
  const { status, retryAfter, shouldRetry } = turn.error;
  const fallback = defaultErrors[status] ?? {
    message: `Error ${status} (testkit).`,
    type: "server_error",
    code: null,
  };
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  if (shouldRetry !== undefined) headers["x-should-retry"] = String(shouldRetry);
  const body = errorBody(
    turn.error.message ?? fallback.message,
    turn.error.type ?? fallback.type,
    turn.error.code === undefined ? fallback.code : turn.error.code,
  );
  sendJson(res, status, body, headers);
}

/** Answers with a whole `chat.completion` object, or drops the connection when the turn says so. */
export async function sendCompletion(
  res: ServerResponse,
  turn: ReplyTurn,
  context: ReplyContext,
  signal: AbortSignal,
): Promise<void> {
  await pause(turn.delayFirstTokenMs, signal);
  if (turn.disconnectAfterChunks !== undefined) {
    res.socket?.destroy();
    return;
  }
  sendJson(res, 200, buildCompletion(turn, context));
}

/** Streams the turn as server-sent events, honouring its delays and its disconnect point. */
export async function streamCompletion(
  res: ServerResponse,
  turn: ReplyTurn,
  context: ReplyContext,
  options: { includeUsage: boolean; signal: AbortSignal },
): Promise<void> {
  const { signal } = options;
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  res.flushHeaders();
  await pause(turn.delayFirstTokenMs, signal);
  const events = buildChunks(turn, context, options).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
  const limit = turn.disconnectAfterChunks;
  for (const [index, event] of events.entries()) {
    if (index > 0) await pause(turn.delayBetweenChunksMs, signal);
    if (limit !== undefined && index === limit) return dropConnection(res);
    if (turn.endAfterChunks !== undefined && index === turn.endAfterChunks) {
      res.end();
      return;
    }
    if (!res.write(event)) await once(res, "drain", { signal });
  }
  if (limit !== undefined && limit >= events.length) return dropConnection(res);
  res.end("data: [DONE]\n\n");
}

/** Ends the socket mid-response (no terminating chunk) after flushing what was written. */
function dropConnection(res: ServerResponse): void {
  res.socket?.end();
}
