import type { Client } from "@libsql/client";
import * as DocPages from "../db/doc-pages.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import type { PageSpec } from "./pages/types.ts";
import { type DocsLocation, docsKeys, putPage } from "./store.ts";

/** Writes one page's Markdown: the deterministic skeleton, or model-written prose around it. */
export interface PageWriter {
  /** The model that writes the prose (part of every page's inputs hash), or null for skeletons. */
  readonly model: string | null;
  /** What a page written now is recorded as when nothing falls back: `skeleton` or `model:<name>`. */
  readonly intended: string;
  /** The page's Markdown and the writer that actually wrote it (a model may fall back to the skeleton). */
  write(spec: PageSpec, signal?: AbortSignal): Promise<{ markdown: string; writer: string }>;
}

export type PageOutcome = "resumed" | "copied" | "written";

export interface WritePagesInput {
  db: Client;
  blobs: BlobStore;
  docSetId: string;
  location: DocsLocation;
  specs: PageSpec[];
  writer: PageWriter;
  /** The label's last completed set at another commit: its pages with unchanged inputs are copied. */
  previous: { pages: Map<string, DocPages.DocPage> } | null;
  /** Pages written at a time. */
  concurrency: number;
  signal?: AbortSignal;
  onPage?: (pagesDone: number) => void;
}

/**
 * Stores every planned page, each recorded in `doc_pages` right after its object is in S3:
 * - a page this set already recorded with the same inputs (a run resumed after a kill) is kept;
 * - a page the previous set wrote from the same inputs, by the writer this run would use, is
 *   copied inside S3 (no model call, nothing rewritten);
 * - any other page is written.
 * Records of pages no longer planned are dropped. Returns what happened to each page.
 */
export async function writePages(input: WritePagesInput): Promise<Record<PageOutcome, number>> {
  const own = new Map((await DocPages.list(input.db, input.docSetId)).map((p) => [p.path, p]));
  const counts: Record<PageOutcome, number> = { resumed: 0, copied: 0, written: 0 };
  const positions = new Map(input.specs.map((spec, i) => [spec.path, i]));
  let done = 0;
  let next = 0;
  let failed = false;

  const one = async (spec: PageSpec): Promise<PageOutcome> => {
    const position = positions.get(spec.path) ?? 0;
    const key = docsKeys.page(input.location, spec.path);
    const mine = own.get(spec.path);
    if (mine?.inputsHash === spec.inputsHash && mine.s3Key === key) return "resumed";
    const before = input.previous?.pages.get(spec.path);
    const base = { path: spec.path, position, title: spec.title, inputsHash: spec.inputsHash, s3Key: key };
    if (before?.inputsHash === spec.inputsHash && before.writer === input.writer.intended) {
      await input.blobs.copy(before.s3Key, key);
      await DocPages.record(input.db, input.docSetId, {
        ...base,
        writer: before.writer,
        sha256: before.sha256,
      });
      return "copied";
    }
    const { markdown, writer } = await input.writer.write(spec, input.signal);
    const { sha256 } = await putPage(input.blobs, input.location, spec.path, markdown);
    await DocPages.record(input.db, input.docSetId, { ...base, writer, sha256 });
    return "written";
  };

  const worker = async () => {
    while (next < input.specs.length && !failed) {
      input.signal?.throwIfAborted();
      const spec = input.specs[next++] as PageSpec;
      try {
        counts[await one(spec)] += 1;
      } catch (err) {
        failed = true;
        throw err;
      }
      input.onPage?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
  await DocPages.removeOthers(
    input.db,
    input.docSetId,
    input.specs.map((s) => s.path),
  );
  return counts;
}
