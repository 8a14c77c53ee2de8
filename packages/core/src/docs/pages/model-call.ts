import { APIConnectionError, APIError } from "openai";
import type { ChatModel } from "../../agent/model.ts";
import type { TokenBudget } from "./budget.ts";

/** One model call's token usage, as the run records it (usage_events, kind `docs`). */
export interface ModelUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/** A run's model, budget and usage sink, shared by every page it writes. */
export interface ModelAccess {
  model: ChatModel;
  budget: TokenBudget;
  onUsage(usage: ModelUsage): void | Promise<void>;
  signal?: AbortSignal | undefined;
}

/** The budget would not cover the call: the page falls back to its skeleton. */
export class BudgetExhausted extends Error {
  override name = "BudgetExhausted";
}

/** The model failed after the SDK's own retries: the page falls back to its skeleton. */
export class ModelUnavailable extends Error {
  override name = "ModelUnavailable";
}

/** Characters per token, for estimates before a call (the budget is settled with real usage after). */
const CHARS_PER_TOKEN = 4;

/**
 * One non-streamed chat completion, charged to the budget: reserves `prompt / 4 + maxAnswerTokens`,
 * settles with the reported usage (the estimate when a server reports none) and reports it.
 * @throws BudgetExhausted, ModelUnavailable, the abort when `signal` fires, or what `onUsage` throws.
 */
export async function complete(
  access: ModelAccess,
  messages: { system: string; user: string },
  maxAnswerTokens: number,
): Promise<string> {
  const estimate =
    Math.ceil((messages.system.length + messages.user.length) / CHARS_PER_TOKEN) + maxAnswerTokens;
  if (!access.budget.reserve(estimate)) throw new BudgetExhausted("the run's model token budget is used up");
  let used = 0;
  try {
    const completion = await access.model.client.chat.completions
      .create(
        {
          model: access.model.model,
          messages: [
            { role: "system", content: messages.system },
            { role: "user", content: messages.user },
          ],
        },
        access.signal ? { signal: access.signal } : {},
      )
      .catch((error: unknown) => {
        if (access.signal?.aborted) throw error;
        throw new ModelUnavailable(describeFailure(error), { cause: error });
      });
    const promptTokens = completion.usage?.prompt_tokens ?? estimate - maxAnswerTokens;
    const completionTokens = completion.usage?.completion_tokens ?? maxAnswerTokens;
    used = promptTokens + completionTokens;
    await access.onUsage({ model: access.model.model, promptTokens, completionTokens });
    const text = completion.choices[0]?.message.content?.trim() ?? "";
    if (text === "") throw new ModelUnavailable("the model answered with no text");
    return text;
  } finally {
    access.budget.settle(estimate, used);
  }
}

/** A short reason fit for a note on a page: no URLs, keys or server text. */
function describeFailure(error: unknown): string {
  if (error instanceof APIConnectionError) return "the model server could not be reached";
  if (error instanceof APIError) return `the model server answered HTTP ${error.status ?? "error"}`;
  return "the model call failed";
}
