import type { Client, Row } from "@libsql/client";
import { newId } from "../ids.ts";
import { hashSecret, newSecret } from "./secrets.ts";
import { addMs, nowIso } from "./timestamps.ts";
import { toUser, type User } from "./users.ts";

/** `read`: safe requests (GET, HEAD) only; `full`: everything its user may do but manage tokens. */
export type TokenScope = "read" | "full";
export const tokenScopes = ["read", "full"] as const satisfies readonly TokenScope[];
export type ApiToken = {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  lastUsedAt: string | null;
};

const TOKEN_PREFIX = "fct_";
/** `last_used_at` is informational; refreshing it once a minute spares a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Creates a personal API token. The token is returned this once; only its SHA-256 is stored. */
export async function create(
  db: Client,
  userId: string,
  name: string,
  scope: TokenScope = "full",
): Promise<ApiToken & { token: string }> {
  const token = newSecret(TOKEN_PREFIX);
  const created: ApiToken = { id: newId(), name, scope, createdAt: nowIso(), lastUsedAt: null };
  await db.execute({
    sql: "INSERT INTO api_tokens (id, user_id, name, scope, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    args: [created.id, userId, name, scope, hashSecret(token), created.createdAt],
  });
  return { ...created, token };
}

/** The user's tokens, newest first. */
export async function list(db: Client, userId: string): Promise<ApiToken[]> {
  const result = await db.execute({
    sql: `SELECT id, name, scope, created_at, last_used_at FROM api_tokens
          WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
    args: [userId],
  });
  return result.rows.map(toApiToken);
}

/** Deletes one of the user's tokens; false when there is no such token of theirs. */
export async function remove(db: Client, userId: string, id: string): Promise<boolean> {
  const result = await db.execute({
    sql: "DELETE FROM api_tokens WHERE id = ? AND user_id = ?",
    args: [id, userId],
  });
  return result.rowsAffected > 0;
}

/**
 * The owner of `token` and what the token may do, or null. Every input, well-formed or not, takes the same path: hash, then
 * one indexed lookup by hash, so neither timing nor errors tell a caller anything about stored
 * tokens.
 */
export async function authenticate(
  db: Client,
  token: string,
): Promise<{ user: User; scope: TokenScope } | null> {
  const result = await db.execute({
    sql: `SELECT t.id AS token_id, t.scope, t.last_used_at, u.id, u.email, u.name, u.role, u.created_at
          FROM api_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = ?`,
    args: [hashSecret(token)],
  });
  const row = result.rows[0];
  if (!row) return null;
  await touch(db, String(row.token_id), row.last_used_at === null ? null : String(row.last_used_at));
  return { user: toUser(row), scope: toScope(row.scope) };
}

/** Anything but a known scope reads as the narrowest one. */
function toScope(value: unknown): TokenScope {
  return value === "full" ? "full" : "read";
}

async function touch(db: Client, tokenId: string, lastUsedAt: string | null): Promise<void> {
  const now = nowIso();
  const staleBefore = addMs(now, -LAST_USED_RESOLUTION_MS);
  if (lastUsedAt !== null && lastUsedAt >= staleBefore) return;
  await db.execute({
    sql: `UPDATE api_tokens SET last_used_at = ?
          WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
    args: [now, tokenId, staleBefore],
  });
}

function toApiToken(row: Row): ApiToken {
  return {
    id: String(row.id),
    name: String(row.name),
    scope: toScope(row.scope),
    createdAt: String(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : String(row.last_used_at),
  };
}
