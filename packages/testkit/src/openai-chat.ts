import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { checkChatRequest } from "./openai-request.ts";
import { sendCompletion, sendErrorTurn, sendJson, streamCompletion } from "./openai-responder.ts";
import { type ChatRequest, isErrorTurn, type Turn, type TurnQueue } from "./openai-script.ts";
import { errorBody, estimateTokens } from "./openai-wire.ts";

/** What the chat completions endpoint shares across requests. */
export interface ChatState {
  queue: TurnQueue;
  requests: ChatRequest[];
  recordRequests: boolean;
  seq: number;
}

// Script failures are the test's fault: tell the SDK not to retry so the test fails at once.
const doNotRetry = { "x-should-retry": "false" };
const maxBodyBytes = 32 * 1024 * 1024;

/** Reads the whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > maxBodyBytes) throw new Error("request body too large");
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `POST /v1/chat/completions`: records the request, checks it, and answers with the next scripted turn. */
export async function answerChatCompletion(
  req: IncomingMessage,
  res: ServerResponse,
  state: ChatState,
  signal: AbortSignal,
): Promise<void> {
  const receivedAtMs = performance.now();
  const body = parseJson(await readBody(req));
  if (body === undefined) {
    const message =
      "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.";
    return sendJson(res, 400, errorBody(message, "invalid_request_error"));
  }
  state.seq += 1;
  const request: ChatRequest = {
    seq: state.seq,
    headers: req.headers,
    body: body as ChatCompletionCreateParams,
    receivedAtMs,
  };
  if (state.recordRequests) state.requests.push(request);
  const problem = checkChatRequest(body);
  if (problem) {
    return sendJson(
      res,
      400,
      errorBody(problem.message, "invalid_request_error", null, problem.param),
      doNotRetry,
    );
  }
  const turn = await nextTurn(request, state, res);
  if (turn) await sendTurn(res, turn, request, signal);
}

async function nextTurn(
  request: ChatRequest,
  state: ChatState,
  res: ServerResponse,
): Promise<Turn | undefined> {
  const source = state.queue.next();
  if (source === undefined) {
    const message = `testkit OpenAI server: the script ran out of turns at request #${request.seq} (enqueue more turns or set a forever turn).`;
    sendJson(res, 500, errorBody(message, "testkit_error", "script_exhausted"), doNotRetry);
    return undefined;
  }
  try {
    return typeof source === "function" ? await source(request) : source;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `testkit OpenAI server: the scripted turn for request #${request.seq} threw: ${reason}`;
    sendJson(res, 500, errorBody(message, "testkit_error", "script_error"), doNotRetry);
    return undefined;
  }
}

async function sendTurn(res: ServerResponse, turn: Turn, request: ChatRequest, signal: AbortSignal) {
  if (isErrorTurn(turn)) return sendErrorTurn(res, turn, signal);
  const { body } = request;
  const context = {
    seq: request.seq,
    model: body.model,
    created: Math.floor(Date.now() / 1000),
    promptTokens: estimateTokens(JSON.stringify(body.messages) + JSON.stringify(body.tools ?? [])),
  };
  if (body.stream === true) {
    const includeUsage = body.stream_options?.include_usage === true;
    return streamCompletion(res, turn, context, { includeUsage, signal });
  }
  return sendCompletion(res, turn, context, signal);
}
