import { afterEach, describe, expect, it } from "vitest";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { tokensUsedToday } from "./daily-usage.ts";
import { recordUsage, tokensUsedSince } from "./usage.ts";

let t: TestDatabase;
afterEach(async () => {
  await t.close();
});

describe("tokensUsedToday", () => {
  it("follows every insert, update and delete of usage events, per user and UTC day", async () => {
    t = await openTestDatabase();
    const [alice, bob] = [await addTestUser(t.db), await addTestUser(t.db)];
    const call = { model: "gpt-4.1-mini", kind: "chat" as const, promptTokens: 10, completionTokens: 2 };
    await recordUsage(t.db, { ...call, userId: alice.id });
    await recordUsage(t.db, { ...call, userId: alice.id, kind: "title" });
    await recordUsage(t.db, { ...call, userId: bob.id, promptTokens: 1 });
    expect(await tokensUsedToday(t.db, alice.id)).toBe(24);
    expect(await tokensUsedToday(t.db, bob.id)).toBe(3);

    await t.db.execute({
      sql: "UPDATE usage_events SET created_at = ? WHERE user_id = ? AND kind = 'title'",
      args: ["2000-01-01T00:00:00.000Z", alice.id],
    });
    await t.db.execute({ sql: "DELETE FROM usage_events WHERE user_id = ?", args: [bob.id] });

    expect(await tokensUsedToday(t.db, alice.id)).toBe(12);
    expect(await tokensUsedToday(t.db, alice.id, new Date("2000-01-01T12:00:00Z"))).toBe(12);
    expect(await tokensUsedToday(t.db, bob.id)).toBe(0);
    expect(await tokensUsedToday(t.db, alice.id)).toBe(await tokensUsedSince(t.db, alice.id));
  });
});
