import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useApi } from "../api/context.tsx";
import { followRun } from "../api/run-stream.ts";
import { docsKey } from "./use-docs.ts";

type Progress = {
  done: number;
  total: number;
  label: string | null;
  state: "running" | "completed" | "failed";
};

/**
 * Reads a progress event's data: `docs.progress` (`{ phase, filesRead, filesTotal, pagesDone,
 * pagesTotal }`: files read and pages written count alike), `{ done, total }` (with an optional
 * `phase` or `message`), or `{ percent }`.
 */
export function progressOf(data: unknown): Pick<Progress, "done" | "total" | "label"> | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Record<string, unknown>;
  const label = typeof d.phase === "string" ? d.phase : typeof d.message === "string" ? d.message : null;
  const counts = [d.filesRead, d.filesTotal, d.pagesDone, d.pagesTotal];
  if (counts.every((n) => typeof n === "number")) {
    const [filesRead, filesTotal, pagesDone, pagesTotal] = counts as number[];
    const total = (filesTotal ?? 0) + (pagesTotal ?? 0);
    if (total > 0) return { done: Math.min((filesRead ?? 0) + (pagesDone ?? 0), total), total, label };
  }
  if (typeof d.done === "number" && typeof d.total === "number" && d.total > 0) {
    return { done: Math.min(d.done, d.total), total: d.total, label };
  }
  if (typeof d.percent === "number")
    return { done: Math.max(0, Math.min(100, d.percent)), total: 100, label };
  return null;
}

/** A progress bar fed by the generation run's events. */
export function DocsProgress({ runId, repo }: { runId: string; repo: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress>({ done: 0, total: 0, label: null, state: "running" });
  useEffect(() => {
    const controller = new AbortController();
    followRun({
      api,
      runId,
      after: null,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.event === "run.failed") return setProgress((p) => ({ ...p, state: "failed" }));
        if (event.event === "run.completed") return setProgress((p) => ({ ...p, state: "completed" }));
        const next = progressOf(event.data);
        if (next) setProgress((p) => ({ ...p, ...next }));
      },
    })
      .catch(() => setProgress((p) => ({ ...p, state: "failed" })))
      .finally(() => queryClient.invalidateQueries({ queryKey: docsKey }));
    return () => controller.abort();
  }, [api, runId, queryClient]);

  const percent = progress.total ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div className="docs-progress" role="status">
      <p id={`progress-${runId}`}>
        {progress.state === "running" ? `Writing documentation for ${repo}` : `Documentation for ${repo}`}
        {progress.label && progress.state === "running" ? ` · ${progress.label}` : ""}
        {progress.state === "completed" ? ": done." : ""}
        {progress.state === "failed" ? ": generation failed." : ""}
      </p>
      {progress.state === "running" ? (
        <progress
          aria-labelledby={`progress-${runId}`}
          max={100}
          value={percent ?? undefined}
          aria-valuetext={percent === null ? "starting" : `${percent}%`}
        />
      ) : null}
    </div>
  );
}
