import type { Citation } from "../agent/tool.ts";
import { extractJiraKeys } from "./jira-keys.ts";

/** The short form of a commit SHA used in labels. */
export const shortSha = (sha: string) => sha.slice(0, 7);

const lineAnchor = (start?: number, end?: number) =>
  start === undefined ? "" : end === undefined || end === start ? `#L${start}` : `#L${start}-L${end}`;

/** `owner/repo@sha:path#L10-L40`, linked to the file at that commit. */
export function fileCitation(
  webUrl: string,
  full: string,
  sha: string,
  path: string,
  lines?: { start: number; end: number },
): Citation {
  const anchor = lineAnchor(lines?.start, lines?.end);
  return {
    kind: "github",
    label: `${full}@${shortSha(sha)}:${path}${anchor}`,
    url: `${webUrl}/${full}/blob/${sha}/${path}${anchor}`,
  };
}

/** `owner/repo@sha`, linked to the commit. */
export function commitCitation(webUrl: string, full: string, sha: string): Citation {
  return { kind: "github", label: `${full}@${shortSha(sha)}`, url: `${webUrl}/${full}/commit/${sha}` };
}

/** `owner/repo#7`, linked to the issue or pull request page GitHub gave. */
export function issueCitation(full: string, number: number, htmlUrl: string): Citation {
  return { kind: "github", label: `${full}#${number}`, url: htmlUrl };
}

/** A citation per Jira key mentioned in the texts, so answers keep `PROJ-123` linkable. */
export function jiraCitations(...texts: (string | null | undefined)[]): Citation[] {
  const keys = new Set(texts.flatMap((text) => extractJiraKeys(text)));
  return [...keys].map((key) => ({ kind: "jira", label: key }));
}

/** Citations without repeats (same kind and label), in first-seen order. */
export function uniqueCitations(citations: Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const key = `${c.kind}:${c.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
