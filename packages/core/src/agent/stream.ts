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

/**
 * One streamed chat completion. Each text piece goes to `onText` (awaited, so events keep their
 * order) as it arrives; tool-call pieces are assembled by their index. Aborting `signal` cancels the
 * HTTP request at once. Servers that send no usage chunk count as 0 tokens.
 */
export async function streamStep(input: {
  model: ChatModel;
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionFunctionTool[];
  /** The most tokens the answer may have: what the call reserved of the budget beyond its prompt. */
  maxOutputTokens: number;
  signal: AbortSignal;
  onText: (text: string) => Promise<void>;
}): Promise<ModelStep> {
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
    if (text) await input.onText(text);
  }
  return step.result();
}

class StepAssembler {
  #text = "";
  #calls = new Map<number, ModelToolCall>();
  #usage: TokenCount = { promptTokens: 0, completionTokens: 0 };

  /** Takes one chunk; returns its text piece, if any. */
  add(chunk: ChatCompletionChunk): string {
    if (chunk.usage) {
      this.#usage = {
        promptTokens: chunk.usage.prompt_tokens,
        completionTokens: chunk.usage.completion_tokens,
      };
    }
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
