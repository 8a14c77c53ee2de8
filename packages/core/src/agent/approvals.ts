import { createHash } from "node:crypto";
import type { Row } from "@libsql/client";
import type { Queryable } from "../db/client.ts";
import { nowIso } from "../db/timestamps.ts";
import { AppError } from "../errors.ts";

/** A write tool call waiting for a person: what the SPA shows and what approving runs. */
export type PendingCall = { callId: string; name: string; args: unknown; argsHash: string };
export type ApprovalStatus = "pending" | "approved" | "rejected" | "executing" | "executed";
export type Decision = "approve" | "reject";
type Where = { runId: string; messageId: string; callId: string };

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** SHA-256 (hex) of the canonical JSON of `{ name, args }`: the approval's fingerprint. */
export function argsHash(name: string, args: unknown): string {
  return createHash("sha256").update(canonicalJson({ name, args })).digest("hex");
}

/** What is stored about a call's approval. */
export type StoredApproval = { status: ApprovalStatus; argsHash: string };

/** Stores the call as pending unless it is already stored; returns what is stored. */
export async function requestApproval(
  db: Queryable,
  where: Omit<Where, "callId">,
  call: PendingCall,
): Promise<StoredApproval> {
  await db.execute({
    sql: `INSERT INTO pending_approvals (run_id, call_id, message_id, name, args, args_hash, status, created_at)
          VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
    args: [
      where.runId,
      call.callId,
      where.messageId,
      call.name,
      JSON.stringify(call.args),
      call.argsHash,
      nowIso(),
    ],
  });
  const stored = await approvalOf(db, { ...where, callId: call.callId });
  if (!stored) throw new Error(`The approval request for call ${call.callId} was not stored`);
  return stored;
}

/** The stored approval of a call, or null when none was requested. */
export async function approvalOf(db: Queryable, where: Where): Promise<StoredApproval | null> {
  const result = await db.execute({
    sql: "SELECT status, args_hash FROM pending_approvals WHERE run_id = ? AND message_id = ? AND call_id = ?",
    args: [where.runId, where.messageId, where.callId],
  });
  const row = result.rows[0];
  return row ? { status: String(row.status) as ApprovalStatus, argsHash: String(row.args_hash) } : null;
}

/**
 * Records a person's decision on a run's pending write call. The hash must be the one shown with
 * the call. Repeating the same decision is a no-op (`changed: false`).
 * @throws AppError("not_found") when the user's run has no such call;
 *   AppError("conflict") for a stale hash or a call already decided the other way.
 */
export async function decideApproval(
  db: Queryable,
  input: { userId: string; runId: string; callId: string; decision: Decision; argsHash: string },
): Promise<{ changed: boolean }> {
  const result = await db.execute({
    sql: `SELECT a.message_id, a.status, a.args_hash FROM pending_approvals a JOIN runs r ON r.id = a.run_id
          WHERE a.run_id = ? AND r.user_id = ? AND a.call_id = ? ORDER BY a.created_at DESC LIMIT 1`,
    args: [input.runId, input.userId, input.callId],
  });
  const row = result.rows[0];
  if (!row) throw new AppError("not_found", "This run has no action with that call id awaiting approval");
  if (String(row.args_hash) !== input.argsHash) {
    throw new AppError(
      "conflict",
      "The action is not the one you saw (its arguments hash differs); reload it",
    );
  }
  const status = String(row.status) as ApprovalStatus;
  if (status !== "pending") {
    if ((status === "rejected") === (input.decision === "reject")) return { changed: false };
    throw new AppError(
      "conflict",
      `This action was already ${status === "rejected" ? "rejected" : "approved"}`,
    );
  }
  const next = input.decision === "approve" ? "approved" : "rejected";
  const updated = await transition(db, { ...input, messageId: String(row.message_id) }, "pending", next);
  if (!updated) throw new AppError("conflict", "This action was decided at the same time; reload it");
  return { changed: true };
}

/** Moves an approval from one status to the next; false when it was not in `from` (someone else moved it). */
export async function transition(
  db: Queryable,
  where: Where,
  from: ApprovalStatus,
  to: ApprovalStatus,
): Promise<boolean> {
  const result = await db.execute({
    sql: `UPDATE pending_approvals SET status = ?, decided_at = COALESCE(decided_at, ?)
          WHERE run_id = ? AND message_id = ? AND call_id = ? AND status = ?`,
    args: [to, nowIso(), where.runId, where.messageId, where.callId, from],
  });
  return result.rowsAffected === 1;
}

/** The run's call waiting for a decision, if any (for showing a run). */
export async function pendingApproval(db: Queryable, runId: string): Promise<PendingCall | null> {
  const result = await db.execute({
    sql: `SELECT call_id, name, args, args_hash FROM pending_approvals
          WHERE run_id = ? AND status = 'pending' ORDER BY created_at LIMIT 1`,
    args: [runId],
  });
  const row = result.rows[0];
  return row ? toPendingCall(row) : null;
}

function toPendingCall(row: Row): PendingCall {
  return {
    callId: String(row.call_id),
    name: String(row.name),
    args: JSON.parse(String(row.args)),
    argsHash: String(row.args_hash),
  };
}
