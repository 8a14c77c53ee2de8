import type { Row } from "@libsql/client";
import type { Queryable } from "../db/client.ts";

/**
 * Tokens (prompt + completion) the user's model calls used on the UTC day of `now`: one row of the
 * daily totals that triggers keep beside `usage_events`, however many calls the user made.
 */
export async function tokensUsedToday(db: Queryable, userId: string, now = new Date()): Promise<number> {
  return tokensOf(await db.execute(tokensUsedTodayStatement(userId, now)));
}

/** {@link tokensUsedToday}'s query, for a batch; its result reads with {@link tokensOf}. */
export function tokensUsedTodayStatement(userId: string, now = new Date()): { sql: string; args: string[] } {
  return { sql: "SELECT tokens FROM usage_daily WHERE user_id = ? AND day = ?", args: [userId, dayOf(now)] };
}

export function tokensOf(result: { rows: Row[] }): number {
  return Number(result.rows[0]?.tokens ?? 0);
}

/** The UTC day of `now`, as `usage_daily` keys it. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}
