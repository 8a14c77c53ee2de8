import type { Client, InStatement } from "@libsql/client";
import type { ChatCompletion } from "openai/resources/chat/completions";
import * as Conversations from "../db/conversations.ts";
import * as Messages from "../db/messages.ts";
import type { TokenBudget } from "./budget.ts";
import { estimateTokens } from "./history.ts";
import type { ChatModel } from "./model.ts";
import type { PriceTable } from "./pricing.ts";
import { usageRow } from "./usage.ts";

const TITLE_PROMPT =
  "Write a title of at most six words for the conversation below, in the language of the question. " +
  "Answer with the title only: no quotes, no trailing punctuation.";
const MAX_TITLE_CHARS = 80;
const MAX_EXCERPT_CHARS = 1500;
/** Room for a six-word title, and for the reasoning tokens some models spend before it. */
export const TITLE_MAX_OUTPUT_TOKENS = 256;

/**
 * Names a conversation that still has the default title after its first exchange, with one short
 * non-streamed model call (no retries). Returns the new title, or null when there was nothing to
 * do or anything failed: a missing title must never fail a run.
 */
export async function generateTitle(input: {
  db: Client;
  model: ChatModel | null;
  userId: string;
  conversationId: string;
  runId?: string;
  prices?: PriceTable;
  signal?: AbortSignal;
  /** Where the call reserves its worst case of the user's daily budget; no title when it is spent. */
  budget?: { tokens: TokenBudget; daily: number };
  /**
   * Statements written in the same batch (one transaction, one round trip) as the title and its
   * usage, after them; `written` is called once they were. Not written when no title is stored.
   */
  alsoWrite?: { statements: InStatement[]; written: () => void };
}): Promise<string | null> {
  const { db, model } = input;
  if (!model) return null;
  try {
    const conversation = await Conversations.find(db, input.userId, input.conversationId);
    if (conversation?.title !== Conversations.DEFAULT_TITLE) return null;
    const excerpt = await firstExchange(db, input.conversationId);
    if (excerpt === null) return null;
    const messages = [
      { role: "system" as const, content: TITLE_PROMPT },
      { role: "user" as const, content: excerpt },
    ];
    const reservation = input.budget
      ? await input.budget.tokens.reserve({
          db,
          userId: input.userId,
          tokens: estimateTokens(messages) + TITLE_MAX_OUTPUT_TOKENS,
          budget: input.budget.daily,
        })
      : undefined;
    if (reservation === null) return null;
    let usedTokens = 0;
    try {
      const completion = await model.client.chat.completions.create(
        { model: model.model, messages, max_completion_tokens: TITLE_MAX_OUTPUT_TOKENS },
        { maxRetries: 0, ...(input.signal ? { signal: input.signal } : {}) },
      );
      usedTokens = completion.usage?.total_tokens ?? 0;
      return await storeTitle(input, model, completion);
    } finally {
      await reservation?.settle(usedTokens);
    }
  } catch {
    return null;
  }
}

/**
 * Records the title call's usage and renames the conversation with the cleaned answer, in one
 * batch (one round trip to a remote database) with the caller's `alsoWrite`.
 */
async function storeTitle(
  input: {
    db: Client;
    userId: string;
    conversationId: string;
    runId?: string;
    prices?: PriceTable;
    alsoWrite?: { statements: InStatement[]; written: () => void };
  },
  model: ChatModel,
  completion: ChatCompletion,
): Promise<string | null> {
  const { db } = input;
  const usage = completion.usage
    ? usageRow(
        {
          userId: input.userId,
          runId: input.runId ?? null,
          model: model.model,
          kind: "title",
          promptTokens: completion.usage.prompt_tokens,
          completionTokens: completion.usage.completion_tokens,
        },
        input.prices,
      )
    : null;
  const title = cleanTitle(completion.choices[0]?.message.content ?? "");
  const statements: InStatement[] = [
    ...(usage ? [{ sql: `INSERT INTO usage_events ${usage.sql}`, args: usage.args }] : []),
    ...(title === "" ? [] : [Conversations.renameStatement(input.userId, input.conversationId, title)]),
    ...(title === "" ? [] : (input.alsoWrite?.statements ?? [])),
  ];
  if (statements.length === 0) return null;
  const results = await db.batch(statements, "write");
  if (title === "") return null;
  input.alsoWrite?.written();
  const renamed = results[usage ? 1 : 0]?.rows[0];
  return renamed ? String(renamed.title) : null;
}

/** The model's answer as a one-line title: first line, no quotes or trailing dots, at most 80 characters. */
export function cleanTitle(raw: string): string {
  const line = raw.trim().split("\n")[0] ?? "";
  const unquoted = line
    .replace(/^(title:\s*)/i, "")
    .replace(/^["'“‘*#\s]+|["'”’*\s]+$/g, "")
    .replace(/[.。!]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return unquoted.length > MAX_TITLE_CHARS ? `${unquoted.slice(0, MAX_TITLE_CHARS - 1)}…` : unquoted;
}

async function firstExchange(db: Client, conversationId: string): Promise<string | null> {
  const messages = await Messages.listByConversation(db, conversationId);
  const question = messages.find((m) => m.role === "user");
  if (!question) return null;
  const answer = messages.find((m) => m.role === "assistant" && !m.toolCalls?.length && m.content !== "");
  const parts = [`Question: ${question.content.slice(0, MAX_EXCERPT_CHARS)}`];
  if (answer) parts.push(`Answer: ${answer.content.slice(0, MAX_EXCERPT_CHARS)}`);
  return parts.join("\n\n");
}
