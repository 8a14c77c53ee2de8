import type { InValue, Row } from "@libsql/client";
import type { Queryable } from "../db/client.ts";
import { nowIso } from "../db/timestamps.ts";
import { newId } from "../ids.ts";
import { COST_SCALE, costOf, defaultPrices, Money, type PriceTable, type TokenCount } from "./pricing.ts";

export type UsageKind = "chat" | "title" | "docs";
/** Token usage and its cost, summed over one or more model calls. */
export type Usage = { promptTokens: number; completionTokens: number; totalTokens: number; costUsd: string };
export type UsageEvent = TokenCount & {
  /** Null for work no person asked for (an indexing job). */
  userId: string | null;
  runId?: string | null;
  messageId?: string | null;
  model: string;
  kind: UsageKind;
};
export type UsageReportRow = Usage & {
  userId: string | null;
  email: string | null;
  model: string;
  kind: UsageKind;
  calls: number;
  /** False when some calls used a model missing from the price table (counted at 0). */
  priced: boolean;
};

// cost_usd always has COST_SCALE digits after the point, so without the point it is an exact
// integer count of 1e-10 dollars that SQLite can sum without floating point (read back as text,
// since the sum may pass 2^53).
const SUM_COLUMNS = `COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
  COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
  CAST(COALESCE(SUM(CAST(REPLACE(cost_usd, '.', '') AS INTEGER)), 0) AS TEXT) AS cost_units`;

/** Stores one model call's token usage with its cost from `prices`; returns the cost. */
export async function recordUsage(
  db: Queryable,
  event: UsageEvent,
  prices: PriceTable = defaultPrices,
): Promise<Usage> {
  const { sql, args, usage } = usageRow(event, prices);
  await db.execute({ sql: `INSERT INTO usage_events ${sql}`, args });
  return usage;
}

/**
 * The usage row {@link recordUsage} inserts, as `(columns) VALUES (…)` after
 * `INSERT INTO usage_events`, with its cost; `when` (a condition with its arguments) turns it
 * into an insert that only happens when the condition holds, for a statement of a batch.
 */
export function usageRow(
  event: UsageEvent,
  prices: PriceTable = defaultPrices,
  when?: { sql: string; args: InValue[] },
): { sql: string; args: InValue[]; usage: Usage } {
  const cost = costOf(event.model, event, prices);
  const columns = `(id, user_id, run_id, message_id, model, kind, prompt_tokens,
            completion_tokens, cost_usd, priced, created_at)`;
  const values = when
    ? `SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${when.sql}`
    : "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return {
    sql: `${columns} ${values}`,
    args: [
      newId(),
      event.userId,
      event.runId ?? null,
      event.messageId ?? null,
      event.model,
      event.kind,
      event.promptTokens,
      event.completionTokens,
      cost.costUsd,
      cost.priced ? 1 : 0,
      nowIso(),
      ...(when?.args ?? []),
    ],
    usage: toUsage(event.promptTokens, event.completionTokens, cost.costUsd),
  };
}

/** The summed usage of a run's model calls of `kind` (all kinds when omitted). */
export async function runUsage(db: Queryable, runId: string, kind?: UsageKind): Promise<Usage> {
  const result = await db.execute(runUsageStatement(runId, kind));
  return usageOfSumRow(result.rows[0]);
}

/** {@link runUsage}'s query, for a batch; its row read with {@link usageOfSumRow}. */
export function runUsageStatement(runId: string, kind?: UsageKind): { sql: string; args: InValue[] } {
  return {
    sql: `SELECT ${SUM_COLUMNS} FROM usage_events WHERE run_id = ? AND (? IS NULL OR kind = ?)`,
    args: [runId, kind ?? null, kind ?? null],
  };
}

/**
 * {@link runUsage} as a scalar SQL expression for a statement of a batch: the run's summed usage
 * of `kind` as the JSON text `toJsonColumn` writes for a {@link Usage} (same keys, same order, the
 * cost with {@link COST_SCALE} digits), computed by the server inside the batch's transaction.
 */
export function runUsageJsonSql(runId: string, kind: UsageKind): { sql: string; args: InValue[] } {
  const scale = 10n ** BigInt(COST_SCALE);
  return {
    sql: `(SELECT json_object('promptTokens', p, 'completionTokens', c, 'totalTokens', p + c,
              'costUsd', printf('%d.%0${COST_SCALE}d', units / ${scale}, units % ${scale}))
            FROM (SELECT COALESCE(SUM(prompt_tokens), 0) AS p, COALESCE(SUM(completion_tokens), 0) AS c,
                    COALESCE(SUM(CAST(REPLACE(cost_usd, '.', '') AS INTEGER)), 0) AS units
                  FROM usage_events WHERE run_id = ? AND kind = ?))`,
    args: [runId, kind],
  };
}

/** Tokens (prompt + completion) the user's model calls used since `since` (default: UTC midnight today). */
export async function tokensUsedSince(db: Queryable, userId: string, since = utcMidnight()): Promise<number> {
  const result = await db.execute({
    sql: `SELECT ${SUM_COLUMNS} FROM usage_events WHERE user_id = ? AND created_at >= ?`,
    args: [userId, since],
  });
  return sumsOf(result.rows[0]).totalTokens;
}

/**
 * Tokens and cost of every model call with `from <= created_at < to` (ISO timestamps), grouped by
 * user, model and kind, for the admin usage report.
 */
export async function usageReport(
  db: Queryable,
  range: { from: string; to: string },
): Promise<UsageReportRow[]> {
  const result = await db.execute({
    sql: `SELECT e.user_id, u.email, e.model, e.kind, COUNT(*) AS calls, MIN(e.priced) AS priced, ${SUM_COLUMNS}
          FROM usage_events e LEFT JOIN users u ON u.id = e.user_id
          WHERE e.created_at >= ? AND e.created_at < ?
          GROUP BY e.user_id, e.model, e.kind
          ORDER BY u.email, e.model, e.kind`,
    args: [range.from, range.to],
  });
  return result.rows.map((row) => ({
    ...sumsOf(row),
    userId: row.user_id === null ? null : String(row.user_id),
    email: row.email === null ? null : String(row.email),
    model: String(row.model),
    kind: String(row.kind) as UsageKind,
    calls: Number(row.calls),
    priced: Number(row.priced) === 1,
  }));
}

/** The ISO timestamp of the last UTC midnight at or before `now`. */
export function utcMidnight(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

/** The {@link Usage} of a row of {@link runUsageStatement}. */
export function usageOfSumRow(row: Row | undefined): Usage {
  return sumsOf(row);
}

function sumsOf(row: Row | undefined): Usage {
  const units = new Money(String(row?.cost_units ?? 0));
  return toUsage(
    Number(row?.prompt_tokens ?? 0),
    Number(row?.completion_tokens ?? 0),
    units.dividedBy(new Money(10).pow(COST_SCALE)).toFixed(COST_SCALE),
  );
}

function toUsage(promptTokens: number, completionTokens: number, costUsd: string): Usage {
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, costUsd };
}
