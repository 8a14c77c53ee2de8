// The search index over this project's own checkout: a first index run (files/s, chunks), an
// unchanged rerun, the same with testkit embeddings, and search latency over 100 queries (full
// text alone, and hybrid with the query embedded by the local testkit server).
// Usage: npm exec -- node bench/search-index.mjs [--queries 100]
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import OpenAI from "openai";
import { migrate, openDatabase } from "../packages/core/src/db/index.ts";
import { createLogger } from "../packages/core/src/observability/logger.ts";
import { createLocalReader } from "../packages/core/src/repo/local-reader.ts";
import { createOpenAIEmbedder } from "../packages/core/src/search/embedder.ts";
import { indexRepository } from "../packages/core/src/search/index-repository.ts";
import { searchIndex } from "../packages/core/src/search/search.ts";
import { startOpenAIServer } from "../packages/testkit/src/index.ts";

const { values } = parseArgs({ options: { queries: { type: "string", default: "100" } } });
const queryCount = Number(values.queries);
const root = resolve(import.meta.dirname, "..");
const logger = createLogger({ level: "silent", service: "bench" });
const dir = mkdtempSync(join(tmpdir(), "finchat-search-bench-"));

const reader = () => createLocalReader({ name: "finchat", path: root, maxFileBytes: 256 * 1024 });
const seconds = (ms) => Number((ms / 1000).toFixed(2));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function timed(work) {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

/** Deterministic queries: identifiers from the index, alone and in pairs. */
async function sampleQueries(db, count) {
  const rows = (await db.execute("SELECT text FROM search_chunks ORDER BY id")).rows;
  const words = [...new Set(rows.flatMap((row) => String(row.text).match(/[A-Za-z][A-Za-z0-9]{5,}/g) ?? []))];
  const step = Math.max(1, Math.floor(words.length / count));
  const picked = Array.from({ length: count }, (_, i) => words[(i * step) % words.length]);
  return picked.map((word, i) => (i % 2 === 0 ? word : `${word} ${picked[(i * 7) % count]}`));
}

async function measureSearch(db, queries, embedder) {
  const latencies = [];
  let hits = 0;
  for (const query of queries) {
    const { result, ms } = await timed(() => searchIndex({ db, query, limit: 10, embedder }));
    latencies.push(ms);
    hits += result.length;
  }
  latencies.sort((a, b) => a - b);
  const round = (ms) => Number(ms.toFixed(2));
  return {
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    meanHits: hits / queries.length,
  };
}

async function indexRun(db, embedder) {
  const r = reader();
  try {
    const { result, ms } = await timed(() => indexRepository({ db, reader: r, embedder, logger }));
    return { ...result, seconds: seconds(ms), filesPerSecond: Math.round(result.filesRead / (ms / 1000)) };
  } finally {
    r.close();
  }
}

const server = await startOpenAIServer({ recordRequests: false });
try {
  const db = await openDatabase({ url: `file:${join(dir, "fts.db")}` });
  await migrate(db);
  const first = await indexRun(db);
  const rerun = await indexRun(db);
  const queries = await sampleQueries(db, queryCount);
  const fts = await measureSearch(db, queries);

  const hybridDb = await openDatabase({ url: `file:${join(dir, "hybrid.db")}` });
  await migrate(hybridDb);
  const client = new OpenAI({ baseURL: server.url, apiKey: "bench" });
  const embedder = createOpenAIEmbedder({ client, model: "testkit-embedding" });
  const withVectors = await indexRun(hybridDb, embedder);
  const hybrid = await measureSearch(hybridDb, queries, embedder);

  const strip = ({ label, commitSha, ...rest }) => rest;
  console.log(
    JSON.stringify(
      {
        machine: { cores: availableParallelism(), load: loadavg().map((l) => Number(l.toFixed(2))) },
        commit: first.commitSha,
        first: strip(first),
        unchangedRerun: strip(rerun),
        firstWithTestkitEmbeddings: strip(withVectors),
        search: { queries: queries.length, fullText: fts, hybrid },
      },
      null,
      2,
    ),
  );
  db.close();
  hybridDb.close();
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
