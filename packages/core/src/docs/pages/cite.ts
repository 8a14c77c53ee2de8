import type { LineRange } from "../analysis/types.ts";

/**
 * Citations: every claim a page makes about code points at the file and lines it came from, at the
 * commit the page was generated from. A GitHub repository gets a Markdown link to its web view; a
 * local checkout has no web view, so it gets the plain `local/<name>@<sha>:path#L10-L40` form.
 */

export const DEFAULT_WEB_BASE = "https://github.com";

/** Where citations of one doc set point. */
export interface CiteContext {
  /** `owner/repo` or `local/<name>`. */
  label: string;
  commitSha: string;
  /** The GitHub web root; {@link DEFAULT_WEB_BASE} when unset. */
  webBase?: string | undefined;
}

/** Whether a label names a local checkout (which has no web view to link to). */
export function isLocalLabel(label: string): boolean {
  return label.startsWith("local/");
}

/** `#L10-L40`, `#L10` for one line, or nothing. */
export function lineAnchor(lines?: LineRange): string {
  if (!lines) return "";
  return lines.end > lines.start ? `#L${lines.start}-L${lines.end}` : `#L${lines.start}`;
}

/**
 * A citation of `path` (optionally at `lines`): `[path#L10-L40](<web>/owner/repo/blob/<sha>/path#L10-L40)`
 * for a GitHub label, `` `local/<name>@<sha>:path#L10-L40` `` for a local one.
 */
export function cite(
  label: string,
  commitSha: string,
  path: string,
  lines?: LineRange,
  webBase: string = DEFAULT_WEB_BASE,
): string {
  const anchor = lineAnchor(lines);
  if (isLocalLabel(label)) return codeSpan(`${label}@${commitSha}:${path}${anchor}`);
  return `[${escapeMarkdown(path + anchor)}](${blobUrl({ label, commitSha, webBase }, path)}${anchor})`;
}

/** {@link cite} with the doc set's context. */
export function citeIn(context: CiteContext, path: string, lines?: LineRange): string {
  return cite(context.label, context.commitSha, path, lines, context.webBase);
}

/** The web URL of a file at the context's commit (GitHub labels only). */
export function blobUrl(context: CiteContext, path: string): string {
  const base = (context.webBase ?? DEFAULT_WEB_BASE).replace(/\/+$/, "");
  return `${base}/${context.label}/blob/${context.commitSha}/${encodePath(path)}`;
}

/** A commit as a link (GitHub) or its short SHA in code (local). */
export function commitRef(context: CiteContext, sha: string): string {
  const short = sha.slice(0, 10);
  if (isLocalLabel(context.label)) return codeSpan(short);
  const base = (context.webBase ?? DEFAULT_WEB_BASE).replace(/\/+$/, "");
  return `[${short}](${base}/${context.label}/commit/${sha})`;
}

/** A cited path and line range read back from a citation URL of the context's repository and commit. */
export function parseCitationUrl(
  context: CiteContext,
  url: string,
): { path: string; lines?: LineRange } | null {
  const prefix = blobUrl(context, "");
  if (!url.startsWith(prefix)) return null;
  const [rawPath = "", anchor = ""] = url.slice(prefix.length).split("#", 2);
  try {
    const path = rawPath.split("/").map(decodeURIComponent).join("/");
    if (path === "") return null;
    const lines = parseAnchor(anchor);
    return lines === undefined ? { path } : lines && { path, lines };
  } catch {
    return null;
  }
}

/** `L10-L40` → the range; "" → undefined; anything else → null. */
export function parseAnchor(anchor: string): LineRange | null | undefined {
  if (anchor === "") return undefined;
  const match = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  return start >= 1 && end >= start ? { start, end } : null;
}

/** Text safe in Markdown prose and table cells: the characters that start emphasis, links, code or cells are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
}

/** A code span that survives backticks and table pipes inside it. */
export function codeSpan(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = fence.length > 1 ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|")}${pad}${fence}`;
}

function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(/[()'!*]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`),
    )
    .join("/");
}

/**
 * A page written at `from` made to cite `to` instead. Sound only for a page whose inputs hash is
 * the same at both commits: its hash covers the blob SHA of every file it cites, so each cited
 * file and line is the same at `to`. Only citations are touched, nothing else in the text.
 */
export function retargetCitations(markdown: string, from: CiteContext, to: CiteContext): string {
  if (from.label !== to.label) throw new Error(`cannot move citations from ${from.label} to ${to.label}`);
  const webFrom = blobUrl(from, "");
  const webTo = blobUrl(to, "");
  const plainFrom = `${from.label}@${from.commitSha}:`;
  const plainTo = `${to.label}@${to.commitSha}:`;
  return markdown.split(webFrom).join(webTo).split(plainFrom).join(plainTo);
}
