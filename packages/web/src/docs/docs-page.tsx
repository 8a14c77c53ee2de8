import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import { formatDate } from "../layout/format.ts";
import { Link } from "../router.tsx";
import { DocsProgress } from "./docs-progress.tsx";
import { useDocSets } from "./use-docs.ts";

// Browsers compile `pattern` with the `v` flag, where a `-` in a class must be escaped.
const repoPattern = "[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+";

/** Generated documentation: what exists, and a form to have a repository documented. */
export function DocsPage() {
  const api = useApi();
  const docSets = useDocSets();
  const [repo, setRepo] = useState("");
  const [ref, setRef] = useState("");
  const [started, setStarted] = useState<{ runId: string; repo: string }[]>([]);
  const request = useMutation({
    mutationFn: (input: { repo: string; ref: string }) =>
      unwrap(api.POST("/api/docs", { body: { repo: input.repo, ...(input.ref ? { ref: input.ref } : {}) } })),
    onSuccess: (accepted, input) => {
      setStarted((list) => [{ runId: accepted.runId, repo: input.repo }, ...list]);
      setRepo("");
      setRef("");
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ repo: repo.trim(), ref: ref.trim() });
  };

  return (
    <section className="page" aria-labelledby="docs-title">
      <h1 id="docs-title">Documentation</h1>
      <form className="inline-form" onSubmit={onSubmit}>
        <label>
          Repository
          <input
            value={repo}
            required
            pattern={repoPattern}
            placeholder="owner/name"
            onChange={(e) => setRepo(e.target.value)}
          />
        </label>
        <label>
          Branch, tag or commit <span className="hint">(optional)</span>
          <input value={ref} onChange={(e) => setRef(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={request.isPending}>
          Generate
        </button>
      </form>
      {request.error ? <ErrorNotice error={request.error} /> : null}
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
