import { type CiteContext, parseAnchor, parseCitationUrl } from "./pages/cite.ts";
import { validateMermaid } from "./pages/mermaid-check.ts";

export interface PageCheck {
  diagrams: number;
  citations: number;
  problems: string[];
}

/**
 * Checks generated pages the way a reader would trip over them: every Mermaid block must parse
 * with Mermaid's own parser, and every citation must name a file of the repository at the set's
 * commit with lines inside the file (`lineCount` answers for a path, or null when there is none).
 */
export async function checkPages(
  pages: { path: string; markdown: string }[],
  context: CiteContext,
  lineCount: (path: string) => Promise<number | null>,
): Promise<PageCheck> {
  const check: PageCheck = { diagrams: 0, citations: 0, problems: [] };
  for (const page of pages) {
    for (const [, source = ""] of page.markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
      check.diagrams += 1;
      const result = await validateMermaid(source);
      if (!result.ok) check.problems.push(`${page.path}: diagram does not parse: ${result.error}`);
    }
    for (const cited of citationsIn(page.markdown, context)) {
      check.citations += 1;
      if (!cited) {
        check.problems.push(`${page.path}: citation not of ${context.label}@${context.commitSha}`);
        continue;
      }
      const lines = await lineCount(cited.path);
      if (lines === null) check.problems.push(`${page.path}: cites missing file ${cited.path}`);
      else if (cited.lines && (cited.lines.end > Math.max(lines, 1) || cited.lines.start < 1)) {
        check.problems.push(
          `${page.path}: cites ${cited.path}#L${cited.lines.start}-L${cited.lines.end} of ${lines}`,
        );
      }
    }
  }
  return check;
}

type Cited = { path: string; lines?: { start: number; end: number } } | null;

function citationsIn(markdown: string, context: CiteContext): Cited[] {
  if (context.label.startsWith("local/")) {
    const prefix = `${context.label}@`;
    return [...markdown.matchAll(/`(local\/[^`@]+@[0-9a-f]+:[^`]+)`/g)].map(([, text = ""]) => {
      if (!text.startsWith(`${prefix}${context.commitSha}:`)) return null;
      const [path = "", anchor = ""] = text.slice(prefix.length + context.commitSha.length + 1).split("#", 2);
      const lines = parseAnchor(anchor);
      return lines === null ? null : lines === undefined ? { path } : { path, lines };
    });
  }
  const web = (context.webBase ?? "https://github.com").replace(/\/+$/, "");
  const links = [...markdown.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map(([, url = ""]) => url);
  return links
    .filter((url) => url.startsWith(`${web}/${context.label}/blob/`))
    .map((url) => parseCitationUrl(context, url));
}
