import { afterEach, describe, expect, it } from "vitest";
import * as Messages from "../db/messages.ts";
import { openTurnFixture, type TurnFixture } from "./turn-fixture.ts";

let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

async function userMessagesKept(): Promise<void> {
  const stored = await Messages.listByConversation(f.t.db, f.conversationId);
  expect(stored.map((m) => m.role)).toEqual(["user"]);
}

describe("runTurn: model failures", () => {
  it("lets the SDK retry a 429, then fails with model_rate_limited", async () => {
    f = await openTurnFixture({ maxRetries: 2 });
    f.server.answerForever({ error: { status: 429, retryAfter: 0.01, message: "Rate limit reached" } });

    const outcome = await f.turn(await f.ask("Hello?"));

    expect(outcome).toMatchObject({ status: "failed", code: "model_rate_limited" });
    expect(f.server.requests).toHaveLength(3);
    await userMessagesKept();
  });

  it("fails with model_unavailable on a 500", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ error: { status: 500, message: "The server had an error" } });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({
      status: "failed",
      code: "model_unavailable",
    });
    await userMessagesKept();
  });

  it("asks again, silently, for an answer whose stream was cut before any of its text", async () => {
    f = await openTurnFixture({ maxRetries: 0 });
    // Only the role chunk arrives before the connection drops.
    f.server.enqueue({ text: "This answer will not finish", chunkSize: 3, disconnectAfterChunks: 1 });
    f.server.enqueue({ text: "The whole answer." });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({ status: "completed" });
    expect(f.server.requests).toHaveLength(2);
    expect(f.events.map((e) => e.type)).not.toContain("run.started");
    const text = f.events.flatMap((e) => (e.type === "message.delta" ? [e.data.text] : [])).join("");
    expect(text).toBe("The whole answer.");
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.map((m) => [m.role, m.content])).toEqual([
      ["user", "Hello?"],
      ["assistant", "The whole answer."],
    ]);
  });

  it("restarts an answer cut after some of its text: run.started tells clients to drop that text", async () => {
    f = await openTurnFixture({ maxRetries: 0 });
    f.server.enqueue({ text: "This answer will not finish", chunkSize: 3, disconnectAfterChunks: 3 });
    f.server.enqueue({ text: "Second try, whole." });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({ status: "completed" });
    const types = f.events.map((e) => e.type);
    const restart = types.indexOf("run.started");
    expect(restart).toBeGreaterThan(0);
    expect(types.slice(0, restart).every((t) => t === "message.delta")).toBe(true);
    const after = f.events
      .slice(restart + 1)
      .flatMap((e) => (e.type === "message.delta" ? [e.data.text] : []));
    expect(after.join("")).toBe("Second try, whole.");
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.at(-1)?.content).toBe("Second try, whole.");
  });

  it("treats a stream that ends without a finish reason as cut, never storing the half answer", async () => {
    f = await openTurnFixture({ maxRetries: 0 });
    f.server.enqueue({ text: "Half an ans", chunkSize: 4, endAfterChunks: 2 });
    f.server.enqueue({ text: "A whole answer." });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({ status: "completed" });
    const stored = await Messages.listByConversation(f.t.db, f.conversationId);
    expect(stored.at(-1)?.content).toBe("A whole answer.");
  });

  it("fails with model_unavailable when the stream is cut every time, after two more tries", async () => {
    f = await openTurnFixture({ maxRetries: 2 });
    f.server.answerForever({ text: "This answer will not finish", chunkSize: 3, disconnectAfterChunks: 3 });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({
      status: "failed",
      code: "model_unavailable",
      message: expect.stringMatching(/broke mid-answer/),
    });
    // The SDK's retries cover failures before the answer starts; a cut is asked for again twice.
    expect(f.server.requests).toHaveLength(3);
    await userMessagesKept();
  });

  it("fails with model_auth_failed when the key is refused", async () => {
    f = await openTurnFixture();
    f.server.enqueue({ error: { status: 401, message: "Incorrect API key provided" } });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({
      status: "failed",
      code: "model_auth_failed",
    });
  });

  it("fails fast with llm_not_configured and a message saying how to configure a model", async () => {
    f = await openTurnFixture();

    const outcome = await f.turn(await f.ask("Hello?"), { model: null });

    expect(outcome).toMatchObject({ status: "failed", code: "llm_not_configured" });
    expect((outcome as { message: string }).message).toMatch(/OPENAI_API_KEY[\s\S]*OPENAI_BASE_URL/);
    expect(f.server.requests).toHaveLength(0);
    await userMessagesKept();
  });
});
