import { posix } from "node:path";
import { isExternal, type RenderTarget } from "./render.ts";

/** `modules/core.md` → `modules/core.html`. */
export function htmlPathOf(pagePath: string): string {
  return `${pagePath.replace(/\.md$/i, "")}.html`;
}

/** The href from the page at `fromPath` to the file at `toPath` (both site-relative). */
export function relativeHref(fromPath: string, toPath: string): string {
  return posix.relative(posix.dirname(fromPath), toPath) || posix.basename(toPath);
}

function splitFragment(href: string): [path: string, fragment: string | null] {
  const hash = href.indexOf("#");
  return hash < 0 ? [href, null] : [href.slice(0, hash), href.slice(hash + 1)];
}

/** Links of a page in the multi-file site: `other.md#x` → `other.html#x`, the rest untouched. */
export function siteTarget(): RenderTarget {
  return {
    href(href) {
      if (isExternal(href) || href.startsWith("#") || href.startsWith("/")) return href;
      const [path, fragment] = splitFragment(href);
      if (!/\.md$/i.test(path)) return href;
      return htmlPathOf(path) + (fragment === null ? "" : `#${fragment}`);
    },
    headingId: (slug) => slug,
  };
}

/** Unique, readable element ids for every page of a one-file export. */
export function pageAnchors(pagePaths: string[]): Map<string, string> {
  const anchors = new Map<string, string>();
  const used = new Set<string>();
  for (const path of pagePaths) {
    const base = `page-${path.replace(/\.md$/i, "").replace(/[^A-Za-z0-9_-]/g, "-")}`;
    let anchor = base;
    for (let n = 2; used.has(anchor); n += 1) anchor = `${base}-${n}`;
    used.add(anchor);
    anchors.set(path, anchor);
  }
  return anchors;
}

/**
 * Links of a page inside the one-file export, where every page is a section: a link to another
 * page (or a heading in it) becomes a link to that section (or heading); heading ids carry their
 * page's anchor so that pages cannot clash.
 */
export function singleFileTarget(fromPath: string, anchors: Map<string, string>): RenderTarget {
  const own = anchors.get(fromPath) ?? "page";
  const inSection = (anchor: string, fragment: string | null) =>
    `#${anchor}${fragment ? `--${fragment}` : ""}`;
  return {
    href(href) {
      if (isExternal(href) || href.startsWith("/")) return href;
      const [path, fragment] = splitFragment(href);
      if (path === "") return inSection(own, fragment);
      const target = anchors.get(posix.normalize(posix.join(posix.dirname(fromPath), path)));
      return target ? inSection(target, fragment) : href;
    },
    headingId: (slug) => `${own}--${slug}`,
  };
}
