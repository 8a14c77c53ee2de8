import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Conversations from "./conversations.ts";
import * as Runs from "./runs.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "./test-database.ts";
import type { User } from "./users.ts";

let t: TestDatabase;
let alice: User;
beforeEach(async () => {
  t = await openTestDatabase();
  alice = await addTestUser(t.db);
});
afterEach(async () => {
  await t.close();
});

describe("Runs", () => {
  it("creates queued chat and docs runs and shows them only to their user", async () => {
    const conversation = await Conversations.create(t.db, alice.id, {});
    const chat = await Runs.create(t.db, { userId: alice.id, conversationId: conversation.id, kind: "chat" });
    const docs = await Runs.create(t.db, { userId: alice.id, kind: "docs" });
    expect(chat).toMatchObject({
      conversationId: conversation.id,
      status: "queued",
      usage: null,
      error: null,
    });
    expect(await Runs.get(t.db, alice.id, chat.id)).toEqual(chat);
    expect(await Runs.get(t.db, alice.id, docs.id)).toMatchObject({ conversationId: null, kind: "docs" });

    const bob = await addTestUser(t.db);
    expect(await Runs.get(t.db, bob.id, chat.id)).toBeNull();
    expect(await Runs.get(t.db, alice.id, "missing")).toBeNull();
  });

  it("moves through statuses, storing usage and error as JSON", async () => {
    const run = await Runs.create(t.db, { userId: alice.id, kind: "docs" });
    await new Promise((r) => setTimeout(r, 2));
    await Runs.setStatus(t.db, run.id, "running");
    const usage = { inputTokens: 1200, outputTokens: 80, model: "gpt-4.1-mini" };
    await Runs.setStatus(t.db, run.id, "failed", { usage, error: { code: "internal", message: "boom" } });
    const failed = await Runs.get(t.db, alice.id, run.id);
    expect(failed).toMatchObject({ status: "failed", usage, error: { code: "internal", message: "boom" } });
    expect(failed && failed.updatedAt > run.updatedAt).toBe(true);

    await Runs.setStatus(t.db, run.id, "queued", { error: null });
    expect(await Runs.get(t.db, alice.id, run.id)).toMatchObject({ status: "queued", usage, error: null });
  });

  it("throws not_found for an unknown run and rejects an unknown status", async () => {
    await expect(Runs.setStatus(t.db, "missing", "running")).rejects.toMatchObject({ code: "not_found" });
    const run = await Runs.create(t.db, { userId: alice.id, kind: "docs" });
    await expect(Runs.setStatus(t.db, run.id, "paused" as Runs.RunStatus)).rejects.toThrow(
      /CHECK constraint/,
    );
  });

  it("lists unfinished chat runs unchanged since a time in the order asked, those awaiting approval last", async () => {
    const conversation = await Conversations.create(t.db, alice.id, {});
    const chat = () => Runs.create(t.db, { userId: alice.id, conversationId: conversation.id, kind: "chat" });
    const [awaiting, running, queued, done] = [await chat(), await chat(), await chat(), await chat()];
    await Runs.create(t.db, { userId: alice.id, kind: "docs" });
    await Runs.setStatus(t.db, awaiting.id, "awaiting_approval");
    await Runs.setStatus(t.db, running.id, "running");
    await Runs.setStatus(t.db, done.id, "completed");
    const later = new Date(Date.now() + 60_000).toISOString();

    const listed = await Runs.listUnfinished(t.db, { kind: "chat", updatedBefore: later, limit: 10 });
    expect(listed.map((r) => r.id)).toEqual([running.id, queued.id, awaiting.id]);
    expect(await Runs.listUnfinished(t.db, { kind: "chat", updatedBefore: later, limit: 1 })).toHaveLength(1);
    expect(
      await Runs.listUnfinished(t.db, { kind: "chat", updatedBefore: queued.createdAt, limit: 10 }),
    ).toEqual([]);
    expect(await Runs.countUnfinished(t.db)).toEqual({ queued: 2, running: 1, awaiting_approval: 1 });
  });

  it("fails a run only while it is as it was seen", async () => {
    const conversation = await Conversations.create(t.db, alice.id, {});
    const run = await Runs.create(t.db, { userId: alice.id, conversationId: conversation.id, kind: "chat" });
    const error = { code: "interrupted", message: "Interrupted" };
    await new Promise((resolve) => setTimeout(resolve, 2));
    await Runs.setStatus(t.db, run.id, "running");

    expect(await Runs.failIfUnchanged(t.db, run, error)).toBe(false);
    const seen = (await Runs.get(t.db, alice.id, run.id)) as Runs.Run;
    expect(await Runs.failIfUnchanged(t.db, seen, error)).toBe(true);
    expect(await Runs.get(t.db, alice.id, run.id)).toMatchObject({ status: "failed", error });
  });
});
