import type { BudgetReservation } from "./budget.ts";
import type { TurnFailure } from "./model-errors.ts";
import type { RunTranscript } from "./transcript.ts";
import type { TurnContext } from "./turn-context.ts";
import { runUsage } from "./usage.ts";

/** Which bound ended a turn early. */
export type TurnLimit = "max_steps" | "max_turn_tokens" | "daily_budget";

/**
 * Either the turn may call the model again, holding `reservation` of the daily budget until the
 * call's usage is stored, or it must end: with a note (mid-turn) or a failure (before it began).
 */
export type LimitCheck =
  | { ok: true; reservation: BudgetReservation }
  | { ok: false; limit: TurnLimit; note: string }
  | { ok: false; failure: TurnFailure };

/**
 * Checks the bounds before a model call whose worst case (prompt estimate + most output tokens) is
 * `worstCaseTokens`, and reserves that much of the user's daily budget last, so a turn that stops
 * for another bound holds nothing. A turn that has not called the model yet is refused when the
 * budget is spent (or held by calls under way); a turn under way ends with a note saying which
 * bound it reached.
 */
export async function checkLimits(
  ctx: TurnContext,
  transcript: RunTranscript,
  worstCaseTokens: number,
  recordedToday?: { day: string; tokens: number },
  /** The run's chat tokens so far, when the caller read them with the transcript. */
  readTurnTokens?: number,
): Promise<LimitCheck> {
  const { limits } = ctx;
  if (transcript.steps >= limits.maxSteps) {
    return stop(
      "max_steps",
      `I stopped before finishing: this answer reached its limit of ${limits.maxSteps} steps (model calls). Ask me to continue if you need more.`,
    );
  }
  // Chat usage is stored with each step, so a turn without steps has used nothing yet.
  const turnTokens =
    transcript.steps === 0 ? 0 : (readTurnTokens ?? (await runUsage(ctx.db, ctx.runId, "chat")).totalTokens);
  if (turnTokens >= limits.maxTurnTokens) {
    return stop(
      "max_turn_tokens",
      `I stopped before finishing: this answer used its limit of ${limits.maxTurnTokens} tokens. Ask me to continue if you need more.`,
    );
  }
  const reservation = await ctx.budget.reserve({
    db: ctx.db,
    userId: ctx.userId,
    tokens: worstCaseTokens,
    budget: limits.dailyTokenBudget,
    ...(recordedToday ? { recorded: recordedToday } : {}),
  });
  if (reservation) return { ok: true, reservation };
  if (transcript.steps === 0) {
    return {
      ok: false,
      failure: { code: "budget_exceeded", message: dailyBudgetText(limits.dailyTokenBudget) },
    };
  }
  return stop("daily_budget", `I stopped before finishing. ${dailyBudgetText(limits.dailyTokenBudget)}`);
}

function stop(limit: TurnLimit, note: string): LimitCheck {
  return { ok: false, limit, note };
}

function dailyBudgetText(budget: number): string {
  return `You have used your daily budget of ${budget} tokens; it resets at 00:00 UTC.`;
}
