import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";
import { ErrorNotice } from "../layout/error-notice.tsx";
import {
  type DocsChoice,
  type DocsSources,
  githubGap,
  offeredKinds,
  requestOf,
  type SourceKind,
} from "./sources.ts";

// Browsers compile `pattern` with the `v` flag, where a `-` in a class must be escaped.
const repoPattern = "[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+";

type Props = {
  sources: DocsSources;
  /** A generation was queued: its run, and the name its documentation set carries. */
  onStarted: (started: { runId: string; repo: string }) => void;
};

/**
 * Asks for documentation of a configured local checkout or an allowed GitHub repository; when
 * the server offers neither, says which settings would.
 */
export function DocsRequestForm({ sources, onStarted }: Props) {
  const api = useApi();
  const ids = useId();
  const kinds = offeredKinds(sources);
  const [picked, setPicked] = useState<SourceKind | null>(null);
  const kind = picked && kinds.includes(picked) ? picked : kinds[0];
  const [localName, setLocalName] = useState("");
  const [repo, setRepo] = useState("");
  const [ref, setRef] = useState("");
  const request = useMutation({
    mutationFn: (choice: DocsChoice) => {
      const { body, label } = requestOf(choice);
      return unwrap(api.POST("/api/docs", { body })).then((accepted) => ({ ...accepted, label }));
    },
    onSuccess: (accepted) => {
      onStarted({ runId: accepted.runId, repo: accepted.label });
      setRepo("");
      setRef("");
    },
  });

  if (!kind) return <NoSourceNotice sources={sources} />;
  const name = sources.local.includes(localName) ? localName : (sources.local[0] ?? "");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(kind === "local" ? { kind, name, ref } : { kind, repo, ref });
  };
  const allowHint = `${ids}-allow`;

  return (
    <form className="docs-request" onSubmit={onSubmit} aria-label="Request documentation">
      {kinds.length > 1 ? (
        <fieldset className="source-choice">
          <legend>Source</legend>
          {kinds.map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="source"
                value={k}
                checked={k === kind}
                onChange={() => setPicked(k)}
              />
              {k === "local" ? "Local checkout" : "GitHub"}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="inline-form">
        {kind === "local" ? (
          <label>
            Local repository
            <select value={name} required onChange={(e) => setLocalName(e.target.value)}>
              {sources.local.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            GitHub repository
            <input
              value={repo}
              required
              pattern={repoPattern}
              placeholder="owner/name"
              aria-describedby={allowHint}
              onChange={(e) => setRepo(e.target.value)}
            />
          </label>
        )}
        <label>
          Branch, tag or commit <span className="hint">(optional)</span>
          <input value={ref} onChange={(e) => setRef(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={request.isPending}>
          Generate
        </button>
      </div>
      {kind === "github" ? (
        <p id={allowHint} className="hint">
          Allowed (GITHUB_ALLOW): {sources.github.allow.join(", ")}
        </p>
      ) : null}
      {kinds.includes("github") ? null : (
        <p className="hint">
          GitHub repositories can be documented once GITHUB_TOKEN and GITHUB_ALLOW are set.
        </p>
      )}
      {request.error ? <ErrorNotice error={request.error} /> : null}
    </form>
  );
}

/** Nothing can be documented yet: which settings to give the Api and the Worker. */
export function NoSourceNotice({ sources }: { sources: DocsSources }) {
  return (
    <div className="setup-notice" role="note">
      <p className="setup-title">No repository can be documented yet.</p>
      <p>This server is given neither a GitHub repository nor a local checkout to read. Either:</p>
      <ul>
        <li>
          set <code>GITHUB_TOKEN</code> (a token that can read the repositories) and <code>GITHUB_ALLOW</code>{" "}
          (e.g. <code>acme/*</code> or <code>acme/ledger</code>). {githubGap(sources)}
        </li>
        <li>
          or set <code>LOCAL_REPOS</code> to name=path pairs of git checkouts on the server (e.g.{" "}
          <code>ledger=/srv/checkouts/ledger</code>),
        </li>
      </ul>
      <p>then restart the Api and the Worker.</p>
    </div>
  );
}
