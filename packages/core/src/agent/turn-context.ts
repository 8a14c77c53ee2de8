import type { Client } from "@libsql/client";
import type { AgentEvent } from "./events.ts";
import type { ChatModel } from "./model.ts";
import type { PriceTable } from "./pricing.ts";
import type { ToolRegistry } from "./registry.ts";

/** The bounds of one turn. Token counts are the providers' (or the chars / 4 estimate for context). */
export type TurnLimits = {
  /** Model calls per turn. */
  maxSteps: number;
  /** Prompt + completion tokens over the turn's model calls. */
  maxTurnTokens: number;
  /** Prompt + completion tokens per user since 00:00 UTC, over every kind of model call. */
  dailyTokenBudget: number;
  /** Estimated tokens the prompt (system prompt, history, tool schemas) may use. */
  contextTokens: number;
  /** Characters of one tool result the model sees; longer output is cut with a note. */
  maxToolOutputChars: number;
};

export const DEFAULT_LIMITS: TurnLimits = {
  maxSteps: 8,
  maxTurnTokens: 200_000,
  dailyTokenBudget: 2_000_000,
  contextTokens: 96_000,
  maxToolOutputChars: 20_000,
};

/** Everything a turn needs; see {@link runTurn}. */
export type TurnInput = {
  db: Client;
  userId: string;
  conversationId: string;
  runId: string;
  /** Null when no model is configured: the turn fails with `llm_not_configured`. */
  model: ChatModel | null;
  registry: ToolRegistry;
  limits: TurnLimits;
  /** Aborting it cancels the turn: the model stream stops at once and tools get the signal. */
  signal: AbortSignal;
  /** Appends an event to the run's stream; awaited, one at a time, so order holds. */
  emit: (event: AgentEvent) => Promise<void>;
  /** Prices for the usage rows; defaults to {@link defaultPrices}. */
  prices?: PriceTable;
};

/** A turn's input once the model is known to be configured. */
export type TurnContext = Omit<TurnInput, "model"> & { model: ChatModel };

/** Wraps `emit` so that calls made concurrently (by parallel tools) still reach it one at a time, in call order. */
export function serializeEmit(emit: TurnInput["emit"]): TurnInput["emit"] {
  let tail: Promise<void> = Promise.resolve();
  return (event) => {
    const sent = tail.then(() => emit(event));
    tail = sent.catch(() => undefined);
    return sent;
  };
}
