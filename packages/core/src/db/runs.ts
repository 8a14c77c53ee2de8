import type { Row } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Queryable } from "./client.ts";
import { fromJsonColumn, toJsonColumn } from "./json-columns.ts";
import { nowIso } from "./timestamps.ts";

export type RunKind = "chat" | "docs";
export type RunStatus = "queued" | "running" | "awaiting_approval" | "completed" | "failed" | "cancelled";
/** A run in one of these states never changes again. */
export function isFinished(status: RunStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}

export type Run = {
  id: string;
  conversationId: string | null;
  userId: string;
  kind: RunKind;
  status: RunStatus;
  usage: unknown;
  error: unknown | null;
  /** The question a regenerated answer answers (null: the message that started the run). */
  questionId: string | null;
  createdAt: string;
  updatedAt: string;
};
export type NewRun = { userId: string; conversationId?: string; kind: RunKind; questionId?: string };

const COLUMNS =
  "id, conversation_id, user_id, kind, status, usage, error, created_at, updated_at, question_id";

/** Creates a queued run. A chat run names its conversation; a docs run has none. */
export async function create(db: Queryable, input: NewRun): Promise<Run> {
  const now = nowIso();
  const run: Run = {
    id: newId(),
    conversationId: input.conversationId ?? null,
    userId: input.userId,
    kind: input.kind,
    status: "queued",
    usage: null,
    error: null,
    questionId: input.questionId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await db.execute({
    sql: `INSERT INTO runs (${COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
    args: [run.id, run.conversationId, run.userId, run.kind, run.status, now, now, run.questionId],
  });
  return run;
}

/** The run if it exists and belongs to `userId`, else null. */
export async function get(db: Queryable, userId: string, id: string): Promise<Run | null> {
  const result = await db.execute(getStatement(userId, id));
  const row = result.rows[0];
  return row ? toRun(row) : null;
}

/** {@link get}'s query, for a batch; its row (if any) reads with {@link toRun}. */
export function getStatement(userId: string, id: string): { sql: string; args: string[] } {
  return { sql: `SELECT ${COLUMNS} FROM runs WHERE id = ? AND user_id = ?`, args: [id, userId] };
}

/**
 * Moves a run to `status`, and sets `usage` and/or `error` when the patch names them (an explicit
 * `null` clears). Throws `not_found` for an unknown run.
 */
export async function setStatus(
  db: Queryable,
  id: string,
  status: RunStatus,
  patch: { usage?: unknown; error?: unknown } = {},
): Promise<void> {
  const result = await db.execute(setStatusStatement(id, status, patch));
  if (result.rowsAffected === 0) throw new AppError("not_found", "Run not found");
}

/** {@link setStatus}'s update, for a batch (it affects no row when the run is not found). */
export function setStatusStatement(
  id: string,
  status: RunStatus,
  patch: { usage?: unknown; error?: unknown } = {},
): { sql: string; args: Array<string | null> } {
  const sets = ["status = ?", "updated_at = ?"];
  const args: Array<string | null> = [status, nowIso()];
  for (const column of ["usage", "error"] as const) {
    if (column in patch) {
      sets.push(`${column} = ?`);
      args.push(toJsonColumn(patch[column]));
    }
  }
  return { sql: `UPDATE runs SET ${sets.join(", ")} WHERE id = ?`, args: [...args, id] };
}

/**
 * Runs of `kind` that are not finished and have not changed since `updatedBefore` (an ISO time),
 * in the order they were asked (ids are UUIDv7), so a conversation's questions go again in order:
 * candidates for the reconciler, which must leave runs just committed alone. Runs
 * awaiting approval (usually rightly so, and possibly many) come after the others, so they never
 * crowd a lost one out of `limit`.
 */
export async function listUnfinished(
  db: Queryable,
  options: { kind: RunKind; updatedBefore: string; limit: number },
): Promise<Run[]> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM runs
          WHERE status IN ('queued', 'running', 'awaiting_approval') AND updated_at < ? AND kind = ?
          ORDER BY status = 'awaiting_approval', id LIMIT ?`,
    args: [options.updatedBefore, options.kind, options.limit],
  });
  return result.rows.map(toRun);
}

/** How many runs are queued, running or awaiting approval (a restore reports them). */
export async function countUnfinished(db: Queryable): Promise<Partial<Record<RunStatus, number>>> {
  const result = await db.execute(
    `SELECT status, COUNT(*) AS n FROM runs
     WHERE status IN ('queued', 'running', 'awaiting_approval') GROUP BY status`,
  );
  return Object.fromEntries(result.rows.map((row) => [String(row.status), Number(row.n)]));
}

/**
 * Fails the run with `error` only if it is still as `seen` (same status, not updated since), so a
 * run that a Worker moved on meanwhile is left to it. Answers whether the run was failed.
 */
export async function failIfUnchanged(
  db: Queryable,
  seen: Pick<Run, "id" | "status" | "updatedAt">,
  error: { code: string; message: string },
): Promise<boolean> {
  const result = await db.execute({
    sql: `UPDATE runs SET status = 'failed', error = ?, updated_at = ?
          WHERE id = ? AND status = ? AND updated_at = ?`,
    args: [toJsonColumn(error), nowIso(), seen.id, seen.status, seen.updatedAt],
  });
  return result.rowsAffected === 1;
}

/** The question a regenerated answer answers (null for a run its question started, or no such run). */
export async function questionIdOf(db: Queryable, id: string): Promise<string | null> {
  const result = await db.execute({ sql: "SELECT question_id FROM runs WHERE id = ?", args: [id] });
  const value = result.rows[0]?.question_id;
  return value === null || value === undefined ? null : String(value);
}

/** A chat run as a conversation shows it: which question it answers, how it ended. */
export type TurnRun = {
  id: string;
  questionId: string | null;
  status: RunStatus;
  error: { code: string; message: string } | null;
};

/**
 * The conversation's chat runs, oldest first, each with the question it answers (its own for a
 * regenerated answer, else the message that started it): the answer versions of each question.
 */
export async function listForConversation(db: Queryable, conversationId: string): Promise<TurnRun[]> {
  const result = await db.execute({
    sql: `SELECT r.id, r.status, r.error, COALESCE(r.question_id,
            (SELECT m.id FROM messages m WHERE m.run_id = r.id AND m.role = 'user' LIMIT 1)) AS question_id
          FROM runs r WHERE r.conversation_id = ? AND r.kind = 'chat' ORDER BY r.id`,
    args: [conversationId],
  });
  return result.rows.map((row) => ({
    id: String(row.id),
    questionId: row.question_id === null ? null : String(row.question_id),
    status: String(row.status) as RunStatus,
    error: (fromJsonColumn(row.error) as TurnRun["error"]) ?? null,
  }));
}

export function toRun(row: Row): Run {
  return {
    id: String(row.id),
    conversationId: row.conversation_id === null ? null : String(row.conversation_id),
    userId: String(row.user_id),
    kind: String(row.kind) as RunKind,
    status: String(row.status) as RunStatus,
    usage: fromJsonColumn(row.usage),
    error: fromJsonColumn(row.error),
    questionId: row.question_id === null || row.question_id === undefined ? null : String(row.question_id),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
