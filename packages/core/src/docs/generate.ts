import type { Redis } from "ioredis";
import { isCancelRequested, watchCancel } from "../chat/cancel.ts";
import * as DocSets from "../db/doc-sets.ts";
import * as Runs from "../db/runs.ts";
import { isAppError } from "../errors.ts";
import type { RepoReader, RepoSource } from "../repo/types.ts";
import { appendRunEvent } from "../runs/events.ts";
import type { DocsGenerateJob } from "./jobs.ts";
import { renderSkeleton } from "./pages/skeleton.ts";
import { type ProduceDeps, produce, type WriterContext } from "./produce.ts";
import { progressReporter } from "./progress.ts";
import { sourceOf } from "./sources.ts";
import type { PageWriter } from "./write-pages.ts";

export type { WriterContext } from "./produce.ts";

export interface DocsGenerateDeps
  extends Omit<ProduceDeps, "pageWriter" | "readConcurrency" | "pageConcurrency"> {
  redis: Redis;
  /** The reader of a source (the worker passes `openReader` with its configuration and GitHub client). */
  openReader(source: RepoSource, signal: AbortSignal): RepoReader;
  /** The run's page writer; skeleton pages when absent. */
  pageWriter?: ProduceDeps["pageWriter"];
  readConcurrency?: number;
  pageConcurrency?: number;
  progressIntervalMs?: number;
  /**
   * Called once a new commit's set is complete (not for a reused one), e.g. to bring the
   * repository's search index to the same commit. Its failure is logged; the set stays complete.
   */
  onDocumented?(source: RepoSource, commitSha: string): Promise<void>;
}

/** Failures that no retry can mend: the run fails at once. */
const PERMANENT = new Set(["invalid_request", "forbidden", "not_found", "unprocessable"]);
const cancelled = { code: "cancelled", message: "Stopped at your request" };

/** Deterministic pages from the analysis alone. */
export function skeletonWriter(context: Pick<WriterContext, "cite">): PageWriter {
  return {
    model: null,
    intended: "skeleton",
    write: async (spec) => ({ markdown: renderSkeleton(spec, context.cite), writer: "skeleton" }),
  };
}

/**
 * Runs one delivery of a `docs-generate` message. Safe to run twice: a finished set is left
 * alone, and a set interrupted midway resumes from the pages it recorded. Progress goes to the
 * run's event stream as `docs.progress`; a cancel request stops the run between files and pages.
 * A failure that a retry cannot mend (a ref that does not exist, a repository no longer allowed)
 * fails the run at once; others are thrown for the job layer to retry, and fail the run on the
 * last delivery (`finalAttempt`).
 */
export async function generateDocSet(
  deps: DocsGenerateDeps,
  job: DocsGenerateJob,
  options: { finalAttempt: boolean },
): Promise<void> {
  const docSet = await DocSets.get(deps.db, job.docSetId);
  if (!docSet || docSet.runId !== job.runId || docSet.status === "completed" || docSet.status === "failed")
    return;
  const run = docSet.requestedBy ? await Runs.get(deps.db, docSet.requestedBy, job.runId) : null;
  if (!run || Runs.isFinished(run.status)) return;
  const emit = (event: string, data: unknown) =>
    appendRunEvent(deps.redis, run.id, event, data).then(() => undefined);
  const finish = async (status: "failed" | "cancelled", error: { code: string; message: string }) => {
    await DocSets.fail(deps.db, docSet.id, error);
    await Runs.setStatus(deps.db, run.id, status, status === "failed" ? { error } : {});
    await emit("run.failed", error);
  };
  if (await isCancelRequested(deps.redis, run.id)) return finish("cancelled", cancelled);

  const controller = new AbortController();
  const stopWatching = watchCancel(deps.redis, run.id, controller);
  const reader = deps.openReader(sourceOf(docSet), controller.signal);
  const progress = progressReporter((p) => emit("docs.progress", p), { intervalMs: deps.progressIntervalMs });
  const started = performance.now();
  try {
    await Runs.setStatus(deps.db, run.id, "running");
    await emit("run.started", {});
    progress.update({ phase: "resolving" });
    const produced = await produce(
      {
        ...deps,
        pageWriter: deps.pageWriter ?? skeletonWriter,
        readConcurrency: deps.readConcurrency ?? 8,
        pageConcurrency: deps.pageConcurrency ?? 2,
      },
      { docSet, runId: run.id, userId: run.userId, reader, signal: controller.signal, progress },
    );
    await progress.flush();
    const usage = produced.kind === "generated" ? produced.usage : null;
    await Runs.setStatus(deps.db, run.id, "completed", { usage });
    if (produced.kind === "generated" && deps.onDocumented) {
      await deps.onDocumented(sourceOf(docSet), produced.commitSha).catch((err: unknown) => {
        deps.logger.warn({ err, docSetId: docSet.id }, "docs: the follow-up after the set failed");
      });
    }
    await emit("run.completed", {});
    deps.logger.info(
      {
        docSetId: docSet.id,
        label: docSet.label,
        ...produced,
        totalMs: Math.round(performance.now() - started),
      },
      "doc set done",
    );
  } catch (err) {
    await progress.flush();
    if (controller.signal.aborted) return finish("cancelled", cancelled);
    if (isAppError(err) && PERMANENT.has(err.code))
      return finish("failed", { code: err.code, message: err.message });
    if (!options.finalAttempt) throw err;
    deps.logger.error({ err, docSetId: docSet.id }, "docs run failed on its last delivery");
    await finish("failed", { code: "internal", message: "Generating the documentation failed; try again" });
  } finally {
    stopWatching();
    reader.close?.();
  }
}
