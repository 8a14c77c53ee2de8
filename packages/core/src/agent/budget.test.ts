import type { ChatRequest } from "@finchat/testkit";
import { afterEach, describe, expect, it } from "vitest";
import * as Conversations from "../db/conversations.ts";
import * as Messages from "../db/messages.ts";
import { redisTokenBudget } from "./budget.ts";
import { tokensUsedToday } from "./daily-usage.ts";
import { echoTool, openTurnFixture, TEST_MODEL, type TurnFixture } from "./turn-fixture.ts";
import { recordUsage } from "./usage.ts";

let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

/** Asks `content` in a new conversation of the fixture's user; returns the run and conversation. */
async function askInNewConversation(content: string) {
  const conversation = await Conversations.create(f.t.db, f.userId, {});
  const { run } = await Messages.appendUserTurn(f.t.db, {
    userId: f.userId,
    conversationId: conversation.id,
    content,
  });
  return { runId: run.id, conversationId: conversation.id };
}

const answered = (request: ChatRequest) => request.body.messages.some((m) => m.role === "tool");
const promptTokensOf = (request: ChatRequest) =>
  Math.ceil((JSON.stringify(request.body.messages) + JSON.stringify(request.body.tools ?? [])).length / 4);

describe("the daily token budget under concurrency", () => {
  it("12 turns at once use at most the budget plus one model call's worst case", async () => {
    const echo = echoTool({ delayMs: 20 });
    f = await openTurnFixture({ tools: [echo.tool] });
    // Two model calls per turn: a tool call, then the answer; slow enough that all 12 overlap.
    f.server.answerForever((request) =>
      answered(request)
        ? { text: "Closing cash rose 4% in March.", delayFirstTokenMs: 100 }
        : { toolCalls: [{ name: "echo", arguments: { text: "cash" } }], delayFirstTokenMs: 100 },
    );
    const limits = { dailyTokenBudget: 3000, maxOutputTokens: 100 };
    const asked = await Promise.all(
      Array.from({ length: 12 }, (_, i) => askInNewConversation(`How did cash move in month ${i}?`)),
    );

    const outcomes = await Promise.all(
      asked.map(({ runId, conversationId }) => f.turn(runId, { conversationId, limits })),
    );

    const used = await tokensUsedToday(f.t.db, f.userId);
    const worstCall = Math.max(...f.server.requests.map((r) => promptTokensOf(r) + limits.maxOutputTokens));
    console.info(`12 turns: ${used} tokens used of a ${limits.dailyTokenBudget} budget`);
    expect(used).toBeLessThanOrEqual(limits.dailyTokenBudget + worstCall);
    expect(used).toBeGreaterThan(0);
    const refused = outcomes.filter((o) => o.status === "failed" && o.code === "budget_exceeded");
    const stopped = outcomes.filter((o) => o.status === "completed" && o.limit === "daily_budget");
    expect(refused.length + stopped.length).toBeGreaterThan(0);
    for (const request of f.server.requests) {
      expect(request.body.max_completion_tokens).toBe(limits.maxOutputTokens);
    }
    // Every reservation was settled: the whole budget is free again once the usage is counted.
    const held = await f.redis.keys(`budget:{${f.userId}:*}:held`);
    for (const key of held) expect(await f.redis.zcard(key)).toBe(0);
  });
});

describe("redisTokenBudget", () => {
  it("holds reservations until settled, and counts a settled call even before the database shows it", async () => {
    f = await openTurnFixture();
    const budget = redisTokenBudget(f.redis);
    const request = { db: f.t.db, userId: f.userId, budget: 1000 };

    const first = await budget.reserve({ ...request, tokens: 600 });
    const second = await budget.reserve({ ...request, tokens: 600 });
    expect(first?.tokens).toBe(600);
    expect(second?.tokens).toBe(600);
    expect(await budget.reserve({ ...request, tokens: 1 })).toBeNull();

    // Settled to what they used; the usage rows are not stored (yet): Redis still counts them.
    await first?.settle(300);
    await second?.settle(0);
    expect(await budget.reserve({ ...request, tokens: 1 })).not.toBeNull();
    await recordUsage(f.t.db, {
      userId: f.userId,
      model: TEST_MODEL,
      kind: "chat",
      promptTokens: 1000,
      completionTokens: 0,
    });
    expect(await budget.reserve({ ...request, tokens: 1 })).toBeNull();
  });

  it("starts from the tokens the caller read for the day, only for that day", async () => {
    f = await openTurnFixture();
    const budget = redisTokenBudget(f.redis);
    const request = { db: f.t.db, userId: f.userId, budget: 1000, tokens: 10 };
    const now = new Date();
    const recorded = { day: now.toISOString().slice(0, 10), tokens: 1000 };

    // The database holds nothing: the figure read with the run is what refuses the call.
    expect(await budget.reserve({ ...request, now, recorded })).toBeNull();
    // A figure of another day is not the day's: the database is asked.
    const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    expect(await budget.reserve({ ...request, now: tomorrow, recorded })).not.toBeNull();
  });

  it("lets the reservation of a Worker that died run out", async () => {
    f = await openTurnFixture();
    const budget = redisTokenBudget(f.redis, { ttlMs: 300 });
    const request = { db: f.t.db, userId: f.userId, budget: 1000 };

    // Reserved and never settled, as by a Worker killed mid-call.
    expect(await budget.reserve({ ...request, tokens: 5000 })).not.toBeNull();
    expect(await budget.reserve({ ...request, tokens: 10 })).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 350));

    expect(await budget.reserve({ ...request, tokens: 10 })).not.toBeNull();
  });
});
