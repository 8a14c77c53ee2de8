import { afterEach, describe, expect, it } from "vitest";
import * as Messages from "../db/messages.ts";
import { echoTool, openTurnFixture, TEST_MODEL, type TurnFixture } from "./turn-fixture.ts";
import { recordUsage } from "./usage.ts";

let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

describe("runTurn: limits and cancel", () => {
  it("ends with a clear message when the model still wants tools after max steps", async () => {
    const echo = echoTool();
    f = await openTurnFixture({ tools: [echo.tool] });
    f.server.answerForever({ toolCalls: [{ name: "echo", arguments: { text: "again" } }] });

    const outcome = await f.turn(await f.ask("Loop forever"), { limits: { maxSteps: 3 } });

    expect(outcome).toMatchObject({ status: "completed", limit: "max_steps" });
    expect((outcome as { content: string }).content).toContain("reached its limit of 3 steps");
    expect(f.server.requests).toHaveLength(3);
    expect(echo.calls).toHaveLength(3);
    expect(f.events.at(-1)?.type).toBe("message.completed");
  });

  it("ends the turn when its tokens pass the per-turn limit", async () => {
    const echo = echoTool();
    f = await openTurnFixture({ tools: [echo.tool] });
    f.server.answerForever({
      toolCalls: [{ name: "echo", arguments: { text: "more" } }],
      usage: { promptTokens: 600, completionTokens: 100 },
    });

    const outcome = await f.turn(await f.ask("Spend"), { limits: { maxTurnTokens: 1000 } });

    expect(outcome).toMatchObject({
      status: "completed",
      limit: "max_turn_tokens",
      usage: { totalTokens: 1400 },
    });
    expect(f.server.requests).toHaveLength(2);
  });

  it("refuses a new turn once the user's daily token budget is spent, keeping the user message", async () => {
    f = await openTurnFixture();
    await recordUsage(f.t.db, {
      userId: f.userId,
      model: TEST_MODEL,
      kind: "chat",
      promptTokens: 900,
      completionTokens: 200,
    });

    const outcome = await f.turn(await f.ask("One more?"), { limits: { dailyTokenBudget: 1000 } });

    expect(outcome).toEqual({
      status: "failed",
      code: "budget_exceeded",
      message: "You have used your daily budget of 1000 tokens; it resets at 00:00 UTC.",
    });
    expect(f.server.requests).toHaveLength(0);
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.map((m) => m.content)).toEqual(["One more?"]);
  });

  it("cancels a slow stream within a second of the abort", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ text: "slow ".repeat(50), chunkSize: 5, delayBetweenChunksMs: 300 });
    const controller = new AbortController();
    let abortedAt = 0;
    const outcome = await f.turn(await f.ask("Take your time"), {
      signal: controller.signal,
      emit: async (event) => {
        f.events.push(event);
        if (event.type === "message.delta" && abortedAt === 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });

    expect(outcome).toEqual({ status: "cancelled" });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(f.events.filter((e) => e.type === "message.delta")).toHaveLength(1);
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.map((m) => m.role)).toEqual(["user"]);
  });

  it("cancels during a tool that ignores the signal without waiting for it", async () => {
    const stubborn = echoTool({ delayMs: 2000 });
    f = await openTurnFixture({ tools: [stubborn.tool] });
    f.server.enqueue({ toolCalls: [{ name: "echo", arguments: { text: "slow" } }] });
    const controller = new AbortController();
    let abortedAt = Number.POSITIVE_INFINITY;
    // Cancel once the tool is running (not after a fixed delay, which a loaded machine can outrun).
    const emit = async (event: { type: string }) => {
      if (event.type !== "tool.started") return;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 50);
    };

    const outcome = await f.turn(await f.ask("Slow tool"), { signal: controller.signal, emit });

    expect(outcome).toEqual({ status: "cancelled" });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("throws when the run stream cannot take an event, rather than calling it a model failure", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ text: "Hello" });
    const failingEmit = async () => {
      throw new Error("redis down");
    };

    await expect(f.turn(await f.ask("Hi"), { emit: failingEmit })).rejects.toThrow("redis down");
  });
});
