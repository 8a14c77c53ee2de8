import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Conversations from "./conversations.ts";
import * as Messages from "./messages.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "./test-database.ts";
import type { User } from "./users.ts";

let t: TestDatabase;
let alice: User;
let conversationId: string;
beforeEach(async () => {
  t = await openTestDatabase();
  alice = await addTestUser(t.db);
  conversationId = (await Conversations.create(t.db, alice.id, {})).id;
});
afterEach(async () => {
  await t.close();
});

async function countMessages(): Promise<unknown> {
  return (await t.db.execute("SELECT count(*) AS n FROM messages")).rows[0]?.n;
}

async function updatedAt(): Promise<string | undefined> {
  return (await Conversations.find(t.db, alice.id, conversationId))?.updatedAt;
}

describe("Messages.append", () => {
  it("stores tool calls and citations and bumps the conversation's updatedAt", async () => {
    const before = await updatedAt();
    await new Promise((r) => setTimeout(r, 2));
    const toolCalls = [{ id: "call_1", name: "github.search", args: { q: "ledger" } }];
    const citations = [{ ref: "acme/ledger/src/post.ts#L10-L40" }];
    const { message, created } = await Messages.append(t.db, {
      conversationId,
      role: "assistant",
      content: "Found it.",
      toolCalls,
      citations,
    });
    expect(created).toBe(true);
    expect(message).toMatchObject({ role: "assistant", content: "Found it.", toolCalls, citations });
    expect(await updatedAt()).toBe(message.createdAt);
    expect(message.createdAt > (before ?? "")).toBe(true);

    const [stored] = (await Conversations.get(t.db, alice.id, conversationId))?.messages ?? [];
    expect(stored).toEqual({ ...message, runId: null });
    const plain = await Messages.append(t.db, { conversationId, role: "user", content: "thanks" });
    // A question also says where it hangs in the conversation (no run yet: at the top).
    expect(Object.keys(plain.message).sort()).toEqual(["content", "createdAt", "id", "parentRunId", "role"]);
    expect(plain.message.parentRunId).toBeNull();
  });

  it("is idempotent per clientMessageId within a conversation", async () => {
    const first = await Messages.append(t.db, {
      conversationId,
      role: "user",
      content: "hi",
      clientMessageId: "k1",
    });
    const bumped = await updatedAt();
    await new Promise((r) => setTimeout(r, 2));
    const again = await Messages.append(t.db, {
      conversationId,
      role: "user",
      content: "hi (retried)",
      clientMessageId: "k1",
    });
    expect(again).toEqual({ message: first.message, created: false, runId: null });
    expect(await countMessages()).toBe(1);
    expect(await updatedAt()).toBe(bumped);

    const elsewhere = (await Conversations.create(t.db, alice.id, {})).id;
    const other = await Messages.append(t.db, {
      conversationId: elsewhere,
      role: "user",
      content: "hi",
      clientMessageId: "k1",
    });
    expect(other.created).toBe(true);
  });

  it("creates one message when the same post races itself", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        Messages.append(t.db, { conversationId, role: "user", content: "hi", clientMessageId: "k" }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
  });

  it("throws not_found for a missing conversation and writes nothing", async () => {
    await expect(
      Messages.append(t.db, { conversationId: "missing", role: "user", content: "x" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await countMessages()).toBe(0);
  });
});

describe("Messages.appendUserTurn", () => {
  it("creates the message with a queued chat run, once per clientMessageId", async () => {
    const input = { userId: alice.id, conversationId, content: "What changed?", clientMessageId: "turn-1" };
    const first = await Messages.appendUserTurn(t.db, input);
    expect(first.created).toBe(true);
    expect(first.message).toMatchObject({ role: "user", content: "What changed?" });
    expect(first.run).toMatchObject({ conversationId, userId: alice.id, kind: "chat", status: "queued" });

    const retry = await Messages.appendUserTurn(t.db, input);
    expect(retry).toEqual({ message: first.message, run: first.run, created: false });
    const runs = await t.db.execute("SELECT count(*) AS n FROM runs");
    expect(runs.rows[0]?.n).toBe(1);
  });

  it("refuses a conversation the user does not own", async () => {
    const mallory = await addTestUser(t.db);
    await expect(
      Messages.appendUserTurn(t.db, { userId: mallory.id, conversationId, content: "hi" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await countMessages()).toBe(0);
  });

  // On a remote server a new question is one batch and everything else goes the interactive way:
  // both must place questions, refuse bad parents and find earlier writes alike.
  it("hangs a question after the newest answer, a named one, or at the top", async () => {
    const turn = (content: string, parentRunId?: string | null) =>
      Messages.appendUserTurn(t.db, {
        userId: alice.id,
        conversationId,
        content,
        ...(parentRunId !== undefined ? { parentRunId } : {}),
      });
    const first = await turn("one");
    expect(first.message.parentRunId).toBeNull();
    const second = await turn("two");
    expect(second.message.parentRunId).toBe(first.run.id);
    const edit = await turn("two, edited", first.run.id);
    expect(edit.message.parentRunId).toBe(first.run.id);
    const top = await turn("one, edited", null);
    expect(top.message.parentRunId).toBeNull();
    expect(await updatedAt()).toBe(top.message.createdAt);

    const elsewhere = (await Conversations.create(t.db, alice.id, {})).id;
    const foreign = await Messages.appendUserTurn(t.db, {
      userId: alice.id,
      conversationId: elsewhere,
      content: "x",
    });
    await expect(turn("bad", foreign.run.id)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(turn("bad", "no-such-run")).rejects.toMatchObject({ code: "invalid_request" });
    expect(await countMessages()).toBe(5);
    const runs = await t.db.execute({
      sql: "SELECT count(*) AS n FROM runs WHERE conversation_id = ?",
      args: [conversationId],
    });
    expect(runs.rows[0]?.n).toBe(4);
  });

  it("gives a stored question without a run its run, once", async () => {
    const stored = await Messages.append(t.db, {
      conversationId,
      role: "user",
      content: "q",
      clientMessageId: "k",
    });
    const input = { userId: alice.id, conversationId, content: "q", clientMessageId: "k" };
    const turn = await Messages.appendUserTurn(t.db, input);
    expect(turn).toMatchObject({ message: stored.message, created: false, run: { status: "queued" } });
    expect(await Messages.appendUserTurn(t.db, input)).toEqual(turn);
    expect(await countMessages()).toBe(1);
  });

  it("calls alongside once with the stored turn, also for a retry", async () => {
    const seen: Messages.UserTurn[] = [];
    const alongside = async (turn: Messages.UserTurn) => {
      seen.push(turn);
    };
    const input = { userId: alice.id, conversationId, content: "q", clientMessageId: "k" };
    const first = await Messages.appendUserTurn(t.db, input, { alongside });
    const retry = await Messages.appendUserTurn(t.db, input, { alongside });
    expect(seen).toEqual([first, retry]);
    expect(retry.run.id).toBe(first.run.id);
  });
});
