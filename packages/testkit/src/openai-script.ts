import type { IncomingHttpHeaders } from "node:http";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";

/** One tool call the scripted model makes. */
export interface ScriptedToolCall {
  name: string;
  /** An object is sent as its JSON text; a string is sent verbatim (e.g. to send malformed JSON). */
  arguments?: unknown;
  /** Defaults to a deterministic `call_<request>_<index>`. */
  id?: string;
}

/** Timing and failure knobs shared by every answer. */
export interface TurnTiming {
  /** Wait before the first chunk (streaming) or before the whole answer (non-streaming). */
  delayFirstTokenMs?: number;
  /** Wait between chunks of a streamed answer. */
  delayBetweenChunksMs?: number;
  /**
   * Drop the connection after this many `data:` events of a streamed answer. A non-streamed
   * answer drops the connection before any response, which the SDK treats as a connection error.
   */
  disconnectAfterChunks?: number;
  /**
   * End a streamed answer cleanly (a complete HTTP response, no `[DONE]`) after this many `data:`
   * events, before its finish reason: an answer cut short by a proxy or a server that gave up.
   */
  endAfterChunks?: number;
}

/** A successful answer: text, tool calls or both. */
export interface ReplyTurn extends TurnTiming {
  text?: string;
  /** Several calls are parallel tool calls, each with its own `index` and `id`. */
  toolCalls?: ScriptedToolCall[];
  /** Characters (code points) per streamed delta of text and of tool-call arguments. Default 8. */
  chunkSize?: number;
  /** Defaults to `tool_calls` when the turn has tool calls, otherwise `stop`. */
  finishReason?: "stop" | "length" | "tool_calls" | "content_filter";
  /** Overrides the estimated token counts (characters / 4). */
  usage?: { promptTokens?: number; completionTokens?: number };
}

/** An HTTP error answer in OpenAI's error shape. */
export interface ErrorTurn {
  error: {
    status: number;
    message?: string;
    type?: string;
    code?: string | null;
    /** Seconds, sent as the `retry-after` header (fractions allowed; the SDK parses them). */
    retryAfter?: number;
    /** Sent as `x-should-retry`, which the SDK obeys over its own status rules. */
    shouldRetry?: boolean;
  };
  delayMs?: number;
}

export type Turn = ReplyTurn | ErrorTurn;

/** A chat completion request as the server received it. */
export interface ChatRequest {
  /** 1-based arrival number, also used in generated ids. */
  seq: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body as sent; not guaranteed valid when the server answered 400. */
  body: ChatCompletionCreateParams;
  /** `performance.now()` when the request arrived. */
  receivedAtMs: number;
}

/** A turn, or a function deciding the turn from the request (e.g. from the messages or tools it carries). */
export type TurnSource = Turn | ((request: ChatRequest) => Turn | Promise<Turn>);

/** What the server answers: `turns` in order, then `forever` for every later request. */
export interface Script {
  turns?: TurnSource[];
  forever?: TurnSource;
}

export function isErrorTurn(turn: Turn): turn is ErrorTurn {
  return "error" in turn && turn.error !== undefined;
}

/** The queue of scripted turns; each chat completion request takes the next one. */
export class TurnQueue {
  #turns: TurnSource[] = [];
  #forever: TurnSource | undefined;

  constructor(script: Script = {}) {
    this.#turns = [...(script.turns ?? [])];
    this.#forever = script.forever;
  }

  enqueue(...turns: TurnSource[]): void {
    this.#turns.push(...turns);
  }

  setForever(turn: TurnSource | undefined): void {
    this.#forever = turn;
  }

  /** Drops queued turns and the `forever` turn. */
  clear(): void {
    this.#turns = [];
    this.#forever = undefined;
  }

  get pending(): number {
    return this.#turns.length;
  }

  next(): TurnSource | undefined {
    return this.#turns.shift() ?? this.#forever;
  }
}
