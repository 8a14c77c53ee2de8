import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerChatCompletion, type ChatState } from "./openai-chat.ts";
import { answerControl, controlPrefix } from "./openai-control.ts";
import { answerEmbeddings, type EmbeddingRequest } from "./openai-embeddings.ts";
import { sendJson } from "./openai-responder.ts";
import { type ChatRequest, type Script, TurnQueue, type TurnSource } from "./openai-script.ts";
import { errorBody } from "./openai-wire.ts";

export interface OpenAIServerOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, only `Authorization: Bearer <apiKey>` is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  /** Listed by `GET /v1/models`. Requests may name any model; answers echo it. */
  models?: string[];
  script?: Script;
  /** Keep every chat request in `requests` (default true; turn off for long benchmarks). */
  recordRequests?: boolean;
}

export interface OpenAIServer {
  /** Base URL including `/v1`, for `new OpenAI({ baseURL })`. */
  readonly url: string;
  /** Chat completion requests in arrival order (bodies and headers as received). */
  readonly requests: ChatRequest[];
  /** Embeddings requests in arrival order (`POST /v1/embeddings` answers hashed bag-of-words vectors). */
  readonly embeddingRequests: EmbeddingRequest[];
  /** Appends turns; each chat completion request takes the next one. */
  enqueue(...turns: TurnSource[]): void;
  /** Sets the turn that answers every request once the queue is empty (`undefined` clears it). */
  answerForever(turn: TurnSource | undefined): void;
  /** Queued turns not yet taken, e.g. to assert a test used its whole script. */
  readonly pendingTurns: number;
  /** Stops listening, cuts in-flight answers and closes every connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a local HTTP server speaking the OpenAI Chat Completions wire protocol (JSON and SSE
 * streaming, tool-call deltas, usage, errors), answering each request with the next scripted turn,
 * and the embeddings endpoint with deterministic vectors (see hashedEmbedding).
 */
export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const state: ChatState = {
    queue: new TurnQueue(options.script),
    requests: [],
    recordRequests: options.recordRequests ?? true,
    seq: 0,
  };
  const models = options.models ?? ["gpt-testkit"];
  const embeddingRequests: EmbeddingRequest[] = [];
  const shutdown = new AbortController();
  let responseCount = 0;
  const server = createServer((req, res) => {
    responseCount += 1;
    res.setHeader("x-request-id", `req_testkit_${responseCount}`);
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    const signal = AbortSignal.any([shutdown.signal, gone.signal]);
    const embeddings = state.recordRequests ? embeddingRequests : undefined;
    route(req, res, { state, models, apiKey: options.apiKey, signal, embeddings }).catch((error) =>
      failResponse(res, error),
    );
  });
  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  let closed = Promise.resolve();
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/v1`,
    requests: state.requests,
    embeddingRequests,
    enqueue: (...turns) => state.queue.enqueue(...turns),
    answerForever: (turn) => state.queue.setForever(turn),
    get pendingTurns() {
      return state.queue.pending;
    },
    close: () => {
      if (!shutdown.signal.aborted) {
        shutdown.abort();
        closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
      }
      return closed;
    },
  };
}

interface RouteContext {
  state: ChatState;
  models: string[];
  apiKey: string | undefined;
  signal: AbortSignal;
  /** Where embeddings requests are recorded (undefined: not recorded). */
  embeddings: EmbeddingRequest[] | undefined;
}

async function route(req: IncomingMessage, res: ServerResponse, context: RouteContext): Promise<void> {
  const path = req.url?.split("?")[0] ?? "/";
  if (path.startsWith(`${controlPrefix}/`)) return answerControl(req, res, context.state);
  const authProblem = checkAuthorization(req, context.apiKey);
  if (authProblem) return sendJson(res, 401, authProblem);
  if (req.method === "POST" && path === "/v1/chat/completions") {
    return answerChatCompletion(req, res, context.state, context.signal);
  }
  if (req.method === "POST" && path === "/v1/embeddings")
    return answerEmbeddings(req, res, context.embeddings);
  if (req.method === "GET" && (path === "/v1/models" || path.startsWith("/v1/models/")))
    return answerModels(res, path, context.models);
  const message = `Unknown request URL: ${req.method} ${path}. Please check the URL for typos.`;
  sendJson(res, 404, errorBody(message, "invalid_request_error", "unknown_url"));
}

function checkAuthorization(req: IncomingMessage, apiKey: string | undefined) {
  const header = req.headers.authorization ?? "";
  const key = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  if (key === "") {
    const message =
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
    return errorBody(message, "invalid_request_error");
  }
  if (apiKey !== undefined && key !== apiKey) {
    return errorBody(
      `Incorrect API key provided: ${key.slice(0, 3)}***.`,
      "invalid_request_error",
      "invalid_api_key",
    );
  }
  return undefined;
}

function answerModels(res: ServerResponse, path: string, models: string[]) {
  const describe = (id: string) => ({ id, object: "model", created: 0, owned_by: "testkit" });
  if (path === "/v1/models") return sendJson(res, 200, { object: "list", data: models.map(describe) });
  const id = decodeURIComponent(path.slice("/v1/models/".length));
  if (models.includes(id)) return sendJson(res, 200, describe(id));
  const message = `The model '${id}' does not exist or you do not have access to it.`;
  sendJson(res, 404, errorBody(message, "invalid_request_error", "model_not_found"));
}

/** An answer was cut (server closing, client gone, body unreadable): end it without hanging. */
function failResponse(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const message = `testkit OpenAI server: the answer failed: ${error instanceof Error ? error.message : error}`;
  sendJson(res, 500, errorBody(message, "server_error"), { "x-should-retry": "false" });
}
