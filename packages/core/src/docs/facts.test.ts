import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { factsCache } from "../db/docs-cache.ts";
import { openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import type { RepoFile } from "../repo/types.ts";
import { extractFileFacts } from "./analysis/index.ts";
import { analyserVersion, type CachedFacts, collectFacts } from "./facts.ts";

let t: TestDatabase;
beforeEach(async () => {
  t = await openTestDatabase();
});
afterEach(async () => {
  await t.close();
});

const texts = new Map<string, string | null>([
  ["src/ledger.ts", "export function post() {}\n"],
  ["src/report.py", "def total():\n    return 1\n"],
  ["data/blob.txt", null],
]);
const files: RepoFile[] = [...texts.keys()].map((path) => ({ path, blobSha: `sha-${path}`, size: 10 }));

function countingReader() {
  const reads: string[] = [];
  return {
    reads,
    readText: async (file: RepoFile) => {
      reads.push(file.path);
      return texts.get(file.path) ?? null;
    },
  };
}

describe("collectFacts", () => {
  it("reads each file once; a rerun takes everything from the cache, unreadable files included", async () => {
    const cache = factsCache<CachedFacts>(t.db, await analyserVersion());
    const first = countingReader();
    const progress: number[] = [];
    const run = (reader: ReturnType<typeof countingReader>) =>
      collectFacts({
        reader,
        files,
        cache,
        extract: extractFileFacts,
        concurrency: 2,
        onProgress: (n) => progress.push(n),
      });
    const collected = await run(first);
    expect(first.reads.sort()).toEqual([...texts.keys()].sort());
    expect([...collected.facts.keys()]).toEqual(["src/ledger.ts", "src/report.py"]);
    expect(collected.facts.get("src/report.py")).toMatchObject({ language: "Python", lines: 2 });
    expect(collected.unreadable).toEqual([{ path: "data/blob.txt", reason: "binary", size: 10 }]);
    expect(collected.fetched).toBe(3);
    expect(progress.at(-1)).toBe(3);

    const second = countingReader();
    const again = await run(second);
    expect(second.reads).toEqual([]);
    expect(again.fetched).toBe(0);
    expect([...again.facts.values()]).toEqual([...collected.facts.values()]);
    expect(again.unreadable).toEqual(collected.unreadable);
  });

  it("stops reading once a read fails, and rethrows it", async () => {
    const cache = factsCache<CachedFacts>(t.db, "v");
    let reads = 0;
    const failing = {
      readText: async () => {
        reads += 1;
        throw new Error("GitHub is down");
      },
    };
    await expect(
      collectFacts({ reader: failing, files, cache, extract: extractFileFacts, concurrency: 1 }),
    ).rejects.toThrow("GitHub is down");
    expect(reads).toBe(1);
  });

  it("versions the cache by the analyser's source", async () => {
    expect(await analyserVersion()).toMatch(/^[0-9a-f]{16}$/);
  });
});
