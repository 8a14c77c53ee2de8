import type { Citation } from "./run-state.ts";

const kindLabel: Record<Citation["kind"], string> = { github: "GitHub", jira: "Jira", url: "Link" };

/** The sources an answer cites: GitHub lines, Jira issues, pages; only http(s) links are followed. */
export function Citations({ citations }: { citations: readonly Citation[] }) {
  if (citations.length === 0) return null;
  return (
    <nav className="citations" aria-label="Sources">
      <h4>Sources</h4>
      <ol>
        {citations.map((citation) => (
          <li key={`${citation.kind}:${citation.label}:${citation.url ?? ""}`}>
            <CitationLink citation={citation} />
          </li>
        ))}
      </ol>
    </nav>
  );
}

function CitationLink({ citation }: { citation: Citation }) {
  const badge = <span className={`badge badge-${citation.kind}`}>{kindLabel[citation.kind]}</span>;
  const href = safeHttpUrl(citation.url);
  if (!href) {
    return (
      <span className="citation">
        {badge}
        {citation.label}
      </span>
    );
  }
  return (
    <a className="citation" href={href} target="_blank" rel="noopener noreferrer">
      {badge}
      {citation.label}
    </a>
  );
}

/** The URL if it is http(s), else null: a `javascript:` or `data:` citation is shown, not linked. */
export function safeHttpUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}
