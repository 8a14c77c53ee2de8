import { type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { z } from "zod";
import * as Conversations from "../db/conversations.ts";
import * as Messages from "../db/messages.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { redisTokenBudget, type TokenBudget } from "./budget.ts";
import type { AgentEvent } from "./events.ts";
import { type ChatModel, createChatModel } from "./model.ts";
import { ToolRegistry } from "./registry.ts";
import { defineTool, type Tool } from "./tool.ts";
import { runTurn, type TurnOutcome } from "./turn.ts";
import { DEFAULT_LIMITS, type TurnInput, type TurnLimits } from "./turn-context.ts";

/** For tests: a migrated temp database with a user and a conversation, and a scripted OpenAI server. */
export type TurnFixture = {
  t: TestDatabase;
  userId: string;
  conversationId: string;
  server: OpenAIServer;
  model: ChatModel;
  events: AgentEvent[];
  /** The daily budget in the test Redis, as the Worker keeps it. */
  budget: TokenBudget;
  redis: Redis;
  /** Stores a user message with its queued run, as the Api does; returns the run id. */
  ask(content: string): Promise<string>;
  /** Runs a turn with the fixture's database, model and event list, and `overrides`. */
  turn(
    runId: string,
    overrides?: Partial<Omit<TurnInput, "limits">> & { limits?: Partial<TurnLimits> },
  ): Promise<TurnOutcome>;
  close(): Promise<void>;
};

export const TEST_MODEL = "gpt-4.1-mini";

export async function openTurnFixture(
  options: { tools?: Tool[]; maxRetries?: number } = {},
): Promise<TurnFixture> {
  const t = await openTestDatabase();
  const user = await addTestUser(t.db);
  const conversation = await Conversations.create(t.db, user.id, {});
  const server = await startOpenAIServer();
  const model = createChatModel(
    { apiKey: "test-key", baseUrl: server.url, model: TEST_MODEL },
    { maxRetries: options.maxRetries ?? 0 },
  ) as ChatModel;
  const registry = new ToolRegistry(options.tools ?? []);
  const events: AgentEvent[] = [];
  const redis = new Redis(inject("redisUrl"));
  const budget = redisTokenBudget(redis);
  const fixture: TurnFixture = {
    t,
    userId: user.id,
    conversationId: conversation.id,
    server,
    model,
    events,
    budget,
    redis,
    async ask(content) {
      const { run } = await Messages.appendUserTurn(t.db, {
        userId: user.id,
        conversationId: conversation.id,
        content,
      });
      return run.id;
    },
    turn(runId, overrides = {}) {
      const { limits, ...rest } = overrides;
      return runTurn({
        db: t.db,
        userId: user.id,
        conversationId: conversation.id,
        runId,
        model,
        registry,
        budget,
        signal: new AbortController().signal,
        emit: async (event) => {
          events.push(event);
        },
        ...rest,
        limits: { ...DEFAULT_LIMITS, ...limits },
      });
    },
    async close() {
      await server.close();
      redis.disconnect();
      await t.close();
    },
  };
  return fixture;
}

/** A read tool that records its calls and answers after `delayMs`. */
export function echoTool(
  options: { name?: string; delayMs?: number; content?: (text: string) => string } = {},
) {
  const calls: Array<{ text: string; startedAt: number; endedAt: number }> = [];
  const tool = defineTool({
    name: options.name ?? "echo",
    description: "Echoes the text back.",
    kind: "read",
    input: z.object({ text: z.string().min(1) }),
    async run(args) {
      const startedAt = performance.now();
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      calls.push({ text: args.text, startedAt, endedAt: performance.now() });
      return {
        content: options.content ? options.content(args.text) : `echo: ${args.text}`,
        summary: `Echoed ${args.text.length} characters`,
        citations: [{ kind: "url", label: `echo:${args.text}`, url: `https://example.com/${args.text}` }],
      };
    },
  });
  return { tool, calls };
}

/** A write tool that records every run. */
export function createIssueTool() {
  const runs: unknown[] = [];
  const tool = defineTool({
    name: "create_issue",
    description: "Creates a Jira issue.",
    kind: "write",
    input: z.object({ project: z.string(), title: z.string() }),
    async run(args) {
      runs.push(args);
      return { content: `Created ${args.project}-1`, summary: `Created ${args.project}-1` };
    },
  });
  return { tool, runs };
}
