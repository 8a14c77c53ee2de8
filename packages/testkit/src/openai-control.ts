import type { IncomingMessage, ServerResponse } from "node:http";
import { type ChatState, readBody } from "./openai-chat.ts";
import { sendJson } from "./openai-responder.ts";
import type { Turn } from "./openai-script.ts";
import { errorBody } from "./openai-wire.ts";

/** Where a test drives a server that runs in another process (e.g. under browser end-to-end tests). */
export const controlPrefix = "/_testkit";

function status(state: ChatState) {
  return { pendingTurns: state.queue.pending, requestCount: state.requests.length };
}

function isTurnList(value: unknown): value is Turn[] {
  return Array.isArray(value) && value.every((turn) => typeof turn === "object" && turn !== null);
}

/**
 * The control endpoints:
 * - `POST /_testkit/turns` `{ turns?: Turn[], forever?: Turn | null }` enqueues turns and, when
 *   `forever` is present, sets (or with `null` clears) the turn that answers once the queue is empty;
 * - `DELETE /_testkit/turns` drops queued turns and the forever turn;
 * - `GET /_testkit/requests` returns `{ requests }` as recorded; `DELETE /_testkit/requests` clears them.
 */
export async function answerControl(
  req: IncomingMessage,
  res: ServerResponse,
  state: ChatState,
): Promise<void> {
  const route = `${req.method} ${req.url?.split("?")[0]}`;
  switch (route) {
    case `POST ${controlPrefix}/turns`:
      return enqueueFromBody(await readBody(req), res, state);
    case `DELETE ${controlPrefix}/turns`:
      state.queue.clear();
      return sendJson(res, 200, status(state));
    case `GET ${controlPrefix}/requests`:
      return sendJson(res, 200, { ...status(state), requests: state.requests });
    case `DELETE ${controlPrefix}/requests`:
      state.requests.length = 0;
      return sendJson(res, 200, status(state));
    default:
      return sendJson(res, 404, errorBody(`Unknown control route: ${route}.`, "invalid_request_error"));
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function enqueueFromBody(text: string, res: ServerResponse, state: ChatState) {
  const body = parseObject(text);
  const turns = body?.turns ?? [];
  const forever = body?.forever;
  const foreverIsValid = forever === undefined || forever === null || isTurnList([forever]);
  if (!body || !isTurnList(turns) || !foreverIsValid) {
    return sendJson(
      res,
      400,
      errorBody("Expected { turns?: Turn[], forever?: Turn | null }.", "invalid_request_error"),
    );
  }
  state.queue.enqueue(...turns);
  if (forever !== undefined) state.queue.setForever(forever === null ? undefined : (forever as Turn));
  sendJson(res, 200, status(state));
}
