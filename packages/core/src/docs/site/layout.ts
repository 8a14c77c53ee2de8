import { escapeHtml } from "./render.ts";

/** What a docs site says about the set on every page. */
export type SiteMeta = { label: string; ref: string; commitSha: string; generatedAt: string };

export type NavLink = { href: string; title: string; current: boolean };

/** Where a document's stylesheet and scripts come from: files beside it, or inlined. */
export type Resources =
  | { kind: "linked"; stylesheet: string; scripts: string[] }
  | { kind: "inline"; stylesheet: string; scripts: string[] };

/** A whole HTML document: the sidebar of pages, the content, a footer naming the commit. */
export function htmlDocument(input: {
  title: string;
  meta: SiteMeta;
  nav: NavLink[];
  content: string;
  resources: Resources;
}): string {
  const { meta, resources } = input;
  const style =
    resources.kind === "linked"
      ? `<link rel="stylesheet" href="${escapeHtml(resources.stylesheet)}">`
      : `<style>\n${resources.stylesheet}</style>`;
  const scripts = resources.scripts
    .map((s) =>
      resources.kind === "linked"
        ? `<script src="${escapeHtml(s)}"></script>`
        : `<script>\n${s.replaceAll("</script", "<\\/script")}\n</script>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${input.title} · ${meta.label}`)}</title>
${style}
</head>
<body>
<div class="layout">
${navigation(meta, input.nav)}
<main class="content">
${input.content}
</main>
</div>
<footer>Generated ${escapeHtml(meta.generatedAt)} from ${escapeHtml(meta.label)} at ${escapeHtml(meta.ref)} (${escapeHtml(meta.commitSha)}).</footer>
${scripts}
</body>
</html>
`;
}

function navigation(meta: SiteMeta, links: NavLink[]): string {
  const items = links
    .map(
      (link) =>
        `<li><a href="${escapeHtml(link.href)}"${link.current ? ' aria-current="page"' : ""}>${escapeHtml(link.title)}</a></li>`,
    )
    .join("\n");
  return `<nav class="sidebar" aria-label="Pages">
<p class="repo">${escapeHtml(meta.label)}</p>
<p class="commit">${escapeHtml(meta.ref)} @ <code>${escapeHtml(meta.commitSha.slice(0, 7))}</code></p>
<ul>
${items}
</ul>
</nav>`;
}
