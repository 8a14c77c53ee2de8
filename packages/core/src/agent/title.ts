import type { Client } from "@libsql/client";
import * as Conversations from "../db/conversations.ts";
import * as Messages from "../db/messages.ts";
import type { ChatModel } from "./model.ts";
import type { PriceTable } from "./pricing.ts";
import { recordUsage } from "./usage.ts";

const TITLE_PROMPT =
  "Write a title of at most six words for the conversation below, in the language of the question. " +
  "Answer with the title only: no quotes, no trailing punctuation.";
const MAX_TITLE_CHARS = 80;
const MAX_EXCERPT_CHARS = 1500;

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
}): Promise<string | null> {
  const { db, model } = input;
  if (!model) return null;
  try {
    const conversation = await Conversations.find(db, input.userId, input.conversationId);
    if (conversation?.title !== Conversations.DEFAULT_TITLE) return null;
    const excerpt = await firstExchange(db, input.conversationId);
    if (excerpt === null) return null;
    const completion = await model.client.chat.completions.create(
      {
        model: model.model,
        messages: [
          { role: "system", content: TITLE_PROMPT },
          { role: "user", content: excerpt },
        ],
      },
      { maxRetries: 0, ...(input.signal ? { signal: input.signal } : {}) },
    );
    if (completion.usage) {
      await recordUsage(
        db,
        {
          userId: input.userId,
          runId: input.runId ?? null,
          model: model.model,
          kind: "title",
          promptTokens: completion.usage.prompt_tokens,
          completionTokens: completion.usage.completion_tokens,
        },
        input.prices,
      );
    }
    const title = cleanTitle(completion.choices[0]?.message.content ?? "");
    if (title === "") return null;
    return (await Conversations.rename(db, input.userId, input.conversationId, title))?.title ?? null;
  } catch {
    return null;
  }
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
