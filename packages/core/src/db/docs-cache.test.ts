import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { factsCache, summaryCache } from "./docs-cache.ts";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  await t.close();
});

describe("factsCache", () => {
  it("returns stored facts by blob SHA and path, for its analyser version only", async () => {
    const v1 = factsCache<{ lines: number }>(t.db, "1");
    await v1.putMany([
      { key: { path: "a.ts", blobSha: "sha-a" }, facts: { lines: 10 } },
      { key: { path: "b.ts", blobSha: "sha-b" }, facts: { lines: 20 } },
    ]);
    const found = await v1.getMany([
      { path: "a.ts", blobSha: "sha-a" },
      { path: "b.ts", blobSha: "sha-changed" },
      { path: "moved.ts", blobSha: "sha-a" },
    ]);
    expect([...found]).toEqual([["a.ts", { lines: 10 }]]);
    expect((await factsCache(t.db, "2").getMany([{ path: "a.ts", blobSha: "sha-a" }])).size).toBe(0);
  });

  it("handles more files than one statement takes, and keeps the first entry of a key", async () => {
    const cache = factsCache<{ n: number }>(t.db, "1");
    const keys = Array.from({ length: 1203 }, (_, n) => ({ path: `f${n}.ts`, blobSha: `sha${n}` }));
    await cache.putMany(keys.map((key, n) => ({ key, facts: { n } })));
    await cache.putMany([{ key: keys[5] ?? { path: "", blobSha: "" }, facts: { n: -1 } }]);
    const found = await cache.getMany(keys);
    expect(found.size).toBe(1203);
    expect(found.get("f1202.ts")).toEqual({ n: 1202 });
    expect(found.get("f5.ts")).toEqual({ n: 5 });
  });
});

describe("summaryCache", () => {
  it("stores a summary with its model and tokens once", async () => {
    const cache = summaryCache(t.db);
    expect(await cache.get("k")).toBeNull();
    const entry = { summary: "Posts journal entries.", model: "m", promptTokens: 120, completionTokens: 30 };
    await cache.put("k", entry);
    await cache.put("k", { ...entry, summary: "other" });
    expect(await cache.get("k")).toEqual(entry);
  });
});
