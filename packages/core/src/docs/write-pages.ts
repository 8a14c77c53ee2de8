import type { Client } from "@libsql/client";
import * as DocPages from "../db/doc-pages.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { type CiteContext, retargetCitations } from "./pages/cite.ts";
import type { PageSpec } from "./pages/types.ts";
import { type DocsLocation, docsKeys, putPage } from "./store.ts";

/** Writes one page's Markdown: the deterministic skeleton, or model-written prose around it. */
export interface PageWriter {
  /** The model that writes the prose (part of every page's inputs hash), or null for skeletons. */
  readonly model: string | null;
  /** What a page written now is recorded as when nothing falls back: `skeleton` or `model:<name>`. */
  readonly intended: string;
  /** Called once with every page about to be written, before the first (e.g. to summarise their files together). */
  prepare?(specs: PageSpec[], signal?: AbortSignal): Promise<void>;
  /** The page's Markdown and the writer that actually wrote it (a model may fall back to the skeleton). */
  write(spec: PageSpec, signal?: AbortSignal): Promise<{ markdown: string; writer: string }>;
}

export type PageOutcome = "resumed" | "copied" | "written";

export interface WritePagesInput {
  db: Client;
  blobs: BlobStore;
  docSetId: string;
  /** The set's citation context: its label and commit (and GitHub's web root). */
  cite: CiteContext;
  specs: PageSpec[];
  writer: PageWriter;
  /** The label's last completed set at another commit: its pages with unchanged inputs are copied. */
  previous: { commitSha: string; pages: Map<string, DocPages.DocPage> } | null;
  /** Pages written at a time. */
  concurrency: number;
  signal?: AbortSignal;
  onPage?: (pagesDone: number) => void;
}

type Step = { spec: PageSpec; position: number; outcome: PageOutcome; from?: DocPages.DocPage };

/**
 * Stores every planned page, each recorded in `doc_pages` right after its object is in S3:
 * - a page this set already recorded with the same inputs (a run resumed after a kill) is kept;
 * - a page the previous set wrote from the same inputs, by the writer this run would use, is
 *   copied with its citations moved to this commit (no model call);
 * - any other page is written.
 * Records of pages no longer planned are dropped. Returns how many pages went each way.
 */
export async function writePages(input: WritePagesInput): Promise<Record<PageOutcome, number>> {
  const own = new Map((await DocPages.list(input.db, input.docSetId)).map((p) => [p.path, p]));
  const steps = input.specs.map((spec, position) => stepFor(input, own, spec, position));
  const counts: Record<PageOutcome, number> = { resumed: 0, copied: 0, written: 0 };
  const toWrite = steps.filter((s) => s.outcome === "written").map((s) => s.spec);
  if (toWrite.length > 0) await input.writer.prepare?.(toWrite, input.signal);

  let done = 0;
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < steps.length && !failed) {
      input.signal?.throwIfAborted();
      const step = steps[next++] as Step;
      try {
        await carryOut(input, step);
      } catch (err) {
        failed = true;
        throw err;
      }
      counts[step.outcome] += 1;
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

function stepFor(
  input: WritePagesInput,
  own: Map<string, DocPages.DocPage>,
  spec: PageSpec,
  position: number,
): Step {
  const mine = own.get(spec.path);
  if (mine?.inputsHash === spec.inputsHash && mine.s3Key === docsKeys.page(input.cite, spec.path)) {
    return { spec, position, outcome: "resumed" };
  }
  const before = input.previous?.pages.get(spec.path);
  if (before?.inputsHash === spec.inputsHash && before.writer === input.writer.intended) {
    return { spec, position, outcome: "copied", from: before };
  }
  return { spec, position, outcome: "written" };
}

async function carryOut(input: WritePagesInput, step: Step): Promise<void> {
  const { spec } = step;
  const location: DocsLocation = { label: input.cite.label, commitSha: input.cite.commitSha };
  let markdown: string;
  let writer: string;
  if (step.outcome === "resumed") return;
  if (step.outcome === "copied" && step.from && input.previous) {
    const bytes = await input.blobs.get(step.from.s3Key);
    if (!bytes) throw new Error(`page ${spec.path} of the previous set is missing from storage`);
    const from = { ...input.cite, commitSha: input.previous.commitSha };
    markdown = retargetCitations(new TextDecoder().decode(bytes), from, input.cite);
    writer = step.from.writer;
  } else {
    ({ markdown, writer } = await input.writer.write(spec, input.signal));
  }
  const { key, sha256 } = await putPage(input.blobs, location, spec.path, markdown);
  await DocPages.record(input.db, input.docSetId, {
    path: spec.path,
    position: step.position,
    title: spec.title,
    inputsHash: spec.inputsHash,
    writer,
    sha256,
    s3Key: key,
  });
}
