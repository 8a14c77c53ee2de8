import type {
  ChatCompletionChunk,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ChatModel } from "./model.ts";
import type { TokenCount } from "./pricing.ts";

/** A tool call as the model sent it: `arguments` is raw JSON text, not yet validated. */
export type ModelToolCall = { id: string; name: string; arguments: string };
export type ModelStep = { text: string; toolCalls: ModelToolCall[]; usage: TokenCount };

/** Times a stream cut mid-answer is asked for again (the SDK retries only failures before the answer starts). */
export const STREAM_CUT_RETRIES = 2;

/** The model's stream ended before it said why it stopped (no `finish_reason`): the answer is cut. */
export class StreamCutError extends Error {
  override name = "StreamCutError";
}

export type StreamStepInput = {
  model: ChatModel;
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionFunctionTool[];
  /** The most tokens the answer may have: what the call reserved of the budget beyond its prompt. */
  maxOutputTokens: number;
  signal: AbortSignal;
  onText: (text: string) => Promise<void>;
  /**
   * Called before a cut stream is asked for again after some of its text already went to `onText`,
   * so whoever showed that text drops it. Without it, such a stream is not retried: its error is thrown.
   */
  onRestart?: () => Promise<void>;
  /** Default {@link STREAM_CUT_RETRIES}. */
  cutRetries?: number;
};

/**
 * One streamed chat completion. Each text piece goes to `onText` (awaited, so events keep their
 * order) as it arrives; tool-call pieces are assembled by their index. Aborting `signal` cancels the
 * HTTP request at once. Servers that send no usage chunk count as 0 tokens.
 *
 * A stream cut mid-answer (the connection dropped, or it ended without a `finish_reason`) is asked
 * for again, up to `cutRetries` times: at once when none of its text was passed on, after
 * `onRestart` when some was. Nothing of a cut stream is kept.
 */
export async function streamStep(input: StreamStepInput): Promise<ModelStep> {
  const retries = input.cutRetries ?? STREAM_CUT_RETRIES;
  for (let attempt = 0; ; attempt += 1) {
    let passedOn = false;
    let onTextFailed = false;
    const onText = async (text: string) => {
      passedOn = true;
      try {
        await input.onText(text);
      } catch (error) {
        onTextFailed = true;
        throw error;
      }
    };
    try {
      return await streamOnce(input, onText);
    } catch (error) {
      if (onTextFailed || input.signal.aborted || !isCutStream(error) || attempt >= retries) throw error;
      if (passedOn) {
        if (!input.onRestart) throw error;
        await input.onRestart();
      }
    }
  }
}

/** A stream that broke after the answer began: undici's `terminated`, a reset, or no finish_reason. */
export function isCutStream(error: unknown): boolean {
  if (error instanceof StreamCutError) return true;
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}`;
  return error instanceof TypeError && /terminated|other side closed|ECONNRESET|socket hang up/i.test(text);
}

async function streamOnce(
  input: StreamStepInput,
  onText: (text: string) => Promise<void>,
): Promise<ModelStep> {
  const stream = await input.model.client.chat.completions.create(
    {
      model: input.model.model,
      messages: input.messages,
      ...(input.tools.length > 0 ? { tools: input.tools } : {}),
      max_completion_tokens: input.maxOutputTokens,
      stream: true,
      stream_options: { include_usage: true },
    },
    { signal: input.signal },
  );
  const step = new StepAssembler();
  for await (const chunk of stream) {
    const text = step.add(chunk);
    if (text) await onText(text);
  }
  // The SDK ends an aborted stream quietly: that is the caller's cancel, not a cut.
  if (!step.finished && !input.signal.aborted) {
    throw new StreamCutError("The model's answer ended before the model said it was finished");
  }
  return step.result();
}

class StepAssembler {
  #text = "";
  #calls = new Map<number, ModelToolCall>();
  #usage: TokenCount = { promptTokens: 0, completionTokens: 0 };
  #finished = false;

  /** Whether a chunk said why the answer stopped (`finish_reason`). */
  get finished(): boolean {
    return this.#finished;
  }

  /** Takes one chunk; returns its text piece, if any. */
  add(chunk: ChatCompletionChunk): string {
    if (chunk.usage) {
      this.#usage = {
        promptTokens: chunk.usage.prompt_tokens,
        completionTokens: chunk.usage.completion_tokens,
      };
    }
    if (chunk.choices[0]?.finish_reason) this.#finished = true;
    const delta = chunk.choices[0]?.delta;
    for (const piece of delta?.tool_calls ?? []) {
      const call = this.#calls.get(piece.index) ?? { id: "", name: "", arguments: "" };
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.name += piece.function.name;
      if (piece.function?.arguments) call.arguments += piece.function.arguments;
      this.#calls.set(piece.index, call);
    }
    const text = delta?.content ?? "";
    this.#text += text;
    return text;
  }

  result(): ModelStep {
    const toolCalls = [...this.#calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
    return { text: this.#text, toolCalls, usage: this.#usage };
  }
}
