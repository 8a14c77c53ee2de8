import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { createLogger } from "../observability/logger.ts";
import { indexRepository } from "./index-repository.ts";
import { searchIndex } from "./search.ts";
import { MemoryRepoReader, sampleSource } from "./test-support.ts";

const logger = createLogger({ level: "silent", service: "test" });

function ledgerRepo(): MemoryRepoReader {
  return new MemoryRepoReader("acme/ledger", {
    "src/post.ts": sampleSource("posting", [
      { name: "postJournalEntry", words: "Posts a journal entry to the general ledger." },
      { name: "reverseEntry", words: "Reverses a posted entry with an offsetting one." },
      { name: "closePeriod", words: "Closes the accounting period once balances reconcile." },
      { name: "trialBalance", words: "Lists every account with its debit and credit totals." },
    ]),
    "src/fx.ts": sampleSource("currency", [
      { name: "convertCurrency", words: "Converts amounts between currencies at the daily rate." },
    ]),
    "README.md": "# Ledger\n\nDouble-entry bookkeeping for the finance team.\nRun it with npm start.\n",
    "assets/logo.bin": "PNG\0\0binary",
  });
}

async function chunkTexts(db: TestDatabase["db"], path: string): Promise<string[]> {
  const result = await db.execute({
    sql: "SELECT c.text FROM search_chunks c JOIN search_files f ON f.id = c.file_id WHERE f.path = ? ORDER BY c.chunk_no",
    args: [path],
  });
  return result.rows.map((row) => String(row.text));
}

describe("indexRepository", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it("indexes every file once; a second run of the same snapshot reads nothing", async () => {
    const reader = ledgerRepo();
    const first = await indexRepository({ db: database.db, reader, logger });
    expect(first).toMatchObject({ label: "acme/ledger", files: 4, filesRead: 4, filesUnreadable: 1 });
    expect(first.chunksAdded).toBe(4); // post.ts is 149 lines, so 2 chunks; fx.ts and README.md 1 each
    expect(await chunkTexts(database.db, "src/post.ts")).toHaveLength(2);

    const second = await indexRepository({ db: database.db, reader, logger });
    expect(second).toMatchObject({ filesRead: 0, chunksAdded: 0, chunksRemoved: 0, filesRemoved: 0 });
    expect(reader.reads).toHaveLength(4);
  });

  it("re-reads only a changed file, drops its old chunks, and removes deleted files", async () => {
    const reader = ledgerRepo();
    await indexRepository({ db: database.db, reader, logger });
    reader.reads.length = 0;
    reader.set(
      "src/fx.ts",
      sampleSource("currency", [{ name: "revalueBalances", words: "Revalues foreign balances." }]),
    );
    reader.remove("README.md");

    const run = await indexRepository({ db: database.db, reader, logger });
    expect(reader.reads).toEqual(["src/fx.ts"]);
    expect(run).toMatchObject({ filesRead: 1, filesRemoved: 1, chunksAdded: 1, chunksRemoved: 2 });
    const fx = await chunkTexts(database.db, "src/fx.ts");
    expect(fx).toHaveLength(1);
    expect(fx[0]).toContain("revalueBalances");
    expect(await chunkTexts(database.db, "README.md")).toEqual([]);
    expect(await searchIndex({ db: database.db, query: "convertCurrency" })).toEqual([]);
    expect(await searchIndex({ db: database.db, query: "bookkeeping" })).toEqual([]);
    const [hit] = await searchIndex({ db: database.db, query: "revalue foreign balances" });
    expect(hit?.citation.label).toBe(`acme/ledger@${run.commitSha.slice(0, 7)}:src/fx.ts#L1-L38`);
  });

  it("cites unchanged files at the newest indexed commit", async () => {
    const reader = ledgerRepo();
    await indexRepository({ db: database.db, reader, logger });
    reader.set("src/new.ts", "export const added = true;\n");
    const run = await indexRepository({ db: database.db, reader, logger });
    const [hit] = await searchIndex({ db: database.db, query: "daily rate" });
    expect(hit?.citation.label).toContain(`@${run.commitSha.slice(0, 7)}:src/fx.ts`);
  });
});
