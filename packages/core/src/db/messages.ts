import type { Client, Row, Transaction } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Queryable } from "./client.ts";
import { fromJsonColumn, toJsonColumn } from "./json-columns.ts";
import * as Runs from "./runs.ts";
import { nowIso } from "./timestamps.ts";
import { writeTransaction, writeTransactionAlongside } from "./write-transaction.ts";

export type MessageRole = "user" | "assistant" | "tool" | "system";
export type Message = {
  id: string;
  role: MessageRole;
  content: string;
  toolCalls?: unknown[];
  citations?: unknown[];
  createdAt: string;
};
export type NewMessage = {
  conversationId: string;
  role: MessageRole;
  content: string;
  toolCalls?: unknown[];
  citations?: unknown[];
  /** An idempotency key: a second append with the same key in the conversation is a no-op. */
  clientMessageId?: string;
  runId?: string;
};
export type Appended = { message: Message; created: boolean; runId: string | null };

const COLUMNS = "id, role, content, tool_calls, citations, created_at, run_id";

/**
 * Appends a message and bumps the conversation's `updatedAt`, in one write transaction. With a
 * `clientMessageId` already used in the conversation it writes nothing and returns the existing
 * message with `created: false`. Throws `not_found` when the conversation does not exist (the
 * caller checks ownership first).
 */
export async function append(db: Client, input: NewMessage): Promise<Appended> {
  return writeTransaction(db, (tx) => appendIn(tx, input));
}

/** {@link append} inside the caller's write transaction, so other rows can commit with the message. */
export async function appendIn(tx: Transaction, input: NewMessage): Promise<Appended> {
  const existing = await findByClientId(tx, input.conversationId, input.clientMessageId);
  if (existing) return { ...existing, created: false };
  const message = await insert(tx, input);
  return { message, created: true, runId: input.runId ?? null };
}

/**
 * A person's chat turn: the user message and the queued chat run that answers it, created
 * together in one write transaction, after checking that `userId` owns the conversation (else
 * `not_found`). Retrying with the same `clientMessageId` returns the first message and run.
 * `alongside` runs as soon as the turn is committed, while it is made durable (to send its job).
 */
export async function appendUserTurn(
  db: Client,
  input: { userId: string; conversationId: string; content: string; clientMessageId?: string },
  options: { alongside?: (turn: UserTurn) => Promise<void> } = {},
): Promise<UserTurn> {
  const { alongside } = options;
  if (!alongside) return writeTransaction(db, (tx) => storeUserTurn(tx, input));
  const [turn] = await writeTransactionAlongside(db, (tx) => storeUserTurn(tx, input), alongside);
  return turn;
}

export type UserTurn = { message: Message; run: Runs.Run; created: boolean };

async function storeUserTurn(
  tx: Transaction,
  input: { userId: string; conversationId: string; content: string; clientMessageId?: string },
): Promise<UserTurn> {
  await assertOwned(tx, input.userId, input.conversationId);
  const existing = await findByClientId(tx, input.conversationId, input.clientMessageId);
  const existingRun = existing?.runId ? await Runs.get(tx, input.userId, existing.runId) : null;
  if (existing && existingRun) return { message: existing.message, run: existingRun, created: false };
  const run = await Runs.create(tx, {
    userId: input.userId,
    conversationId: input.conversationId,
    kind: "chat",
  });
  if (existing) {
    await tx.execute({
      sql: "UPDATE messages SET run_id = ? WHERE id = ?",
      args: [run.id, existing.message.id],
    });
    return { message: existing.message, run, created: false };
  }
  const message = await insert(tx, { ...input, role: "user", runId: run.id });
  return { message, run, created: true };
}

/** The conversation's messages, oldest first. */
export async function listByConversation(db: Queryable, conversationId: string): Promise<Message[]> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq`,
    args: [conversationId],
  });
  return result.rows.map(toMessage);
}

/** A message with the run that wrote it (null for messages no run wrote). */
export type RunMessage = Message & { runId: string | null };

/** The conversation's messages oldest first, each with its run: what the agent loop reads. */
export async function listWithRuns(db: Queryable, conversationId: string): Promise<RunMessage[]> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq`,
    args: [conversationId],
  });
  return result.rows.map((row) => ({
    ...toMessage(row),
    runId: row.run_id === null ? null : String(row.run_id),
  }));
}

async function insert(tx: Transaction, input: NewMessage): Promise<Message> {
  const createdAt = nowIso();
  const bumped = await tx.execute({
    sql: "UPDATE conversations SET updated_at = ? WHERE id = ?",
    args: [createdAt, input.conversationId],
  });
  if (bumped.rowsAffected === 0) throw new AppError("not_found", "Conversation not found");
  const message: Message = { id: newId(), role: input.role, content: input.content, createdAt };
  if (input.toolCalls) message.toolCalls = input.toolCalls;
  if (input.citations) message.citations = input.citations;
  await tx.execute({
    sql: `INSERT INTO messages (id, conversation_id, run_id, role, content, tool_calls, citations,
            client_message_id, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      message.id,
      input.conversationId,
      input.runId ?? null,
      message.role,
      message.content,
      toJsonColumn(input.toolCalls),
      toJsonColumn(input.citations),
      input.clientMessageId ?? null,
      createdAt,
    ],
  });
  return message;
}

async function findByClientId(
  tx: Transaction,
  conversationId: string,
  clientMessageId: string | undefined,
): Promise<{ message: Message; runId: string | null } | null> {
  if (clientMessageId === undefined) return null;
  const result = await tx.execute({
    sql: `SELECT ${COLUMNS} FROM messages WHERE conversation_id = ? AND client_message_id = ?`,
    args: [conversationId, clientMessageId],
  });
  const row = result.rows[0];
  return row ? { message: toMessage(row), runId: row.run_id === null ? null : String(row.run_id) } : null;
}

async function assertOwned(tx: Transaction, userId: string, conversationId: string): Promise<void> {
  const result = await tx.execute({
    sql: "SELECT 1 FROM conversations WHERE id = ? AND user_id = ?",
    args: [conversationId, userId],
  });
  if (result.rows.length === 0) throw new AppError("not_found", "Conversation not found");
}

function toMessage(row: Row): Message {
  const message: Message = {
    id: String(row.id),
    role: String(row.role) as MessageRole,
    content: String(row.content),
    createdAt: String(row.created_at),
  };
  const toolCalls = fromJsonColumn(row.tool_calls);
  const citations = fromJsonColumn(row.citations);
  if (Array.isArray(toolCalls)) message.toolCalls = toolCalls;
  if (Array.isArray(citations)) message.citations = citations;
  return message;
}
