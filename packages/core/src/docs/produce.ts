import type { Client } from "@libsql/client";
import * as DocPages from "../db/doc-pages.ts";
import * as DocSets from "../db/doc-sets.ts";
import { factsCache } from "../db/docs-cache.ts";
import type { Logger } from "../observability/logger.ts";
import type { RepoReader, RepoSnapshot } from "../repo/types.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { analyse, extractFileFacts } from "./analysis/index.ts";
import type { FileFacts } from "./analysis/types.ts";
import { analyserVersion, type CachedFacts, collectFacts } from "./facts.ts";
import { buildManifest, docsRunUsage } from "./manifest.ts";
import type { CiteContext } from "./pages/cite.ts";
import { planPages } from "./pages/plan.ts";
import type { progressReporter } from "./progress.ts";
import { publishDocSet } from "./publish.ts";
import { rememberTexts } from "./remembered-texts.ts";
import type { DocsLocation, Manifest } from "./store.ts";
import { type PageOutcome, type PageWriter, writePages } from "./write-pages.ts";

/** What the writer of a run's pages is made from. */
export interface WriterContext {
  db: Client;
  runId: string;
  userId: string;
  cite: CiteContext;
  reader: RepoReader;
  snapshot: RepoSnapshot;
  facts: ReadonlyMap<string, FileFacts>;
  signal: AbortSignal;
}

export interface ProduceDeps {
  db: Client;
  blobs: BlobStore;
  logger: Logger;
  /** The run's page writer (a model writer where one is configured). */
  pageWriter(context: WriterContext): Promise<PageWriter> | PageWriter;
  /** GitHub's web root for citation links (default https://github.com). */
  webBase?: string;
  readConcurrency: number;
  pageConcurrency: number;
}

export interface ProduceInput {
  docSet: DocSets.DocSet;
  runId: string;
  userId: string;
  reader: RepoReader;
  signal: AbortSignal;
  progress: ReturnType<typeof progressReporter>;
}

export type Produced =
  | { kind: "reused"; sameAs: string }
  | {
      kind: "generated";
      commitSha: string;
      pages: Record<PageOutcome, number>;
      filesFetched: number;
      usage: Manifest["usage"];
      /** Milliseconds per phase. */
      ms: Record<string, number>;
    };

/**
 * The work of one delivery of a docs run, after the ref is resolved: an existing set of the same
 * commit is reused; otherwise facts (cached by blob SHA), analysis, the page plan, the pages (kept,
 * copied or written), the site and exports, and the set completed.
 */
export async function produce(deps: ProduceDeps, input: ProduceInput): Promise<Produced> {
  const { db } = deps;
  const { docSet, progress, signal } = input;
  const reader = rememberTexts(input.reader);
  const timer = phaseTimer();
  const snapshot = await reader.snapshot();
  await DocSets.start(db, docSet.id, { ref: snapshot.ref, commitSha: snapshot.commitSha });
  const ref = docSet.ref ?? snapshot.ref;
  const same = await DocSets.findCompleted(db, docSet.label, snapshot.commitSha);
  if (same && same.id !== docSet.id) {
    await DocSets.completeAs(db, docSet.id, same);
    return { kind: "reused", sameAs: same.id };
  }
  const location: DocsLocation = { label: docSet.label, commitSha: snapshot.commitSha };

  timer.lap("resolve");
  progress.update({ phase: "reading", filesTotal: snapshot.files.length });
  const collected = await collectFacts({
    reader,
    files: snapshot.files,
    cache: factsCache<CachedFacts>(db, await analyserVersion()),
    extract: extractFileFacts,
    concurrency: deps.readConcurrency,
    signal,
    onProgress: (filesRead) => progress.update({ filesRead }),
  });

  timer.lap("read");
  progress.update({ phase: "analysing" });
  const history = await reader.history(snapshot.commitSha);
  const skipped = [...snapshot.skipped, ...collected.unreadable];
  const analysis = analyse({ ...location, files: snapshot.files, facts: collected.facts, history, skipped });
  const cite: CiteContext = { ...location, webBase: deps.webBase };
  const writer = await deps.pageWriter({
    db,
    runId: input.runId,
    userId: input.userId,
    cite,
    reader,
    snapshot,
    facts: collected.facts,
    signal,
  });
  const specs = planPages(analysis, collected.facts, { model: writer.model });

  timer.lap("analyse");
  progress.update({ phase: "writing", pagesTotal: specs.length, pagesDone: 0 });
  const counts = await writePages({
    db,
    blobs: deps.blobs,
    docSetId: docSet.id,
    cite,
    specs,
    writer,
    previous: await previousPages(db, docSet.label, snapshot.commitSha),
    concurrency: deps.pageConcurrency,
    signal,
    onPage: (pagesDone) => progress.update({ pagesDone }),
  });

  timer.lap("write");
  progress.update({ phase: "publishing" });
  const pages = await DocPages.list(db, docSet.id);
  const usage = await docsRunUsage(db, input.runId);
  const manifest = buildManifest({
    ...location,
    ref,
    writer: writer.intended,
    pages,
    filesRead: collected.facts.size,
    skipped,
    usage,
  });
  await publishDocSet(deps.blobs, location, { manifest, pages: await withMarkdown(deps.blobs, pages) });
  await DocSets.complete(db, docSet.id, { pageCount: pages.length, usage });
  timer.lap("publish");
  return {
    kind: "generated",
    commitSha: snapshot.commitSha,
    pages: counts,
    filesFetched: collected.fetched,
    usage,
    ms: timer.laps,
  };
}

async function previousPages(db: Client, label: string, commitSha: string) {
  const previous = await DocSets.findPrevious(db, label, commitSha);
  if (!previous) return null;
  const pages = new Map((await DocPages.list(db, previous.id)).map((p) => [p.path, p]));
  return { commitSha: previous.commitSha ?? "", pages };
}

async function withMarkdown(blobs: BlobStore, pages: DocPages.DocPage[]) {
  const decoder = new TextDecoder();
  return Promise.all(
    pages.map(async (page) => {
      const bytes = await blobs.get(page.s3Key);
      if (!bytes) throw new Error(`page ${page.path} is recorded but missing from storage`);
      return { path: page.path, title: page.title, markdown: decoder.decode(bytes) };
    }),
  );
}

/** Milliseconds spent in each phase, for the run's log line. */
function phaseTimer() {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const now = performance.now();
      laps[name] = Math.round(now - last);
      last = now;
    },
  };
}
