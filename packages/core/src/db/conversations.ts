import type { Client, InValue, Row } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Queryable } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { listWithRuns, type RunMessage } from "./messages.ts";
import { listForConversation, type TurnRun } from "./runs.ts";
import { toFtsQuery } from "./search-query.ts";
import { nowIso } from "./timestamps.ts";

export type Conversation = { id: string; title: string; createdAt: string; updatedAt: string };
export type ConversationPage = { items: Conversation[]; nextCursor: string | null };
export type ListOptions = { limit: number; cursor?: string; q?: string };

export const DEFAULT_TITLE = "New conversation";
export const MAX_PAGE_SIZE = 100;
const COLUMNS = "c.id, c.title, c.created_at, c.updated_at";

/** Creates a conversation for `userId`; a missing or blank title becomes "New conversation". */
export async function create(db: Client, userId: string, input: { title?: string }): Promise<Conversation> {
  const now = nowIso();
  const conversation = {
    id: newId(),
    title: input.title?.trim() || DEFAULT_TITLE,
    createdAt: now,
    updatedAt: now,
  };
  await db.execute({
    sql: "INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    args: [conversation.id, userId, conversation.title, now, now],
  });
  return conversation;
}

/**
 * The user's conversations, most recently updated first, `limit` (1..100) at a time. Pass the
 * returned `nextCursor` back for the next page; it is null on the last one. With `q`, only
 * conversations whose title or message text contains every word of `q` (the last one as a prefix).
 */
export async function list(db: Client, userId: string, options: ListOptions): Promise<ConversationPage> {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError("invalid_request", `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const where = ["c.user_id = ?"];
  const args: InValue[] = [userId];
  if (options.cursor !== undefined) {
    const after = decodeCursor(options.cursor);
    where.push("(c.updated_at, c.id) < (?, ?)");
    args.push(after.updatedAt, after.id);
  }
  if (options.q !== undefined && options.q.trim() !== "") {
    const match = toFtsQuery(options.q);
    if (match === null) return { items: [], nextCursor: null };
    where.push(`(c.seq IN (SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH ?)
      OR c.id IN (SELECT m.conversation_id FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid
                  WHERE messages_fts MATCH ?))`);
    args.push(match, match);
  }
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM conversations c WHERE ${where.join(" AND ")}
          ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
    args: [...args, limit + 1],
  });
  const items = result.rows.slice(0, limit).map(toConversation);
  const last = items.at(-1);
  return { items, nextCursor: result.rows.length > limit && last ? encodeCursor(last) : null };
}

/** The conversation without its messages, or null when missing or not the user's. */
export async function find(db: Queryable, userId: string, id: string): Promise<Conversation | null> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM conversations c WHERE c.id = ? AND c.user_id = ?`,
    args: [id, userId],
  });
  const row = result.rows[0];
  return row ? toConversation(row) : null;
}

/**
 * The conversation with its messages oldest first (every branch), and its chat runs (which
 * question each answers, how it ended), or null when missing or not the user's.
 */
export async function get(
  db: Client,
  userId: string,
  id: string,
): Promise<(Conversation & { messages: RunMessage[]; runs: TurnRun[] }) | null> {
  const tx = await db.transaction("read");
  try {
    const conversation = await find(tx, userId, id);
    if (!conversation) return null;
    const messages = (await listWithRuns(tx, id)).map(({ runQuestionId: _, ...message }) => message);
    return { ...conversation, messages, runs: await listForConversation(tx, id) };
  } finally {
    tx.close();
  }
}

/** Renames the user's conversation (bumping `updatedAt`); null when missing or not the user's. */
export async function rename(
  db: Client,
  userId: string,
  id: string,
  title: string,
): Promise<Conversation | null> {
  const result = await db.execute(renameStatement(userId, id, title));
  const row = result.rows[0];
  return row ? toConversation(row) : null;
}

/** {@link rename}'s update, for a batch: it returns the conversation's row when it was renamed. */
export function renameStatement(userId: string, id: string, title: string): { sql: string; args: string[] } {
  const trimmed = title.trim();
  if (trimmed === "") throw new AppError("invalid_request", "title must not be empty");
  return {
    sql: `UPDATE conversations SET title = ?, updated_at = ? WHERE id = ? AND user_id = ?
          RETURNING id, title, created_at, updated_at`,
    args: [trimmed, nowIso(), id, userId],
  };
}

/**
 * Names a conversation that still has the default title after `question`'s words (at most 60
 * characters, cut at a word): for a turn that ended without an answer to title it from.
 */
export async function nameFromQuestion(
  db: Queryable,
  userId: string,
  id: string,
  question: string,
): Promise<void> {
  const words = question.replace(/\s+/g, " ").trim();
  const title = words.length <= 60 ? words : `${words.slice(0, 60).replace(/\s+\S*$/, "")}…`;
  if (title === "") return;
  await db.execute({
    sql: "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ? AND user_id = ? AND title = ?",
    args: [title, nowIso(), id, userId, DEFAULT_TITLE],
  });
}

/** Deletes the user's conversation with its messages and runs; false when missing or not theirs. */
export async function remove(db: Client, userId: string, id: string): Promise<boolean> {
  const result = await db.execute({
    sql: "DELETE FROM conversations WHERE id = ? AND user_id = ?",
    args: [id, userId],
  });
  return result.rowsAffected > 0;
}

function toConversation(row: Row): Conversation {
  return {
    id: String(row.id),
    title: String(row.title),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
