import { useState } from "react";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { Link } from "../router.tsx";
import { DocsProgress } from "./docs-progress.tsx";
import { DocsRequestForm } from "./request-form.tsx";
import { useDocSets, useDocSources } from "./use-docs.ts";

/** Generated documentation: what exists, and a form to have a repository documented. */
export function DocsPage() {
  const docSets = useDocSets();
  const sources = useDocSources();
  const [started, setStarted] = useState<{ runId: string; repo: string }[]>([]);

  return (
    <section className="page" aria-labelledby="docs-title">
      <h1 id="docs-title">Documentation</h1>
      {sources.data ? (
        <DocsRequestForm sources={sources.data} onStarted={(run) => setStarted((list) => [run, ...list])} />
      ) : null}
      {sources.error ? <ErrorNotice error={sources.error} onRetry={() => sources.refetch()} /> : null}
      {started.map((s) => (
        <DocsProgress key={s.runId} runId={s.runId} repo={s.repo} />
      ))}
      {docSets.error ? <ErrorNotice error={docSets.error} onRetry={() => docSets.refetch()} /> : null}
      <ul className="doc-sets">
        {docSets.data?.items.map((set) => (
          <li key={set.docSetId} className={`doc-set status-${set.status}`}>
            {set.status === "completed" ? (
              <Link to={`/docs/${encodeURIComponent(set.docSetId)}`}>{set.repo}</Link>
            ) : (
              <span>{set.repo}</span>
            )}
            <span className="muted">
              {set.ref}
              {set.commitSha ? ` @ ${set.commitSha.slice(0, 7)}` : ""} · {formatDate(set.createdAt)}
            </span>
            {set.status === "queued" || set.status === "running" ? (
              <progress aria-label={`Generating documentation for ${set.repo}`} />
            ) : (
              <span className="status">{set.status}</span>
            )}
          </li>
        ))}
      </ul>
      {docSets.data?.items.length === 0 ? <p className="muted">No documentation yet.</p> : null}
    </section>
  );
}
