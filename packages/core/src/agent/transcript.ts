import type { Client, Transaction } from "@libsql/client";
import * as Conversations from "../db/conversations.ts";
import type { BranchMessage, NewMessage, RunMessage } from "../db/messages.ts";
import * as Messages from "../db/messages.ts";
import * as Runs from "../db/runs.ts";
import { isLocal } from "../db/serialized-client.ts";
import { writeTransaction } from "../db/write-transaction.ts";
import { type ApprovalStatus, approvalOf } from "./approvals.ts";
import { branchOf, type StoredToolCall, type StoredToolResult, type ToolOutcome } from "./history.ts";
import type { PriceTable } from "./pricing.ts";
import { parseJsonArgs } from "./registry.ts";
import type { ModelToolCall } from "./stream.ts";
import type { Citation } from "./tool.ts";
import {
  recordUsage,
  runUsage,
  runUsageJsonSql,
  runUsageStatement,
  type Usage,
  type UsageEvent,
  usageOfSumRow,
  usageRow,
} from "./usage.ts";

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
  extras: StoreWith<(tx: Transaction) => Promise<void>> & {
    /**
     * On a remote database, a new step is stored in one batch, one round trip, with its usage and
     * the run's `running` status instead of with `alsoWrite`; `stored` is called when it was. A
     * redelivered step, or a run or conversation not found, writes nothing there and takes the
     * interactive transaction.
     */
    batched?: { stored: () => void };
  } = {},
): Promise<RunMessage> {
  const toolCalls: StoredToolCall[] = step.calls.map((call) => {
    const parsed = parseJsonArgs(call.arguments);
    return { id: call.id, name: call.name, args: parsed.ok ? parsed.value : call.arguments };
  });
  const fields = { content: step.text, toolCalls, clientMessageId: `run:${key.runId}:step:${step.number}` };
  if (extras.batched && !isLocal(db)) {
    const { statements, message, stored } = Messages.appendStatements(
      { ...key, role: "assistant", ...fields },
      [runOfConversation(key)],
    );
    const usage = extras.usage && usageRow({ ...extras.usage, messageId: message.id }, extras.prices, stored);
    const results = await db.batch(
      [
        ...statements,
        ...(usage ? [{ sql: `INSERT INTO usage_events ${usage.sql}`, args: usage.args }] : []),
        {
          sql: `UPDATE runs SET status = 'running', updated_at = ?
                WHERE id = ? AND status != 'running' AND ${stored.sql}`,
          args: [message.createdAt, key.runId, ...stored.args],
        },
      ],
      "write",
    );
    if (results[0]?.rowsAffected === 1) {
      extras.batched.stored();
      return { ...message, runId: key.runId };
    }
  }
  return writeTransaction(db, async (tx) => {
    const { message } = await appendAssistant(tx, key, extras, fields);
    await extras.alsoWrite?.(tx);
    return message;
  });
}

/** The condition that the run exists and belongs to the conversation, for a batch's guarded insert. */
function runOfConversation(key: Key): { sql: string; args: string[] } {
  return {
    sql: "EXISTS (SELECT 1 FROM runs WHERE id = ? AND conversation_id = ?)",
    args: [key.runId, key.conversationId],
  };
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
     * On a remote database, a new answer is stored in one batch, one round trip, with its usage and
     * the run's status instead of with `alsoWrite`: `completed` with the run's summed chat usage in
     * a titled conversation of `userId`, else `running` (a title is still to be written after it).
     * `stored` is told which. A redelivery, a conversation not the user's or a run not found write
     * nothing there and take the interactive transaction.
     */
    batched?: { userId: string; stored: (status: "completed" | "running") => void };
  } = {},
): Promise<{ message: RunMessage; runUsage: Usage }> {
  if (extras.batched && !isLocal(db)) {
    const batched = await storeFinalBatched(db, key, answer, {
      userId: extras.batched.userId,
      ...(extras.usage ? { usage: extras.usage } : {}),
      ...(extras.prices ? { prices: extras.prices } : {}),
    });
    if (batched) {
      extras.batched.stored(batched.status);
      return { message: batched.message, runUsage: batched.runUsage };
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
 * {@link storeFinal} in one `batch()`: the answer, the conversation's `updated_at`, the call's
 * usage, the run's status (`completed` with the run's chat usage summed by the server when the
 * conversation has a title, else `running`) and that sum read back; each statement after the first
 * written only if the first stored the answer, which it does only for a new answer to an existing
 * run in a conversation of the user. Null when it did not (nothing was written): the caller takes
 * the interactive transaction, which decides every other case (a redelivery, not found).
 */
async function storeFinalBatched(
  db: Client,
  key: Key,
  answer: { content: string; citations: Citation[] },
  input: { userId: string; usage?: Omit<UsageEvent, "messageId">; prices?: PriceTable },
): Promise<{ message: RunMessage; runUsage: Usage; status: "completed" | "running" } | null> {
  const { statements, message, stored } = Messages.appendStatements(
    {
      ...key,
      role: "assistant",
      content: answer.content,
      citations: answer.citations,
      clientMessageId: `run:${key.runId}:final`,
    },
    [
      {
        sql: "EXISTS (SELECT 1 FROM conversations WHERE id = ? AND user_id = ?)",
        args: [key.conversationId, input.userId],
      },
      runOfConversation(key),
    ],
  );
  const usage = input.usage && usageRow({ ...input.usage, messageId: message.id }, input.prices, stored);
  const titled = {
    sql: "EXISTS (SELECT 1 FROM conversations WHERE id = ? AND title != ?)",
    args: [key.conversationId, Conversations.DEFAULT_TITLE],
  };
  const sum = runUsageJsonSql(key.runId, "chat");
  const results = await db.batch(
    [
      ...statements,
      ...(usage ? [{ sql: `INSERT INTO usage_events ${usage.sql}`, args: usage.args }] : []),
      {
        sql: `UPDATE runs SET status = 'completed', updated_at = ?, usage = ${sum.sql}
              WHERE id = ? AND ${stored.sql} AND ${titled.sql}`,
        args: [message.createdAt, ...sum.args, key.runId, ...stored.args, ...titled.args],
      },
      {
        sql: `UPDATE runs SET status = 'running', updated_at = ?
              WHERE id = ? AND status != 'running' AND ${stored.sql} AND NOT ${titled.sql}`,
        args: [message.createdAt, key.runId, ...stored.args, ...titled.args],
      },
      runUsageStatement(key.runId, "chat"),
    ],
    "write",
  );
  if (results[0]?.rowsAffected !== 1) return null;
  const completed = results.at(-3)?.rowsAffected === 1;
  return {
    message: { ...message, runId: key.runId },
    runUsage: usageOfSumRow(results.at(-1)?.rows[0]),
    status: completed ? "completed" : "running",
  };
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
