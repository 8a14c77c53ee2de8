import { assetPaths, loadMermaidBundle, startScript, stylesheet } from "./site/assets.ts";
import { htmlDocument, type NavLink, type Resources, type SiteMeta } from "./site/layout.ts";
import { htmlPathOf, pageAnchors, relativeHref, singleFileTarget, siteTarget } from "./site/links.ts";
import { escapeHtml, renderMarkdown } from "./site/render.ts";

export type { SiteMeta } from "./site/layout.ts";

/** A page of the set as the site is built from it. */
export type SitePage = { path: string; title: string; markdown: string };
/** A file of the static site, by its path inside `site/`. */
export type SiteFile = { path: string; body: string; contentType: string };

const HTML = "text/html; charset=utf-8";

/**
 * The static HTML site of a doc set: one HTML file per Markdown page (same path, `.html`), each
 * with a sidebar of every page and links between pages pointing at the HTML files; an `index.html`
 * (the page at `index.md`, or a contents page when there is none); and the assets (stylesheet,
 * Mermaid's bundle, the script that draws the diagrams). Pages load Mermaid only when they have a
 * diagram. Raw HTML in the Markdown is shown as text.
 */
export async function buildSite(pages: SitePage[], meta: SiteMeta): Promise<SiteFile[]> {
  const files: SiteFile[] = [];
  for (const page of pages) {
    const path = htmlPathOf(page.path);
    const { html, hasDiagrams } = renderMarkdown(page.markdown, siteTarget());
    files.push({ path, body: sitePage(path, page.title, html, hasDiagrams, pages, meta), contentType: HTML });
  }
  if (!files.some((f) => f.path === "index.html")) {
    files.push({ path: "index.html", body: contentsPage(pages, meta), contentType: HTML });
  }
  files.push(
    { path: assetPaths.stylesheet, body: stylesheet, contentType: "text/css; charset=utf-8" },
    { path: assetPaths.start, body: startScript, contentType: "text/javascript; charset=utf-8" },
    {
      path: assetPaths.mermaid,
      body: await loadMermaidBundle(),
      contentType: "text/javascript; charset=utf-8",
    },
  );
  return files;
}

/**
 * The whole set as one self-contained HTML file (styles and Mermaid inlined, every page a
 * section, links between pages turned into links between sections): one download that opens
 * anywhere, offline.
 */
export async function buildSingleFile(pages: SitePage[], meta: SiteMeta): Promise<string> {
  const anchors = pageAnchors(pages.map((p) => p.path));
  let anyDiagram = false;
  const sections = pages.map((page) => {
    const anchor = anchors.get(page.path) ?? "";
    const { html, hasDiagrams } = renderMarkdown(page.markdown, singleFileTarget(page.path, anchors));
    anyDiagram ||= hasDiagrams;
    return `<section id="${escapeHtml(anchor)}">\n${html}</section>`;
  });
  const nav = pages.map((p) => ({ href: `#${anchors.get(p.path) ?? ""}`, title: p.title, current: false }));
  const resources: Resources = {
    kind: "inline",
    stylesheet,
    scripts: anyDiagram ? [await loadMermaidBundle(), startScript] : [],
  };
  return htmlDocument({ title: "Documentation", meta, nav, content: sections.join("\n"), resources });
}

function sitePage(
  path: string,
  title: string,
  content: string,
  hasDiagrams: boolean,
  pages: SitePage[],
  meta: SiteMeta,
): string {
  const asset = (assetPath: string) => relativeHref(path, assetPath);
  const nav: NavLink[] = pages.map((p) => ({
    href: relativeHref(path, htmlPathOf(p.path)),
    title: p.title,
    current: htmlPathOf(p.path) === path,
  }));
  const scripts = hasDiagrams ? [asset(assetPaths.mermaid), asset(assetPaths.start)] : [];
  return htmlDocument({
    title,
    meta,
    nav,
    content,
    resources: { kind: "linked", stylesheet: asset(assetPaths.stylesheet), scripts },
  });
}

function contentsPage(pages: SitePage[], meta: SiteMeta): string {
  const items = pages
    .map((p) => `<li><a href="${escapeHtml(htmlPathOf(p.path))}">${escapeHtml(p.title)}</a></li>`)
    .join("\n");
  const content = `<h1>${escapeHtml(meta.label)}</h1>\n<ul>\n${items}\n</ul>`;
  const nav = pages.map((p) => ({ href: htmlPathOf(p.path), title: p.title, current: false }));
  return htmlDocument({
    title: "Contents",
    meta,
    nav,
    content,
    resources: { kind: "linked", stylesheet: assetPaths.stylesheet, scripts: [] },
  });
}
