import type { Client, Transaction } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { hashSecret, newSecret } from "./secrets.ts";
import { addMs, nowIso } from "./timestamps.ts";

export type CreatedInvite = { id: string; code: string; expiresAt: string };
export type NewInvite = { createdBy: string; email?: string; ttlHours?: number };

export const DEFAULT_INVITE_TTL_HOURS = 72;
const HOUR_MS = 3_600_000;

/**
 * Creates a single-use invitation. The code is returned this once; only its SHA-256 is stored.
 * With `email`, only that address can redeem it.
 */
export async function create(db: Client, input: NewInvite): Promise<CreatedInvite> {
  const ttlHours = input.ttlHours ?? DEFAULT_INVITE_TTL_HOURS;
  if (!(ttlHours > 0 && Number.isFinite(ttlHours))) {
    throw new AppError("invalid_request", "ttlHours must be a positive number");
  }
  const code = newSecret("fci_");
  const createdAt = nowIso();
  const invite = { id: newId(), code, expiresAt: addMs(createdAt, ttlHours * HOUR_MS) };
  await db.execute({
    sql: `INSERT INTO invites (id, code_hash, email, created_by, created_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?)`,
    args: [
      invite.id,
      hashSecret(code),
      input.email ? input.email.trim().toLowerCase() : null,
      input.createdBy,
      createdAt,
      invite.expiresAt,
    ],
  });
  return invite;
}

/**
 * The id of the invite `code` names, if `email` may redeem it now; otherwise throws `forbidden`.
 * Call inside the write transaction that then {@link consume}s it.
 */
export async function findRedeemable(tx: Transaction, code: string, email: string): Promise<string> {
  const result = await tx.execute({
    sql: "SELECT id, email, expires_at, used_at FROM invites WHERE code_hash = ?",
    args: [hashSecret(code)],
  });
  const invite = result.rows[0];
  if (!invite || invite.used_at !== null || String(invite.expires_at) <= nowIso()) {
    throw new AppError("forbidden", "This invitation code is invalid, expired or already used");
  }
  if (invite.email !== null && String(invite.email) !== email) {
    throw new AppError("forbidden", "This invitation is for a different email address");
  }
  return String(invite.id);
}

/** Marks the invite used by `userId`; fails if another sign-up consumed it first. */
export async function consume(tx: Transaction, inviteId: string, userId: string): Promise<void> {
  const result = await tx.execute({
    sql: "UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL",
    args: [nowIso(), userId, inviteId],
  });
  if (result.rowsAffected !== 1) {
    throw new AppError("forbidden", "This invitation code is invalid, expired or already used");
  }
}
