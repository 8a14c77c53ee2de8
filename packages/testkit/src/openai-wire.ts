import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import type { ReplyTurn, ScriptedToolCall } from "./openai-script.ts";

/** Identity of one answer: shared by the completion object and all its chunks. */
export interface ReplyContext {
  seq: number;
  model: string;
  created: number;
  promptTokens: number;
}

const defaultChunkSize = 8;

/** Deterministic token estimate: one token per four characters, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Splits text into pieces of `size` code points, never inside a surrogate pair. */
export function splitIntoPieces(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const step = Math.max(1, Math.floor(size));
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += step) {
    pieces.push(codePoints.slice(start, start + step).join(""));
  }
  return pieces;
}

export function completionId(seq: number): string {
  return `chatcmpl-testkit-${seq}`;
}

function toolCallId(seq: number, index: number, call: ScriptedToolCall): string {
  return call.id ?? `call_${seq}_${index}`;
}

function argumentsText(call: ScriptedToolCall): string {
  if (typeof call.arguments === "string") return call.arguments;
  return JSON.stringify(call.arguments ?? {});
}

function finishReason(turn: ReplyTurn): ChatCompletion.Choice["finish_reason"] {
  return turn.finishReason ?? (turn.toolCalls?.length ? "tool_calls" : "stop");
}

/** Usage of one answer: the turn's overrides, else estimates from the prompt and the answer. */
export function replyUsage(turn: ReplyTurn, context: ReplyContext): CompletionUsage {
  const answer = (turn.toolCalls ?? []).map((call) => call.name + argumentsText(call));
  const prompt_tokens = turn.usage?.promptTokens ?? context.promptTokens;
  const completion_tokens =
    turn.usage?.completionTokens ?? estimateTokens((turn.text ?? "") + answer.join(""));
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** The `chat.completion` object of a non-streamed answer. */
export function buildCompletion(turn: ReplyTurn, context: ReplyContext): ChatCompletion {
  const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
    id: toolCallId(context.seq, index, call),
    type: "function" as const,
    function: { name: call.name, arguments: argumentsText(call) },
  }));
  return {
    id: completionId(context.seq),
    object: "chat.completion",
    created: context.created,
    model: context.model,
    choices: [
      {
        index: 0,
        finish_reason: finishReason(turn),
        logprobs: null,
        message: {
          role: "assistant",
          content: turn.text ?? (toolCalls.length ? null : ""),
          refusal: null,
          annotations: [],
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
      },
    ],
    usage: replyUsage(turn, context),
  };
}

type Delta = ChatCompletionChunk.Choice.Delta;

function toolCallDeltas(turn: ReplyTurn, seq: number, chunkSize: number): Delta[] {
  return (turn.toolCalls ?? []).flatMap((call, index) => {
    const opening: Delta = {
      tool_calls: [
        {
          index,
          id: toolCallId(seq, index, call),
          type: "function",
          function: { name: call.name, arguments: "" },
        },
      ],
    };
    const pieces = splitIntoPieces(argumentsText(call), chunkSize).map(
      (piece): Delta => ({ tool_calls: [{ index, function: { arguments: piece } }] }),
    );
    return [opening, ...pieces];
  });
}

/**
 * The chunks of a streamed answer, in order: the role, text pieces, each tool call (name first,
 * then its arguments in pieces), the finish reason, and the usage chunk (`choices: []`) when asked.
 */
export function buildChunks(
  turn: ReplyTurn,
  context: ReplyContext,
  options: { includeUsage: boolean },
): ChatCompletionChunk[] {
  const chunkSize = turn.chunkSize ?? defaultChunkSize;
  const envelope = {
    id: completionId(context.seq),
    object: "chat.completion.chunk" as const,
    created: context.created,
    model: context.model,
    ...(options.includeUsage ? { usage: null } : {}),
  };
  const chunk = (
    delta: Delta,
    finish: ChatCompletionChunk.Choice["finish_reason"] = null,
  ): ChatCompletionChunk => ({
    ...envelope,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const hasText = turn.text !== undefined && turn.text !== "";
  const deltas: Delta[] = [
    { role: "assistant", content: hasText || !turn.toolCalls?.length ? "" : null, refusal: null },
    ...splitIntoPieces(turn.text ?? "", chunkSize).map((content): Delta => ({ content })),
    ...toolCallDeltas(turn, context.seq, chunkSize),
  ];
  const chunks = [...deltas.map((delta) => chunk(delta)), chunk({}, finishReason(turn))];
  if (options.includeUsage) chunks.push({ ...envelope, choices: [], usage: replyUsage(turn, context) });
  return chunks;
}

/** OpenAI's error body shape. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}
