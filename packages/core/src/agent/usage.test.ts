import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addTestUser, openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { addCosts, costOf } from "./pricing.ts";
import { recordUsage, tokensUsedSince, usageReport, utcMidnight } from "./usage.ts";

describe("costOf", () => {
  it("prices tokens exactly per million, also for dated snapshots", () => {
    expect(costOf("gpt-4.1-mini", { promptTokens: 3, completionTokens: 1 })).toEqual({
      costUsd: "0.0000028000",
      priced: true,
    });
    expect(costOf("gpt-4o-2024-08-06", { promptTokens: 1_000_000, completionTokens: 0 }).costUsd).toBe(
      "2.5000000000",
    );
    expect(addCosts("0.1000000000", "0.2000000000")).toBe("0.3000000000");
  });

  it("counts unknown models at 0 with a flag, and takes an overriding table", () => {
    expect(costOf("llama3.1:8b", { promptTokens: 100, completionTokens: 100 })).toEqual({
      costUsd: "0.0000000000",
      priced: false,
    });
    const table = { "llama3.1:8b": { inputPerMillion: "0.05", outputPerMillion: "0.10" } };
    expect(
      costOf("llama3.1:8b", { promptTokens: 1_000_000, completionTokens: 1_000_000 }, table).costUsd,
    ).toBe("0.1500000000");
  });
});

describe("usage rows", () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
  });
  afterEach(async () => {
    await t.close();
  });

  it("sums today's tokens per user and reports exact costs by user, model and kind", async () => {
    const alice = await addTestUser(t.db, "Alice");
    const bob = await addTestUser(t.db, "Bob");
    const base = { model: "gpt-4.1-mini", kind: "chat" as const };
    for (let i = 0; i < 3; i++)
      await recordUsage(t.db, { ...base, userId: alice.id, promptTokens: 1, completionTokens: 0 });
    await recordUsage(t.db, {
      ...base,
      userId: alice.id,
      kind: "title",
      promptTokens: 10,
      completionTokens: 5,
    });
    await recordUsage(t.db, {
      ...base,
      userId: bob.id,
      model: "local",
      promptTokens: 7,
      completionTokens: 3,
    });
    await t.db.execute({
      sql: "UPDATE usage_events SET created_at = ? WHERE user_id = ? AND kind = 'title'",
      args: ["2000-01-01T00:00:00.000Z", alice.id],
    });

    expect(await tokensUsedSince(t.db, alice.id)).toBe(3);
    expect(await tokensUsedSince(t.db, bob.id)).toBe(10);

    const report = await usageReport(t.db, { from: utcMidnight(), to: "9999-01-01T00:00:00.000Z" });
    expect(
      report.map((r) => [r.userId, r.model, r.kind, r.calls, r.totalTokens, r.costUsd, r.priced]),
    ).toEqual(
      expect.arrayContaining([
        [alice.id, "gpt-4.1-mini", "chat", 3, 3, "0.0000012000", true],
        [bob.id, "local", "chat", 1, 10, "0.0000000000", false],
      ]),
    );
    expect(report).toHaveLength(2);
  });

  it("finds the last UTC midnight", () => {
    expect(utcMidnight(new Date("2025-03-04T23:59:59.999-05:00"))).toBe("2025-03-05T00:00:00.000Z");
  });
});
