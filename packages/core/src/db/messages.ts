import type { Client, InStatement, InValue, Row, Transaction } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Queryable } from "./client.ts";
import { fromJsonColumn, toJsonColumn } from "./json-columns.ts";
import * as Runs from "./runs.ts";
import { isLocal } from "./serialized-client.ts";
import { nowIso } from "./timestamps.ts";
import { writeTransaction, writeTransactionAlongside } from "./write-transaction.ts";

export type MessageRole = "user" | "assistant" | "tool" | "system";
export type Message = {
  id: string;
  role: MessageRole;
  content: string;
  toolCalls?: unknown[];
  citations?: unknown[];
  /** A question's place in the conversation's tree: the run it follows (null: a first question). */
  parentRunId?: string | null;
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
  /** For a question: the run it follows; null for a first question. Left out: the newest run. */
  parentRunId?: string | null;
};
export type Appended = { message: Message; created: boolean; runId: string | null };

const COLUMNS = "id, role, content, tool_calls, citations, created_at, run_id, parent_run_id";

/**
 * Appends a message and bumps the conversation's `updatedAt`, in one write transaction. With a
 * `clientMessageId` already used in the conversation it writes nothing and returns the existing
 * message with `created: false`. Throws `not_found` when the conversation does not exist (the
 * caller checks ownership first).
 */
export async function append(db: Client, input: NewMessage): Promise<Appended> {
  if (!isLocal(db) && input.role !== "user") {
    // A remote server: a new message is one batch, one round trip holding the write lock; a used
    // `clientMessageId` or a missing conversation writes nothing there and goes the interactive way.
    const { statements, message } = appendStatements(input);
    const results = await db.batch(statements, "write");
    if (results[0]?.rowsAffected === 1) return { message, created: true, runId: input.runId ?? null };
  }
  return writeTransaction(db, (tx) => appendIn(tx, input));
}

/**
 * A new message (not a question) and the conversation's bump as statements of a write batch: the
 * insert happens only if the conversation exists, the `clientMessageId` is unused there and every
 * `guards` condition holds (each with its arguments); the bump only if the insert did. The first
 * statement affects one row exactly when the message was stored. Further statements of the batch
 * can be made conditional on that with `stored`.
 */
export function appendStatements(
  input: NewMessage,
  guards: { sql: string; args: InValue[] }[] = [],
): { statements: InStatement[]; message: Message; stored: { sql: string; args: InValue[] } } {
  if (input.role === "user") throw new Error("appendStatements: a question is stored with its run");
  const createdAt = nowIso();
  const message = newMessage(input, createdAt);
  const conditions = [
    { sql: "EXISTS (SELECT 1 FROM conversations WHERE id = ?)", args: [input.conversationId] },
    ...(input.clientMessageId === undefined
      ? []
      : [
          {
            sql: "NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND client_message_id = ?)",
            args: [input.conversationId, input.clientMessageId],
          },
        ]),
    ...guards,
  ];
  const stored = { sql: "EXISTS (SELECT 1 FROM messages WHERE id = ?)", args: [message.id] };
  const statements: InStatement[] = [
    {
      sql: `INSERT INTO messages (${INSERT_COLUMNS})
            SELECT ${INSERT_VALUES}, NULL WHERE ${conditions.map((c) => c.sql).join(" AND ")}`,
      args: [...insertArgs(message, input), ...conditions.flatMap((c) => c.args)],
    },
    {
      sql: `UPDATE conversations SET updated_at = ? WHERE id = ? AND ${stored.sql}`,
      args: [createdAt, input.conversationId, ...stored.args],
    },
  ];
  return { statements, message, stored };
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
  input: UserTurnInput,
  options: { alongside?: (turn: UserTurn) => Promise<void> } = {},
): Promise<UserTurn> {
  const { alongside } = options;
  if (!isLocal(db)) {
    // A remote server: the common case (a new question) is one batch, one round trip holding the
    // write lock; what it cannot decide goes the interactive way below.
    const turn = await storeNewUserTurn(db, input);
    if (turn) {
      if (alongside) await alongside(turn);
      return turn;
    }
  }
  if (!alongside) return writeTransaction(db, (tx) => storeUserTurn(tx, input));
  const [turn] = await writeTransactionAlongside(db, (tx) => storeUserTurn(tx, input), alongside);
  return turn;
}

/**
 * A new question as one `batch()` (one transaction, one round trip): the run is inserted only if
 * the user owns the conversation, the `clientMessageId` is unused there and a named parent is a
 * chat run of the conversation; the bump and the message follow only if the run was. Anything else
 * (a retry, a foreign conversation, a bad parent) writes nothing and answers null, for the
 * interactive {@link storeUserTurn} to decide, with its errors and idempotent answers.
 */
async function storeNewUserTurn(db: Client, input: UserTurnInput): Promise<UserTurn | null> {
  const now = nowIso();
  const run: Runs.Run = {
    id: newId(),
    conversationId: input.conversationId,
    userId: input.userId,
    kind: "chat",
    status: "queued",
    usage: null,
    error: null,
    questionId: null,
    createdAt: now,
    updatedAt: now,
  };
  const message: Message = { id: newId(), role: "user", content: input.content, createdAt: now };
  const guards = ["EXISTS (SELECT 1 FROM conversations WHERE id = ? AND user_id = ?)"];
  const guardArgs: string[] = [input.conversationId, input.userId];
  if (input.clientMessageId !== undefined) {
    guards.push("NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND client_message_id = ?)");
    guardArgs.push(input.conversationId, input.clientMessageId);
  }
  if (typeof input.parentRunId === "string") {
    guards.push("EXISTS (SELECT 1 FROM runs WHERE id = ? AND conversation_id = ? AND kind = 'chat')");
    guardArgs.push(input.parentRunId, input.conversationId);
  }
  const runInserted = "EXISTS (SELECT 1 FROM runs WHERE id = ?)";
  const parent = parentOf({ ...input, role: "user", runId: run.id });
  const results = await db.batch(
    [
      {
        sql: `INSERT INTO runs (id, conversation_id, user_id, kind, status, usage, error, created_at,
                updated_at, question_id)
              SELECT ?, ?, ?, 'chat', 'queued', NULL, NULL, ?, ?, NULL WHERE ${guards.join(" AND ")}`,
        args: [run.id, input.conversationId, input.userId, now, now, ...guardArgs],
      },
      {
        sql: `UPDATE conversations SET updated_at = ? WHERE id = ? AND ${runInserted}`,
        args: [now, input.conversationId, run.id],
      },
      {
        sql: `INSERT INTO messages (id, conversation_id, run_id, role, content, tool_calls, citations,
                client_message_id, created_at, parent_run_id)
              SELECT ?, ?, ?, 'user', ?, NULL, NULL, ?, ?, ${parent.sql} WHERE ${runInserted}
              RETURNING parent_run_id`,
        args: [
          message.id,
          input.conversationId,
          run.id,
          input.content,
          input.clientMessageId ?? null,
          now,
          ...parent.args,
          run.id,
        ],
      },
    ],
    "write",
  );
  const inserted = results[2]?.rows[0];
  if (results[0]?.rowsAffected !== 1 || !inserted) return null;
  message.parentRunId = nullableText(inserted.parent_run_id);
  return { message, run, created: true };
}

export type UserTurn = { message: Message; run: Runs.Run; created: boolean };
export type UserTurnInput = {
  userId: string;
  conversationId: string;
  content: string;
  clientMessageId?: string;
  /**
   * The answer the question follows (a run of this conversation), null to start from the top (an
   * edit of the first question); left out, the newest run. An edited question names the parent
   * of the one it edits, so it branches the conversation there.
   */
  parentRunId?: string | null;
};

async function storeUserTurn(tx: Transaction, input: UserTurnInput): Promise<UserTurn> {
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

/**
 * Another answer to a stored question (regenerate): a queued run answering `questionId`, beside
 * the answers it already has. The question must be a user message of the user's conversation.
 * `alongside` runs as soon as the run is committed (to send its job).
 */
export async function appendAnswerRun(
  db: Client,
  input: { userId: string; conversationId: string; questionId: string },
  options: { alongside?: (run: Runs.Run) => Promise<void> } = {},
): Promise<Runs.Run> {
  const store = async (tx: Transaction) => {
    await assertOwned(tx, input.userId, input.conversationId);
    const question = await tx.execute({
      sql: "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ? AND role = 'user'",
      args: [input.questionId, input.conversationId],
    });
    if (question.rows.length === 0) throw new AppError("not_found", "No such question in this conversation");
    return Runs.create(tx, {
      userId: input.userId,
      conversationId: input.conversationId,
      kind: "chat",
      questionId: input.questionId,
    });
  };
  if (!options.alongside) return writeTransaction(db, store);
  const [run] = await writeTransactionAlongside(db, store, options.alongside);
  return run;
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
/** A message with its run, and the question that run answers when it is a regenerated answer. */
export type BranchMessage = RunMessage & { runQuestionId: string | null };

/** The conversation's messages oldest first, each with its run: what the agent loop reads. */
export async function listWithRuns(db: Queryable, conversationId: string): Promise<BranchMessage[]> {
  return branchMessagesOf(await db.execute(listWithRunsStatement("?", [conversationId])));
}

/**
 * {@link listWithRuns}'s query for the conversation of the user's run `runId` (none when not the
 * user's), for a batch; its rows read with {@link branchMessagesOf}.
 */
export function listWithRunsOfRun(userId: string, runId: string): { sql: string; args: string[] } {
  return listWithRunsStatement("(SELECT conversation_id FROM runs WHERE id = ? AND user_id = ?)", [
    runId,
    userId,
  ]);
}

function listWithRunsStatement(conversation: string, args: string[]): { sql: string; args: string[] } {
  const columns = COLUMNS.split(", ")
    .map((column) => `m.${column}`)
    .join(", ");
  return {
    sql: `SELECT ${columns}, r.question_id AS run_question_id
          FROM messages m LEFT JOIN runs r ON r.id = m.run_id
          WHERE m.conversation_id = ${conversation} ORDER BY m.seq`,
    args,
  };
}

export function branchMessagesOf(result: { rows: Row[] }): BranchMessage[] {
  return result.rows.map((row) => ({
    ...toMessage(row),
    runId: nullableText(row.run_id),
    runQuestionId: nullableText(row.run_question_id),
  }));
}

async function insert(tx: Transaction, input: NewMessage): Promise<Message> {
  const createdAt = nowIso();
  const bumped = await tx.execute({
    sql: "UPDATE conversations SET updated_at = ? WHERE id = ?",
    args: [createdAt, input.conversationId],
  });
  if (bumped.rowsAffected === 0) throw new AppError("not_found", "Conversation not found");
  const message = newMessage(input, createdAt);
  // A question's parent is found or checked inside the insert (no extra round trip): left out, the
  // newest run before its own; named, a chat run of this conversation (else nothing is stored).
  const parent = parentOf(input);
  const inserted = await tx.execute({
    sql: `INSERT INTO messages (${INSERT_COLUMNS})
          VALUES (${INSERT_VALUES}, ${parent.sql}) RETURNING parent_run_id`,
    args: [...insertArgs(message, input), ...parent.args],
  });
  if (input.role !== "user") return message;
  message.parentRunId = nullableText(inserted.rows[0]?.parent_run_id);
  if (typeof input.parentRunId === "string" && message.parentRunId === null) {
    // Thrown inside the write transaction: the question and its run are not stored.
    throw new AppError("invalid_request", "parentRunId is not an answer in this conversation");
  }
  return message;
}

/** The columns a new message is inserted with; `parent_run_id` comes last, its value per caller. */
const INSERT_COLUMNS =
  "id, conversation_id, run_id, role, content, tool_calls, citations, client_message_id, created_at, parent_run_id";
/** Placeholders for every inserted column but the last (`parent_run_id`). */
const INSERT_VALUES = "?, ?, ?, ?, ?, ?, ?, ?, ?";

function newMessage(input: NewMessage, createdAt: string): Message {
  const message: Message = { id: newId(), role: input.role, content: input.content, createdAt };
  if (input.toolCalls) message.toolCalls = input.toolCalls;
  if (input.citations) message.citations = input.citations;
  return message;
}

/** The values of {@link INSERT_VALUES}, in column order. */
function insertArgs(message: Message, input: NewMessage): InValue[] {
  return [
    message.id,
    input.conversationId,
    input.runId ?? null,
    message.role,
    message.content,
    toJsonColumn(input.toolCalls),
    toJsonColumn(input.citations),
    input.clientMessageId ?? null,
    message.createdAt,
  ];
}

function parentOf(input: NewMessage): { sql: string; args: (string | null)[] } {
  if (input.role !== "user" || input.parentRunId === null) return { sql: "NULL", args: [] };
  if (input.parentRunId === undefined) {
    return {
      sql: `(SELECT id FROM runs WHERE conversation_id = ? AND kind = 'chat' AND id IS NOT ?
              ORDER BY id DESC LIMIT 1)`,
      args: [input.conversationId, input.runId ?? null],
    };
  }
  return {
    sql: "(SELECT id FROM runs WHERE id = ? AND conversation_id = ? AND kind = 'chat')",
    args: [input.parentRunId, input.conversationId],
  };
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
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
  if (message.role === "user") message.parentRunId = nullableText(row.parent_run_id);
  return message;
}
