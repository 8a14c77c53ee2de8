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

  it("fails with model_unavailable when the stream is cut mid-answer, without a second retry layer", async () => {
    f = await openTurnFixture({ maxRetries: 2 });
    f.server.enqueue({ text: "This answer will not finish", chunkSize: 3, disconnectAfterChunks: 3 });

    expect(await f.turn(await f.ask("Hello?"))).toMatchObject({
      status: "failed",
      code: "model_unavailable",
    });
    expect(f.server.requests).toHaveLength(1);
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
