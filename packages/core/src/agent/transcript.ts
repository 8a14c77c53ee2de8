import type { Client, Transaction } from "@libsql/client";
import * as Conversations from "../db/conversations.ts";
import { toJsonColumn } from "../db/json-columns.ts";
import type { BranchMessage, NewMessage, RunMessage } from "../db/messages.ts";
import * as Messages from "../db/messages.ts";
import * as Runs from "../db/runs.ts";
import { isLocal } from "../db/serialized-client.ts";
import { nowIso } from "../db/timestamps.ts";
import { writeTransaction } from "../db/write-transaction.ts";
import { newId } from "../ids.ts";
import { type ApprovalStatus, approvalOf } from "./approvals.ts";
import { branchOf, type StoredToolCall, type StoredToolResult, type ToolOutcome } from "./history.ts";
import type { PriceTable } from "./pricing.ts";
import { parseJsonArgs } from "./registry.ts";
import type { ModelToolCall } from "./stream.ts";
import type { Citation } from "./tool.ts";
import { recordUsage, runUsage, type Usage, type UsageEvent, usageRow } from "./usage.ts";

/** A stored assistant message whose tool calls do not all have results yet. */
export type OpenStep = { message: RunMessage; calls: StoredToolCall[]; answered: Set<string> };

/** What the conversation holds of one run: how far it got, read fresh from the database. */
export type RunTranscript = {
  /**
   * What the model sees: the conversation before the run's first message, then the run's own
   * messages. Messages of a run that started later (while this one waited for approval) are left out.
   */
  history: RunMessage[];
  /** The run's final answer (an assistant message without tool calls), once stored. */
  final: RunMessage | null;
  open: OpenStep | null;
  /** The run's assistant messages with tool calls: model calls so far, bar the final one. */
  steps: number;
  /** Tool results the run stored, for the final answer's citations. */
  toolResults: RunMessage[];
};

type Key = { conversationId: string; runId: string };

/** Reads the conversation and finds where `runId` stands. */
export async function loadTranscript(
  db: Client,
  key: Key,
  /** The conversation's messages, read already (see `TurnInput.preloaded`). */
  read?: BranchMessage[],
): Promise<RunTranscript> {
  const messages = read ?? (await Messages.listWithRuns(db, key.conversationId));
  const own = messages.filter((message) => message.runId === key.runId);
  // Only a regenerated answer with nothing stored yet needs to ask which question it answers.
  const question = own.length === 0 ? await Runs.questionIdOf(db, key.runId) : null;
  const history = branchOf(messages, key.runId, question);
  const assistants = own.filter((message) => message.role === "assistant");
  const toolResults = own.filter((message) => message.role === "tool");
  const last = assistants.at(-1);
  const lastCalls = (last?.toolCalls ?? []) as StoredToolCall[];
  const final = last && lastCalls.length === 0 ? last : null;
  let open: OpenStep | null = null;
  if (last && lastCalls.length > 0) {
    const after = own.slice(own.indexOf(last) + 1);
    const answered = new Set(after.filter((m) => m.role === "tool").map((m) => resultOf(m)?.id ?? ""));
    if (lastCalls.some((call) => !answered.has(call.id)))
      open = { message: last, calls: lastCalls, answered };
  }
  return { history, final, open, steps: assistants.length - (final ? 1 : 0), toolResults };
}

/**
 * What the transaction storing an assistant message also writes: the usage of the model call that
 * produced it (once, with the message) and, last, whatever the caller adds (`alsoWrite`).
 */
export type StoreWith<Write> = {
  usage?: Omit<UsageEvent, "messageId">;
  prices?: PriceTable;
  alsoWrite?: Write;
};

/** Stores an assistant message that asked for tools; a redelivered job finds it by its step number. */
export async function storeStep(
  db: Client,
  key: Key,
  step: { number: number; text: string; calls: ModelToolCall[] },
  extras: StoreWith<(tx: Transaction) => Promise<void>> = {},
): Promise<RunMessage> {
  const toolCalls: StoredToolCall[] = step.calls.map((call) => {
    const parsed = parseJsonArgs(call.arguments);
    return { id: call.id, name: call.name, args: parsed.ok ? parsed.value : call.arguments };
  });
  return writeTransaction(db, async (tx) => {
    const { message } = await appendAssistant(tx, key, extras, {
      content: step.text,
      toolCalls,
      clientMessageId: `run:${key.runId}:step:${step.number}`,
    });
    await extras.alsoWrite?.(tx);
    return message;
  });
}

/** What running (or refusing) one tool call produced, as stored and shown. */
export type CallResult = {
  ok: boolean;
  content: string;
  summary: string;
  citations: Citation[];
  /** Without it, "ok" or "failed" by `ok`. */
  outcome?: ToolOutcome;
};

/** How a call with this result ended. */
export function outcomeOf(result: Pick<CallResult, "ok" | "outcome">): ToolOutcome {
  return result.outcome ?? (result.ok ? "ok" : "failed");
}

/** Stores a tool call's result as a tool message answering it (once per call). */
export async function storeToolResult(
  db: Client,
  key: Key,
  answering: { messageId: string; call: StoredToolCall },
  result: CallResult,
): Promise<void> {
  const stored: StoredToolResult = {
    id: answering.call.id,
    name: answering.call.name,
    ok: result.ok,
    summary: result.summary,
    outcome: outcomeOf(result),
  };
  await Messages.append(db, {
    ...key,
    role: "tool",
    content: result.content,
    toolCalls: [stored],
    ...(result.citations.length > 0 ? { citations: result.citations } : {}),
    clientMessageId: `run:${key.runId}:tool:${answering.messageId}:${answering.call.id}`,
  });
}

/**
 * Stores the run's final answer with its usage, and sums the run's chat usage, in one transaction
 * (`alsoWrite` runs last in it, with that sum). A second store for the same run returns the first answer.
 */
export async function storeFinal(
  db: Client,
  key: Key,
  answer: { content: string; citations: Citation[] },
  extras: StoreWith<(tx: Transaction, runUsage: Usage) => Promise<void>> & {
    /** The answer's model call is the run's first: its usage is the run's, no sum needed. */
    firstCall?: boolean;
    /**
     * On a remote database, the common case (the run's first model call answers in a conversation
     * of `userId` that has a title) is stored in one batch, one round trip, with the run's
     * `completed` status and usage instead of `alsoWrite`; `completed` is called when it was.
     */
    completeIfTitled?: { userId: string; completed: () => void };
  } = {},
): Promise<{ message: RunMessage; runUsage: Usage }> {
  if (extras.completeIfTitled && extras.firstCall && extras.usage && !isLocal(db)) {
    const batched = await storeFinalBatched(db, key, answer, {
      ...extras.completeIfTitled,
      usage: extras.usage,
      ...(extras.prices ? { prices: extras.prices } : {}),
    });
    if (batched) {
      extras.completeIfTitled.completed();
      return batched;
    }
  }
  return writeTransaction(db, async (tx) => {
    const { message, recorded } = await appendAssistant(tx, key, extras, {
      content: answer.content,
      citations: answer.citations,
      clientMessageId: `run:${key.runId}:final`,
    });
    const usage = extras.firstCall && recorded ? recorded : await runUsage(tx, key.runId, "chat");
    await extras.alsoWrite?.(tx, usage);
    return { message, runUsage: usage };
  });
}

/**
 * {@link storeFinal}'s common case in one `batch()`: the answer, the conversation's `updated_at`,
 * the call's usage and the run's `completed` status, each statement after the first written only
 * if the first stored the answer, which it does only for a new answer to an existing run in a titled
 * conversation of the user. Null when it did not (nothing was written): the caller takes the
 * interactive transaction, which decides every other case (a redelivery, no title, not found).
 */
async function storeFinalBatched(
  db: Client,
  key: Key,
  answer: { content: string; citations: Citation[] },
  input: { userId: string; usage: Omit<UsageEvent, "messageId">; prices?: PriceTable },
): Promise<{ message: RunMessage; runUsage: Usage } | null> {
  const id = newId();
  const createdAt = nowIso();
  const clientMessageId = `run:${key.runId}:final`;
  const stored = { sql: "EXISTS (SELECT 1 FROM messages WHERE id = ?)", args: [id] };
  const usage = usageRow({ ...input.usage, messageId: id }, input.prices, stored);
  const results = await db.batch(
    [
      {
        sql: `INSERT INTO messages (id, conversation_id, run_id, role, content, tool_calls, citations,
                client_message_id, created_at, parent_run_id)
              SELECT ?, ?, ?, 'assistant', ?, NULL, ?, ?, ?, NULL
              WHERE NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND client_message_id = ?)
                AND EXISTS (SELECT 1 FROM conversations WHERE id = ? AND user_id = ? AND title != ?)
                AND EXISTS (SELECT 1 FROM runs WHERE id = ? AND conversation_id = ?)`,
        args: [
          id,
          key.conversationId,
          key.runId,
          answer.content,
          toJsonColumn(answer.citations),
          clientMessageId,
          createdAt,
          key.conversationId,
          clientMessageId,
          key.conversationId,
          input.userId,
          Conversations.DEFAULT_TITLE,
          key.runId,
          key.conversationId,
        ],
      },
      {
        sql: `UPDATE conversations SET updated_at = ? WHERE id = ? AND ${stored.sql}`,
        args: [createdAt, key.conversationId, ...stored.args],
      },
      { sql: `INSERT INTO usage_events ${usage.sql}`, args: usage.args },
      {
        sql: `UPDATE runs SET status = 'completed', updated_at = ?, usage = ? WHERE id = ? AND ${stored.sql}`,
        args: [createdAt, toJsonColumn(usage.usage), key.runId, ...stored.args],
      },
    ],
    "write",
  );
  if (results[0]?.rowsAffected !== 1) return null;
  const message: RunMessage = {
    id,
    role: "assistant",
    content: answer.content,
    citations: answer.citations,
    createdAt,
    runId: key.runId,
  };
  return { message, runUsage: usage.usage };
}

async function appendAssistant(
  tx: Transaction,
  key: Key,
  extras: StoreWith<unknown>,
  fields: Pick<NewMessage, "content" | "toolCalls" | "citations" | "clientMessageId">,
): Promise<{ message: RunMessage; recorded?: Usage }> {
  const { message, created } = await Messages.appendIn(tx, { ...key, role: "assistant", ...fields });
  const stored = { ...message, runId: key.runId };
  if (!created || !extras.usage) return { message: stored };
  const recorded = await recordUsage(tx, { ...extras.usage, messageId: message.id }, extras.prices);
  return { message: stored, recorded };
}

/** How a turn that did not complete ended. */
export type TurnEnding =
  | { status: "cancelled" }
  | { status: "failed"; error: { code: string; message: string } };

/**
 * Stores the end of a turn that did not complete, in one write transaction, so a reload shows
 * what happened: a `cancelled` result for each call of its open step that has none (no card waits
 * forever, and the next turn's model sees why), the text it was writing as a partial answer, a
 * title from the question when the conversation has none, and the run's status and error.
 * Answers the calls it closed, for their `tool.completed` events.
 */
export async function storeEnding(
  db: Client,
  key: Key & { userId: string },
  ending: TurnEnding,
  partialText: string,
): Promise<StoredToolResult[]> {
  const transcript = await loadTranscript(db, key);
  const { open } = transcript;
  const unanswered = open ? open.calls.filter((call) => !open.answered.has(call.id)) : [];
  const closed: StoredToolResult[] = [];
  for (const call of unanswered) {
    const where = { runId: key.runId, messageId: open?.message.id ?? "", callId: call.id };
    const approval = (await approvalOf(db, where))?.status;
    closed.push({ id: call.id, name: call.name, ok: false, ...closing(approval, ending) });
  }
  const question = transcript.history.findLast((message) => message.role === "user");
  await writeTransaction(db, async (tx) => {
    for (const [index, result] of closed.entries()) {
      await Messages.appendIn(tx, {
        ...key,
        role: "tool",
        content: `${result.summary}.`,
        toolCalls: [result],
        clientMessageId: `run:${key.runId}:tool:${open?.message.id}:${unanswered[index]?.id}`,
      });
    }
    if (partialText.trim() !== "" && !transcript.final) {
      await Messages.appendIn(tx, {
        ...key,
        role: "assistant",
        content: partialText,
        clientMessageId: `run:${key.runId}:partial`,
      });
    }
    if (question) await Conversations.nameFromQuestion(tx, key.userId, key.conversationId, question.content);
    await Runs.setStatus(
      tx,
      key.runId,
      ending.status,
      ending.status === "failed" ? { error: ending.error } : {},
    );
  });
  return closed;
}

/**
 * How a call the turn never finished is closed: a write that was being carried out may have taken
 * effect (a failure with an unknown outcome, never "cancelled"); a rejected one is declined;
 * anything else did not run, or (a read) did not finish.
 */
function closing(
  approval: ApprovalStatus | undefined,
  ending: TurnEnding,
): Pick<StoredToolResult, "summary" | "outcome"> {
  if (approval === "executing" || approval === "executed")
    return { summary: "Interrupted; outcome unknown", outcome: "failed" };
  if (approval === "rejected") return { summary: "Declined", outcome: "declined" };
  const why = ending.status === "cancelled" ? "the answer was stopped" : "the answer failed";
  return { summary: `Cancelled: ${why} before it ${approval ? "ran" : "finished"}`, outcome: "cancelled" };
}

/** The citations of the run's tool results, each once, in the order they were first cited. */
export function collectCitations(toolResults: readonly RunMessage[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const message of toolResults) {
    for (const citation of (message.citations ?? []) as Citation[]) {
      const key = JSON.stringify([citation.kind, citation.label, citation.url ?? null]);
      if (!seen.has(key)) seen.set(key, citation);
    }
  }
  return [...seen.values()];
}

function resultOf(message: RunMessage): StoredToolResult | undefined {
  return message.toolCalls?.[0] as StoredToolResult | undefined;
}
