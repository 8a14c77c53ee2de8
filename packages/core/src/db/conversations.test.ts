import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Conversations from "./conversations.ts";
import * as Messages from "./messages.ts";
import * as Runs from "./runs.ts";
import { addTestUser, openTestDatabase, type TestDatabase } from "./test-database.ts";
import type { User } from "./users.ts";

let t: TestDatabase;
let alice: User;
let bob: User;
beforeEach(async () => {
  t = await openTestDatabase();
  alice = await addTestUser(t.db, "Alice");
  bob = await addTestUser(t.db, "Bob");
});
afterEach(async () => {
  await t.close();
});

async function count(table: string): Promise<unknown> {
  return (await t.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n;
}

describe("Conversations.create / get", () => {
  it("defaults the title and returns messages oldest first", async () => {
    const created = await Conversations.create(t.db, alice.id, {});
    expect(created.title).toBe("New conversation");
    expect(created.createdAt).toBe(created.updatedAt);
    for (const content of ["first", "second", "third"]) {
      await Messages.append(t.db, { conversationId: created.id, role: "user", content });
    }
    const loaded = await Conversations.get(t.db, alice.id, created.id);
    expect(loaded?.messages.map((m) => m.content)).toEqual(["first", "second", "third"]);
    expect(loaded?.title).toBe("New conversation");
    expect(loaded && loaded.updatedAt >= created.updatedAt).toBe(true);
  });
});

describe("Conversations.list", () => {
  it("pages newest first across 3 pages with no gaps or duplicates, ties broken by id", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await Conversations.create(t.db, alice.id, { title: `c${i}` })).id);
    // Equal timestamps for several rows: the id must break the tie.
    await t.db.execute({
      sql: "UPDATE conversations SET updated_at = '2026-01-01T00:00:00.000Z' WHERE id IN (?, ?, ?, ?)",
      args: [ids[1] ?? "", ids[2] ?? "", ids[3] ?? "", ids[4] ?? ""],
    });
    await Conversations.create(t.db, bob.id, { title: "bob's" });

    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await Conversations.list(t.db, alice.id, { limit: 3, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((c) => c.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([["c6", "c5", "c0"], ["c4", "c3", "c2"], ["c1"]]);
  });

  it("says there is no next page when the last page is exactly full", async () => {
    for (let i = 0; i < 2; i++) await Conversations.create(t.db, alice.id, {});
    expect((await Conversations.list(t.db, alice.id, { limit: 2 })).nextCursor).toBeNull();
    expect((await Conversations.list(t.db, alice.id, { limit: 1 })).nextCursor).toEqual(expect.any(String));
  });

  it("rejects a malformed cursor or limit as invalid_request", async () => {
    const valid = Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", "x"])).toString("base64url");
    expect((await Conversations.list(t.db, alice.id, { limit: 5, cursor: valid })).items).toEqual([]);
    const malformed = [
      "not a cursor!",
      "",
      Buffer.from("{").toString("base64url"),
      Buffer.from(JSON.stringify({ a: 1 })).toString("base64url"),
      Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url"),
      Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", 5])).toString("base64url"),
    ];
    for (const cursor of malformed) {
      await expect(Conversations.list(t.db, alice.id, { limit: 5, cursor })).rejects.toMatchObject({
        code: "invalid_request",
        message: "Invalid cursor",
      });
    }
    for (const limit of [0, 101, 1.5]) {
      await expect(Conversations.list(t.db, alice.id, { limit })).rejects.toMatchObject({
        code: "invalid_request",
      });
    }
  });
});

describe("Conversations.list with q", () => {
  async function seed() {
    const budget = await Conversations.create(t.db, alice.id, { title: "Quarterly budget review" });
    const infra = await Conversations.create(t.db, alice.id, { title: "Infra" });
    await Messages.append(t.db, {
      conversationId: infra.id,
      role: "user",
      content: "Which invoices failed reconciliation?",
    });
    await Messages.append(t.db, {
      conversationId: infra.id,
      role: "assistant",
      content: 'He said "foo" AND( bar',
    });
    const bobs = await Conversations.create(t.db, bob.id, { title: "Budget (Bob)" });
    await Messages.append(t.db, {
      conversationId: bobs.id,
      role: "user",
      content: "invoices reconciliation",
    });
    return { budget, infra };
  }
  const search = async (q: string) =>
    (await Conversations.list(t.db, alice.id, { limit: 10, q })).items.map((c) => c.title);

  it("matches titles and message text of the user's own conversations only", async () => {
    await seed();
    expect(await search("budget")).toEqual(["Quarterly budget review"]);
    expect(await search("INVOICE reconcil")).toEqual(["Infra"]); // stemmed, case-insensitive, last word a prefix
    expect(await search("budget invoices")).toEqual([]); // every word must appear
    expect(await search("   ")).toEqual(["Infra", "Quarterly budget review"]);
  });

  it("treats hostile query strings as plain text instead of failing", async () => {
    await seed();
    expect(await search('"foo')).toEqual(["Infra"]);
    expect(await search("AND(")).toEqual(["Infra"]);
    for (const q of [
      '"',
      "*",
      "AND",
      "OR NOT",
      "NEAR(a b",
      "title:budget",
      "-",
      "^budget",
      "'; DROP TABLE users; --",
      "\u0000",
      '""""',
      "(",
      "a:b:c",
      "💸",
    ]) {
      await expect(search(q)).resolves.toEqual(expect.any(Array));
    }
    expect(await search("quarterly:budget")).toEqual(["Quarterly budget review"]); // a phrase, not a column filter
    expect(await count("users")).toBe(2);
  });

  it("follows renames and deletions", async () => {
    const { budget, infra } = await seed();
    await Conversations.rename(t.db, alice.id, budget.id, "Forecast");
    expect(await search("budget")).toEqual([]);
    expect(await search("forecast")).toEqual(["Forecast"]);
    await Conversations.remove(t.db, alice.id, infra.id);
    expect(await search("reconciliation")).toEqual([]);
    for (const table of ["conversations_fts", "messages_fts"]) {
      await t.db.execute(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
    }
  });
});

describe("another user's conversation", () => {
  it("is invisible to get, rename, remove and list", async () => {
    const mine = await Conversations.create(t.db, alice.id, { title: "Mine" });
    expect(await Conversations.get(t.db, bob.id, mine.id)).toBeNull();
    expect(await Conversations.find(t.db, bob.id, mine.id)).toBeNull();
    expect(await Conversations.rename(t.db, bob.id, mine.id, "Stolen")).toBeNull();
    expect(await Conversations.remove(t.db, bob.id, mine.id)).toBe(false);
    expect((await Conversations.list(t.db, bob.id, { limit: 10 })).items).toEqual([]);
    expect((await Conversations.list(t.db, bob.id, { limit: 10, q: "mine" })).items).toEqual([]);
    expect(await Conversations.get(t.db, alice.id, mine.id)).toMatchObject({ title: "Mine" });
  });
});

describe("Conversations.rename / remove", () => {
  it("renames with a trimmed title, bumps updatedAt and refuses a blank one", async () => {
    const created = await Conversations.create(t.db, alice.id, {});
    await new Promise((r) => setTimeout(r, 2));
    const renamed = await Conversations.rename(t.db, alice.id, created.id, "  Cash flow ");
    expect(renamed).toMatchObject({ id: created.id, title: "Cash flow", createdAt: created.createdAt });
    expect(renamed && renamed.updatedAt > created.updatedAt).toBe(true);
    await expect(Conversations.rename(t.db, alice.id, created.id, " ")).rejects.toMatchObject({
      code: "invalid_request",
    });
  });

  it("deletes messages and runs with the conversation, and conversations with their user", async () => {
    const doomed = await Conversations.create(t.db, alice.id, {});
    await Messages.appendUserTurn(t.db, { userId: alice.id, conversationId: doomed.id, content: "hi" });
    expect(await Conversations.remove(t.db, alice.id, doomed.id)).toBe(true);
    expect(await Conversations.remove(t.db, alice.id, doomed.id)).toBe(false);
    expect([await count("messages"), await count("runs")]).toEqual([0, 0]);

    const kept = await Conversations.create(t.db, bob.id, {});
    await Messages.appendUserTurn(t.db, { userId: bob.id, conversationId: kept.id, content: "hi" });
    await Runs.create(t.db, { userId: bob.id, kind: "docs" });
    await t.db.execute({ sql: "DELETE FROM users WHERE id = ?", args: [bob.id] });
    expect([await count("conversations"), await count("messages"), await count("runs")]).toEqual([0, 0, 0]);
  });
});
