import { tokensUsedToday } from "./daily-usage.ts";
import type { TurnFailure } from "./model-errors.ts";
import type { RunTranscript } from "./transcript.ts";
import type { TurnContext } from "./turn-context.ts";
import { runUsage } from "./usage.ts";

/** Which bound ended a turn early. */
export type TurnLimit = "max_steps" | "max_turn_tokens" | "daily_budget";

/** Either the turn may call the model again, or it must end: with a note (mid-turn) or a failure (before it began). */
export type LimitCheck =
  | { ok: true }
  | { ok: false; limit: TurnLimit; note: string }
  | { ok: false; failure: TurnFailure };

/**
 * Checks the bounds before a model call. A turn that has not called the model yet is refused when
 * the daily budget is spent; a turn under way ends with a note saying which bound it reached.
 */
export async function checkLimits(ctx: TurnContext, transcript: RunTranscript): Promise<LimitCheck> {
  const { limits } = ctx;
  const usedToday = await tokensUsedToday(ctx.db, ctx.userId);
  if (transcript.steps === 0 && usedToday >= limits.dailyTokenBudget) {
    return {
      ok: false,
      failure: { code: "budget_exceeded", message: dailyBudgetText(limits.dailyTokenBudget) },
    };
  }
  if (transcript.steps >= limits.maxSteps) {
    return stop(
      "max_steps",
      `I stopped before finishing: this answer reached its limit of ${limits.maxSteps} steps (model calls). Ask me to continue if you need more.`,
    );
  }
  // Chat usage is stored with each step, so a turn without steps has used nothing yet.
  const turnTokens = transcript.steps === 0 ? 0 : (await runUsage(ctx.db, ctx.runId, "chat")).totalTokens;
  if (turnTokens >= limits.maxTurnTokens) {
    return stop(
      "max_turn_tokens",
      `I stopped before finishing: this answer used its limit of ${limits.maxTurnTokens} tokens. Ask me to continue if you need more.`,
    );
  }
  if (usedToday >= limits.dailyTokenBudget) {
    return stop("daily_budget", `I stopped before finishing. ${dailyBudgetText(limits.dailyTokenBudget)}`);
  }
  return { ok: true };
}

function stop(limit: TurnLimit, note: string): LimitCheck {
  return { ok: false, limit, note };
}

function dailyBudgetText(budget: number): string {
  return `You have used your daily budget of ${budget} tokens; it resets at 00:00 UTC.`;
}
