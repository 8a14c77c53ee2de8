import type { Queryable } from "../db/client.ts";

/**
 * Tokens (prompt + completion) the user's model calls used on the UTC day of `now`: one row of the
 * daily totals that triggers keep beside `usage_events`, however many calls the user made.
 */
export async function tokensUsedToday(db: Queryable, userId: string, now = new Date()): Promise<number> {
  const result = await db.execute({
    sql: "SELECT tokens FROM usage_daily WHERE user_id = ? AND day = ?",
    args: [userId, now.toISOString().slice(0, 10)],
  });
  return Number(result.rows[0]?.tokens ?? 0);
}
