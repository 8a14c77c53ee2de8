import { afterEach, describe, expect, it } from "vitest";
import * as Conversations from "../db/conversations.ts";
import { cleanTitle, generateTitle } from "./title.ts";
import { openTurnFixture, type TurnFixture } from "./turn-fixture.ts";
import { runUsage } from "./usage.ts";

let f: TurnFixture;
afterEach(async () => {
  await f.close();
});

async function answeredConversation(): Promise<string> {
  f = await openTurnFixture();
  f.server.enqueue({ text: "March closes on the 5th." });
  const runId = await f.ask("When does the March close happen?");
  await f.turn(runId);
  return runId;
}

async function title(): Promise<string | undefined> {
  return (await Conversations.find(f.t.db, f.userId, f.conversationId))?.title;
}

describe("generateTitle", () => {
  it("names a new conversation from its first exchange with one non-streamed call", async () => {
    const runId = await answeredConversation();
    f.server.enqueue({ text: '"March close date."\n', usage: { promptTokens: 40, completionTokens: 4 } });

    const result = await generateTitle({
      db: f.t.db,
      model: f.model,
      userId: f.userId,
      conversationId: f.conversationId,
      runId,
    });

    expect(result).toBe("March close date");
    expect(await title()).toBe("March close date");
    const request = f.server.requests[1]?.body;
    expect(request?.stream).toBeUndefined();
    expect(String(request?.messages[1]?.content)).toContain("When does the March close happen?");
    expect((await runUsage(f.t.db, runId, "title")).totalTokens).toBe(44);
  });

  it("ignores a failing model and leaves a title the person chose alone", async () => {
    await answeredConversation();
    f.server.enqueue({ error: { status: 500 } });
    const input = { db: f.t.db, model: f.model, userId: f.userId, conversationId: f.conversationId };

    expect(await generateTitle(input)).toBeNull();
    expect(await title()).toBe(Conversations.DEFAULT_TITLE);

    await Conversations.rename(f.t.db, f.userId, f.conversationId, "Close calendar");
    expect(await generateTitle(input)).toBeNull();
    expect(await title()).toBe("Close calendar");
    expect(f.server.requests).toHaveLength(2);
  });

  it("cleans the model's answer into one short line", () => {
    expect(cleanTitle("Title: **Quarterly accruals**\nMore text")).toBe("Quarterly accruals");
    expect(cleanTitle("x".repeat(100))).toHaveLength(80);
  });
});
