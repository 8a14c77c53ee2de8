import type { Client, Transaction } from "@libsql/client";
import type { BranchMessage } from "../db/messages.ts";
import type { TokenBudget } from "./budget.ts";
import type { AgentEvent } from "./events.ts";
import type { ChatModel } from "./model.ts";
import type { PriceTable } from "./pricing.ts";
import type { ToolRegistry } from "./registry.ts";
import type { Usage } from "./usage.ts";

/** The bounds of one turn. Token counts are the providers' (or the chars / 4 estimate for context). */
export type TurnLimits = {
  /** Model calls per turn. */
  maxSteps: number;
  /** Prompt + completion tokens over the turn's model calls. */
  maxTurnTokens: number;
  /** Prompt + completion tokens per user since 00:00 UTC, over every kind of model call. */
  dailyTokenBudget: number;
  /** Most tokens one model call may write (`max_completion_tokens`); part of what a call reserves. */
  maxOutputTokens: number;
  /** Estimated tokens the prompt (system prompt, history, tool schemas) may use. */
  contextTokens: number;
  /** Characters of one tool result the model sees; longer output is cut with a note. */
  maxToolOutputChars: number;
};

export const DEFAULT_LIMITS: TurnLimits = {
  maxSteps: 8,
  maxTurnTokens: 200_000,
  dailyTokenBudget: 2_000_000,
  maxOutputTokens: 4096,
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
  /** Where each model call reserves its worst case of `limits.dailyTokenBudget` before it starts. */
  budget: TokenBudget;
  /** Aborting it cancels the turn: the model stream stops at once and tools get the signal. */
  signal: AbortSignal;
  /**
   * Appends an event to the run's stream. Calls reach it one at a time, in order; it may resolve
   * before the event is stored, as long as `eventsStored` waits for it.
   */
  emit: (event: AgentEvent) => Promise<void>;
  /** Resolves once every emitted event is stored; the turn waits for it before storing its answer. */
  eventsStored?: () => Promise<void>;
  /** Prices for the usage rows; defaults to {@link defaultPrices}. */
  prices?: PriceTable;
  /**
   * Runs inside the transaction that stores each assistant message of the turn (with its usage),
   * so the caller can record the run's state in the same commit: a `step` asked for tools, the
   * `final` answer comes with the run's summed chat usage.
   */
  onStored?: (tx: Transaction, stored: { kind: "step" } | { kind: "final"; usage: Usage }) => Promise<void>;
  /**
   * Given, on a remote database a new step or final answer is stored in one batch, one round trip,
   * with its usage and the run's status, instead of with `onStored`: a step with `running`, an
   * answer with `completed` (and the run's usage) when the conversation has a title, else with
   * `running`. Called when it was, saying which; any other case goes through `onStored`.
   */
  onBatched?: (stored: { kind: "step" } | { kind: "final"; status: "completed" | "running" }) => void;
  /**
   * Read by the caller with the run (in one round trip on a remote database): the conversation's
   * messages and the user's tokens recorded today, used by the turn's first pass instead of reading
   * them again.
   */
  preloaded?: { messages: BranchMessage[]; tokensToday: { day: string; tokens: number } };
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
