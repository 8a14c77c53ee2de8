import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

/**
 * Markdown to HTML for the docs site, safely: raw HTML in the Markdown is shown as text (never
 * passed through), link targets go through markdown-it's URL check (no `javascript:` and the
 * like), Mermaid blocks become `<pre class="mermaid">` with their source escaped for the browser
 * to draw, and headings get ids so links to `page.md#section` land.
 */

/** How one rendering turns links and heading ids into the ones its output uses. */
export interface RenderTarget {
  /** The href to write for a link written as `href` in the page's Markdown. */
  href(href: string): string;
  /** The id to give a heading whose slug is `slug`. */
  headingId(slug: string): string;
}

export interface RenderedPage {
  html: string;
  /** The page has at least one Mermaid diagram (so the Mermaid script must load). */
  hasDiagrams: boolean;
}

type Env = { target: RenderTarget; diagrams: number; slugs: Map<string, number> };

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

md.core.ruler.push("heading_ids", (state) => {
  const env = state.env as Env;
  state.tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const slug = uniqueSlug(env.slugs, slugOf(state.tokens[i + 1]?.content ?? ""));
    token.attrSet("id", env.target.headingId(slug));
  });
});

const defaultLinkOpen = md.renderer.rules.link_open;
md.renderer.rules.link_open = (tokens, idx, options, env: Env, self) => {
  const token = tokens[idx] as Token;
  const href = token.attrGet("href");
  if (href !== null) token.attrSet("href", env.target.href(href));
  if (href !== null && isExternal(href)) token.attrSet("rel", "noopener noreferrer");
  return defaultLinkOpen
    ? defaultLinkOpen(tokens, idx, options, env, self)
    : self.renderToken(tokens, idx, options);
};

const defaultFence = md.renderer.rules.fence;
md.renderer.rules.fence = (tokens, idx, options, env: Env, self) => {
  const token = tokens[idx] as Token;
  if (token.info.trim().split(/\s+/)[0] === "mermaid") {
    env.diagrams += 1;
    return `<pre class="mermaid">${md.utils.escapeHtml(token.content)}</pre>\n`;
  }
  return defaultFence
    ? defaultFence(tokens, idx, options, env, self)
    : self.renderToken(tokens, idx, options);
};

/** Renders one page's Markdown for `target`. */
export function renderMarkdown(markdown: string, target: RenderTarget): RenderedPage {
  const env: Env = { target, diagrams: 0, slugs: new Map() };
  const html = md.render(markdown, env);
  return { html, hasDiagrams: env.diagrams > 0 };
}

/** Escapes text for HTML (element content and quoted attribute values). */
export function escapeHtml(text: string): string {
  return md.utils.escapeHtml(text);
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to dashes. */
export function slugOf(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function uniqueSlug(seen: Map<string, number>, slug: string): string {
  const count = seen.get(slug) ?? 0;
  seen.set(slug, count + 1);
  return count === 0 ? slug : `${slug}-${count}`;
}

/** A link that leaves the documentation: it has a scheme (`https:`, `mailto:`) or is protocol-relative. */
export function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//");
}
