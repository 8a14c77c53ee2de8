import { hashedEmbedding, type OpenAIServer, startOpenAIServer } from "@finchat/testkit";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { openTestDatabase, type TestDatabase } from "../db/test-database.ts";
import { createLogger } from "../observability/logger.ts";
import { createConfiguredEmbedder } from "./configured-embedder.ts";
import { createOpenAIEmbedder } from "./embedder.ts";
import { indexRepository } from "./index-repository.ts";
import { fuse, searchIndex } from "./search.ts";
import { MemoryRepoReader, sampleSource } from "./test-support.ts";
import { nearestChunks } from "./vectors.ts";

const logger = createLogger({ level: "silent", service: "test" });
const links = { githubWebUrl: "https://github.com" };

const ledger = () =>
  new MemoryRepoReader("acme/ledger", {
    "src/post.ts": sampleSource("posting", [
      { name: "postJournalEntry", words: "Posts a journal entry to the general ledger." },
      { name: "reverseEntry", words: "Reverses a posted entry with an offsetting one." },
      { name: "closePeriod", words: "Closes the accounting period once balances reconcile." },
      { name: "accrueInterest", words: "Accrues interest on open loans at month end." },
    ]),
    "docs/setup.md": "# Setup\n\nInstall Node 24.\nCopy the example environment.\nStart the ledger.\n",
  });
const payroll = () =>
  new MemoryRepoReader("acme/payroll", {
    "src/accrue.ts": sampleSource("payroll", [
      { name: "accruePayroll", words: "Accrues payroll at month end." },
    ]),
  });

describe("searchIndex", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it("ranks the chunk that defines what was asked first and cites its lines at the commit", async () => {
    const run = await indexRepository({ db: database.db, reader: ledger(), logger });
    const hits = await searchIndex({ db: database.db, query: "accrue interest on loans", links });
    const sha = run.commitSha;
    expect(hits[0]).toMatchObject({
      source: "acme/ledger",
      kind: "github",
      path: "src/post.ts",
      lines: { start: 77, end: 149 },
      citation: {
        kind: "github",
        label: `acme/ledger@${sha.slice(0, 7)}:src/post.ts#L77-L149`,
        url: `https://github.com/acme/ledger/blob/${sha}/src/post.ts#L77-L149`,
      },
      matchedBy: ["text"],
    });
    expect(hits[0]?.snippet).toContain("Accrues interest on open loans");
    const [identifier] = await searchIndex({ db: database.db, query: "postJournalEntry" });
    expect(identifier?.lines).toEqual({ start: 1, end: 75 });
  });

  it("searches only the sources asked for, and nothing for an empty list or an empty query", async () => {
    await indexRepository({ db: database.db, reader: ledger(), logger });
    await indexRepository({ db: database.db, reader: payroll(), logger });
    const both = await searchIndex({ db: database.db, query: "accrues month end" });
    expect(new Set(both.map((h) => h.source))).toEqual(new Set(["acme/ledger", "acme/payroll"]));
    const one = await searchIndex({ db: database.db, query: "accrues month end", sources: ["acme/payroll"] });
    expect(one.map((h) => h.path)).toEqual(["src/accrue.ts"]);
    expect(await searchIndex({ db: database.db, query: "accrues", sources: [] })).toEqual([]);
    expect(await searchIndex({ db: database.db, query: "  ()  " })).toEqual([]);
  });

  it("fuses rankings: a chunk both rank high beats one only a single ranking lists", () => {
    const fused = fuse([
      { by: "text", ids: [1, 2, 3] },
      { by: "vector", ids: [2, 4, 1] },
    ]);
    expect(fused.map((h) => h.id)).toEqual([2, 1, 4, 3]);
    expect(fused[0]?.matchedBy).toEqual(["text", "vector"]);
  });
});

describe("hybrid search with the testkit embeddings", () => {
  let server: OpenAIServer;
  let client: OpenAI;
  let database: TestDatabase;
  beforeAll(async () => {
    server = await startOpenAIServer();
    client = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it("embeds each chunk once, finds chunks by vector and by text, and fuses both", async () => {
    const embedder = createOpenAIEmbedder({ client, model: "embed-a" });
    const reader = ledger();
    const first = await indexRepository({ db: database.db, reader, embedder, logger });
    expect(first.embedded).toBe(first.chunksAdded);
    const requests = server.embeddingRequests.length;
    expect((await indexRepository({ db: database.db, reader, embedder, logger })).embedded).toBe(0);
    expect(server.embeddingRequests.length).toBe(requests);

    const chunk = (await database.db.execute("SELECT id, text FROM search_chunks ORDER BY id DESC")).rows[0];
    const nearest = await nearestChunks(database.db, hashedEmbedding(String(chunk?.text)), 1, null);
    expect(nearest).toEqual([Number(chunk?.id)]);

    const hits = await searchIndex({
      db: database.db,
      query: "install node start the ledger",
      embedder,
      links,
    });
    expect(hits[0]).toMatchObject({ path: "docs/setup.md", matchedBy: ["text", "vector"] });
    const vectorOnly = await searchIndex({ db: database.db, query: "zzyzx", embedder });
    expect(vectorOnly.length).toBeGreaterThan(0);
    expect(vectorOnly.every((h) => h.matchedBy.join() === "vector")).toBe(true);
  });

  it("re-embeds everything for a new model and ignores vectors of another model when searching", async () => {
    const reader = ledger();
    await indexRepository({
      db: database.db,
      reader,
      embedder: createOpenAIEmbedder({ client, model: "a" }),
      logger,
    });
    const other = createOpenAIEmbedder({ client, model: "b" });
    const [hit] = await searchIndex({ db: database.db, query: "install node", embedder: other });
    expect(hit?.matchedBy).toEqual(["text"]);
    const rerun = await indexRepository({ db: database.db, reader, embedder: other, logger });
    expect(rerun).toMatchObject({ filesRead: 0, embedded: 3 });
    const [again] = await searchIndex({ db: database.db, query: "install node", embedder: other });
    expect(again?.matchedBy).toEqual(["text", "vector"]);
  });

  it("records the embedding usage of an indexing run", async () => {
    const config = loadConfig({
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: "test",
      EMBEDDING_MODEL: "text-embedding-3-small",
    });
    const embedder = createConfiguredEmbedder(config, database.db);
    expect(createConfiguredEmbedder(loadConfig({ OPENAI_API_KEY: "test" }), database.db)).toBeUndefined();
    await indexRepository({ db: database.db, reader: ledger(), embedder, logger });
    const usage = await database.db.execute(
      "SELECT user_id, model, kind, prompt_tokens, priced FROM usage_events",
    );
    expect(usage.rows).toHaveLength(1);
    expect(usage.rows[0]).toMatchObject({
      user_id: null,
      model: "text-embedding-3-small",
      kind: "docs",
      priced: 1,
    });
    expect(Number(usage.rows[0]?.prompt_tokens)).toBeGreaterThan(100);
  });
});
