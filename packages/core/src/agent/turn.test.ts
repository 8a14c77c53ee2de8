import { afterEach, describe, expect, it } from "vitest";
import * as Messages from "../db/messages.ts";
import { roundCurrencyTool } from "./tools/finance/index.ts";
import { echoTool, openTurnFixture, type TurnFixture } from "./turn-fixture.ts";
import { runUsage } from "./usage.ts";

let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

describe("runTurn: answers", () => {
  it("streams an answer, stores it with its usage and cost, and a redelivered job does not answer twice", async () => {
    f = await openTurnFixture();
    f.server.enqueue({
      text: "Hello there, ledger friend",
      chunkSize: 5,
      usage: { promptTokens: 1000, completionTokens: 500 },
    });
    const runId = await f.ask("Hi");

    const outcome = await f.turn(runId);

    expect(outcome).toMatchObject({ status: "completed", content: "Hello there, ledger friend" });
    const deltas = f.events.filter((e) => e.type === "message.delta").map((e) => e.data.text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Hello there, ledger friend");
    const completed = f.events.at(-1);
    expect(completed?.type).toBe("message.completed");
    // gpt-4.1-mini: 1000 x $0.40/M + 500 x $1.60/M = $0.0012
    expect(completed?.data).toMatchObject({
      content: "Hello there, ledger friend",
      usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500, costUsd: "0.0012000000" },
    });
    const request = f.server.requests[0]?.body;
    expect(request?.messages[0]).toMatchObject({ role: "system" });
    expect(request?.messages.at(-1)).toEqual({ role: "user", content: "Hi" });
    expect(request).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      model: "gpt-4.1-mini",
    });

    const again = await f.turn(runId);
    expect(again).toMatchObject({
      status: "completed",
      messageId: (outcome as { messageId: string }).messageId,
    });
    expect(f.server.requests).toHaveLength(1);
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.map((m) => [m.role, m.content])).toEqual([
      ["user", "Hi"],
      ["assistant", "Hello there, ledger friend"],
    ]);
    expect((await runUsage(f.t.db, runId)).totalTokens).toBe(1500);
  });

  it("runs a tool round trip, wraps its output as untrusted data and cites it", async () => {
    const echo = echoTool();
    f = await openTurnFixture({ tools: [echo.tool, roundCurrencyTool] });
    f.server.enqueue(
      {
        toolCalls: [
          { name: "echo", arguments: { text: "ledger" } },
          { name: "round_currency", arguments: { amount: "2.345", currency: "USD" } },
        ],
      },
      { text: "Done." },
    );
    const runId = await f.ask("Echo ledger and round 2.345 USD");

    const outcome = await f.turn(runId);

    expect(outcome).toMatchObject({
      status: "completed",
      content: "Done.",
      citations: [{ kind: "url", label: "echo:ledger", url: "https://example.com/ledger" }],
    });
    expect(echo.calls.map((c) => c.text)).toEqual(["ledger"]);
    const second = f.server.requests[1]?.body;
    const toolMessages = second?.messages.filter((m) => m.role === "tool") ?? [];
    expect(toolMessages[0]).toEqual({
      role: "tool",
      tool_call_id: "call_1_0",
      content: '<tool_output tool="echo" untrusted="true">\necho: ledger\n</tool_output>',
    });
    expect(toolMessages[1]?.content).toContain('"rounded":"2.34"');
    expect(f.events.map((e) => e.type)).toEqual([
      "tool.started",
      "tool.started",
      "tool.completed",
      "tool.completed",
      "message.delta",
      "message.completed",
    ]);
    expect(f.server.requests[0]?.body.tools?.map((t) => t.type === "function" && t.function.name)).toEqual([
      "echo",
      "round_currency",
    ]);
  });

  it("runs parallel tool calls concurrently", async () => {
    const slow = echoTool({ delayMs: 200 });
    f = await openTurnFixture({ tools: [slow.tool] });
    f.server.enqueue(
      {
        toolCalls: [
          { name: "echo", arguments: { text: "a" } },
          { name: "echo", arguments: { text: "b" } },
        ],
      },
      { text: "Both done." },
    );
    const outcome = await f.turn(await f.ask("Two at once"));

    expect(outcome.status).toBe("completed");
    expect(slow.calls).toHaveLength(2);
    const start = Math.min(...slow.calls.map((c) => c.startedAt));
    const end = Math.max(...slow.calls.map((c) => c.endedAt));
    expect(end - start).toBeLessThan(350);
  });

  it("sends invalid arguments and unknown tools back to the model as tool errors, and still completes", async () => {
    const echo = echoTool();
    f = await openTurnFixture({ tools: [echo.tool] });
    f.server.enqueue(
      {
        toolCalls: [
          { name: "echo", arguments: { text: 42 } },
          { name: "drop_tables", arguments: {} },
          { name: "echo", arguments: "{not json" },
        ],
      },
      { text: "Sorry about that." },
    );
    const outcome = await f.turn(await f.ask("Try things"));

    expect(outcome).toMatchObject({ status: "completed", content: "Sorry about that." });
    expect(echo.calls).toHaveLength(0);
    const results = f.server.requests[1]?.body.messages
      .filter((m) => m.role === "tool")
      .map((m) => String(m.content));
    expect(results?.[0]).toMatch(/Invalid arguments for echo:[\s\S]*text/);
    expect(results?.[1]).toContain('There is no tool named "drop_tables". Available tools: echo.');
    expect(results?.[2]).toContain("The arguments are not valid JSON");
    const completedTools = f.events.filter((e) => e.type === "tool.completed");
    expect(completedTools.map((e) => e.data.ok)).toEqual([false, false, false]);
  });

  it("cuts a tool output over the cap and says so", async () => {
    const big = echoTool({ content: () => "x".repeat(5000) });
    f = await openTurnFixture({ tools: [big.tool] });
    f.server.enqueue({ toolCalls: [{ name: "echo", arguments: { text: "big" } }] }, { text: "ok" });
    await f.turn(await f.ask("Big output"), { limits: { maxToolOutputChars: 1000 } });

    const result = String(f.server.requests[1]?.body.messages.find((m) => m.role === "tool")?.content);
    expect(result).toContain(`${"x".repeat(1000)}\n[Output cut: showing the first 1000 of 5000 characters.`);
    expect(result).not.toContain("x".repeat(1001));
  });

  it("trims old history to the context budget but keeps the latest question", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ text: `Long answer ${"y".repeat(4000)}` }, { text: "Short answer" });
    await f.turn(await f.ask(`Old question ${"x".repeat(4000)}`));

    await f.turn(await f.ask("New question"), { limits: { contextTokens: 1200 } });

    const sent = f.server.requests[1]?.body.messages.map((m) => String(m.content).slice(0, 12));
    expect(sent).toEqual([expect.stringMatching(/^You are Finc/), "New question"]);
  });
});
