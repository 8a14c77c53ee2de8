import { ErrorNotice } from "../layout/error-notice.tsx";
import { MarkdownText } from "../markdown/markdown.tsx";
import { Link } from "../router.tsx";
import { encodePagePath, resolvePageLink, useDocPage, useDocSet } from "./use-docs.ts";

/** One documentation set: its pages in a side list, the chosen page rendered, and the exports. */
export function DocSetPage({ docSetId, page }: { docSetId: string; page: string | null }) {
  const docSet = useDocSet(docSetId);
  const current = page ?? docSet.data?.pages[0]?.path ?? null;
  const markdown = useDocPage(docSetId, current);
  const base = `/docs/${encodeURIComponent(docSetId)}`;
  const exportUrl = (format: "zip" | "html") => `/api${base}/export?format=${format}`;

  return (
    <section className="page doc-set-view" aria-labelledby="doc-set-title">
      <header className="doc-set-header">
        <h1 id="doc-set-title">{docSet.data?.repo ?? "Documentation"}</h1>
        <div className="exports">
          <a className="button" href={exportUrl("zip")} download>
            Download ZIP
          </a>
          <a className="button" href={exportUrl("html")} download>
            Download HTML
          </a>
        </div>
      </header>
      {docSet.error ? <ErrorNotice error={docSet.error} onRetry={() => docSet.refetch()} /> : null}
      <div className="doc-layout">
        <nav className="doc-nav" aria-label="Pages">
          <ul>
            {docSet.data?.pages.map((p) => (
              <li key={p.path}>
                <Link
                  className="doc-link"
                  to={`${base}/p/${encodePagePath(p.path)}`}
                  aria-current={p.path === current ? "page" : undefined}
                >
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <article className="doc-page">
          {markdown.error ? <ErrorNotice error={markdown.error} onRetry={() => markdown.refetch()} /> : null}
          {markdown.data !== undefined && current ? (
            <MarkdownText resolveLink={(href) => resolvePageLink(docSetId, current, href)}>
              {markdown.data}
            </MarkdownText>
          ) : null}
          {markdown.isPending && current ? <p className="muted">Loading…</p> : null}
        </article>
      </div>
    </section>
  );
}
