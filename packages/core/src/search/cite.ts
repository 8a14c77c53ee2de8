import type { Citation } from "../agent/tool.ts";
import { shortSha } from "../github/citations.ts";
import type { SourceKind } from "./store.ts";

/** Where links of hits point: the GitHub web origin (see webUrlFor) and the Jira site. */
export interface SearchLinks {
  githubWebUrl?: string | undefined;
  jiraHost?: string | undefined;
}

export interface CitedChunk {
  label: string;
  kind: SourceKind;
  path: string;
  commitSha: string | null;
  startLine: number | null;
  endLine: number | null;
}

const lineAnchor = (start: number | null, end: number | null) =>
  start === null ? "" : end === null || end === start ? `#L${start}` : `#L${start}-L${end}`;

/**
 * The citation of a chunk: `owner/repo@sha:path#L10-L40` linked to the file at that commit on
 * GitHub, `local/name@sha:path#L10-L40` without a link (a checkout has no web page), or the issue
 * key linked to its Jira page.
 */
export function citeChunk(chunk: CitedChunk, links: SearchLinks): Citation {
  if (chunk.kind === "jira") {
    const url = links.jiraHost
      ? `${new URL(links.jiraHost).origin}/browse/${encodeURIComponent(chunk.path)}`
      : undefined;
    return { kind: "jira", label: chunk.path, ...(url ? { url } : {}) };
  }
  const anchor = lineAnchor(chunk.startLine, chunk.endLine);
  const at = chunk.commitSha ? `@${shortSha(chunk.commitSha)}` : "";
  const label = `${chunk.label}${at}:${chunk.path}${anchor}`;
  if (chunk.kind !== "github" || !links.githubWebUrl || !chunk.commitSha) return { kind: "github", label };
  const path = chunk.path.split("/").map(encodeURIComponent).join("/");
  return {
    kind: "github",
    label,
    url: `${links.githubWebUrl}/${chunk.label}/blob/${chunk.commitSha}/${path}${anchor}`,
  };
}
