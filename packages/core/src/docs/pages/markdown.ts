import type { LineRange } from "../analysis/types.ts";
import { type CiteContext, citeIn, codeSpan, commitRef, escapeMarkdown } from "./cite.ts";
import type { PageSpec } from "./types.ts";

/** What a page renderer writes with: citations limited to the page's sources, and links between pages. */
export interface PageWriter {
  /** Cites the whole file (lines 1 to its last). */
  file(path: string): string;
  /** Cites `lines` of the file. */
  at(path: string, lines: LineRange): string;
  commit(sha: string): string;
  /** A relative link from this page to another page of the set. */
  page(target: string, text: string): string;
}

/**
 * A writer for `spec`. Citing a file outside `spec.sources` throws: a page's citations must be
 * covered by its inputs hash, or a copied page could point at lines that moved.
 */
export function pageWriter(spec: PageSpec, context: CiteContext): PageWriter {
  const sources = new Map(spec.sources.map((s) => [s.path, s]));
  const known = (path: string) => {
    const source = sources.get(path);
    if (!source) throw new Error(`page ${spec.path} cites ${path}, which is not among its sources`);
    return source;
  };
  return {
    file: (path) => {
      const { lines } = known(path);
      return citeIn(context, path, lines > 0 ? { start: 1, end: lines } : undefined);
    },
    at: (path, lines) => {
      known(path);
      return citeIn(context, path, lines);
    },
    commit: (sha) => commitRef(context, sha),
    page: (target, text) => `[${escapeMarkdown(text)}](${relativePageLink(spec.path, target)})`,
  };
}

/** The link from page `from` to page `to`, both paths inside `pages/`. */
export function relativePageLink(from: string, to: string): string {
  const fromDirs = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let shared = 0;
  while (shared < fromDirs.length && shared < toParts.length - 1 && fromDirs[shared] === toParts[shared])
    shared++;
  return [...fromDirs.slice(shared).map(() => ".."), ...toParts.slice(shared)].join("/");
}

/** A GitHub-flavoured table; cells are Markdown already (escape text with {@link text}). */
export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\n+/g, " ")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Plain text made safe for prose and table cells. */
export function text(value: string): string {
  return escapeMarkdown(value.replace(/\s+/g, " ").trim());
}

/** A name or command in code. */
export function code(value: string): string {
  return codeSpan(value.replace(/\s+/g, " "));
}

export function bullets(items: string[]): string {
  return items.map((item) => `- ${item}`).join("\n");
}

/** Sections joined with blank lines, empty ones dropped. */
export function sections(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.trim() !== "").join("\n\n");
}

/** "3 more not shown" notes, or nothing when nothing was left out. */
export function omitted(count: number, what: string): string | undefined {
  return count > 0 ? `_${count} more ${what} not shown._` : undefined;
}

/** A whole percent; "<1%" for small non-zero shares. */
export function percent(share: number): string {
  const value = Math.round(share * 100);
  return value === 0 && share > 0 ? "<1%" : `${value}%`;
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 import", "3 imports". */
export function plural(n: number, noun: string): string {
  return `${count(n)} ${n === 1 ? noun : `${noun}s`}`;
}
