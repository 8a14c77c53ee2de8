import { createHash } from "node:crypto";
import type { Client } from "../db/client.ts";
import type { ProjectAllowList } from "../jira/allow-list.ts";
import type { JiraClient } from "../jira/client.ts";
import { jqlString } from "../jira/jql.ts";
import { searchPage } from "../jira/search.ts";
import type { Logger } from "../observability/logger.ts";
import { chunkFile } from "./chunk.ts";
import { embedMissingChunks } from "./embed-missing.ts";
import type { Embedder } from "./embedder.ts";
import { INDEX_FIELDS, issueForIndex } from "./jira-text.ts";
import { ensureSource, type FileToWrite, indexedFiles, setWatermark, writeFiles } from "./store.ts";

export interface IndexJiraOptions {
  db: Client;
  jira: JiraClient;
  /** The allowed projects (config.jira.projects); a project outside it is refused. */
  allow: ProjectAllowList;
  project: string;
  embedder?: Embedder | undefined;
  logger: Logger;
  signal?: AbortSignal;
  /** Issues per page (default 100, Jira's maximum). */
  pageSize?: number;
  /** The clock the relative watermark is computed against (default Date.now). */
  now?: () => number;
}

export interface JiraIndexResult {
  project: string;
  /** Issues Jira returned. */
  issuesFetched: number;
  /** Issues whose text was new or changed, and so re-chunked. */
  issuesChanged: number;
  chunksAdded: number;
  chunksRemoved: number;
  embedded: number;
  /** The newest `updated` read (ISO 8601), where the next sync starts. */
  watermark: string | null;
}

/**
 * Jira's server clock may run ahead of ours, and `updated` has millisecond precision while the JQL
 * condition has minute precision: the next sync starts this far before the watermark. Issues read
 * again are recognised by the hash of their text and not re-chunked.
 */
const WATERMARK_OVERLAP_MINUTES = 2;

/**
 * The condition on `updated` for a sync from `watermark`, as a relative time (`-90m`): JQL reads an
 * absolute date in the Jira user's time zone, which a relative one does not depend on.
 */
export function updatedSince(watermark: string | null, nowMs: number): string {
  if (!watermark) return "";
  const minutes = Math.ceil((nowMs - Date.parse(watermark)) / 60_000) + WATERMARK_OVERLAP_MINUTES;
  return ` AND updated >= -${Math.max(minutes, WATERMARK_OVERLAP_MINUTES)}m`;
}

/**
 * Indexes a Jira project's issues (summary, description, comments) incrementally by `updated`:
 * issues are read oldest change first, a page at a time, and the watermark moves after each page,
 * so a stopped sync resumes where it stopped. Chunks cite the issue key.
 */
export async function indexJiraProject(options: IndexJiraOptions): Promise<JiraIndexResult> {
  const { db, signal } = options;
  const project = options.allow.assertProject(options.project);
  const source = await ensureSource(db, "jira", project);
  const known = await indexedFiles(db, source.id);
  const now = options.now ?? Date.now;
  const jql = options.allow.scope(
    `project = ${jqlString(project)}${updatedSince(source.watermark, now())} ORDER BY updated ASC`,
  );
  const api = options.jira.api(signal);
  const result: JiraIndexResult = {
    project,
    issuesFetched: 0,
    issuesChanged: 0,
    chunksAdded: 0,
    chunksRemoved: 0,
    embedded: 0,
    watermark: source.watermark,
  };
  let nextPageToken: string | undefined;
  do {
    const page = await searchPage(api, {
      jql,
      fields: INDEX_FIELDS,
      maxResults: options.pageSize ?? 100,
      nextPageToken,
    });
    const issues = page.issues.map(issueForIndex).filter((issue) => issue.project === project);
    const changed: FileToWrite[] = [];
    for (const issue of issues) {
      const blobSha = createHash("sha256").update(issue.text).digest("hex");
      if (known.get(issue.key)?.blobSha === blobSha) continue;
      changed.push({
        path: issue.key,
        blobSha,
        commitSha: null,
        chunks: chunkFile(`${issue.key}.txt`, issue.text),
      });
      known.set(issue.key, { id: 0, blobSha });
    }
    const written = await writeFiles(db, source.id, changed);
    result.issuesFetched += page.issues.length;
    result.issuesChanged += changed.length;
    result.chunksAdded += written.added;
    result.chunksRemoved += written.removed;
    const newest = issues.reduce<string | null>(
      (max, i) => (i.updated && (!max || i.updated > max) ? i.updated : max),
      result.watermark,
    );
    if (newest && newest !== result.watermark) {
      await setWatermark(db, source.id, newest);
      result.watermark = newest;
    }
    nextPageToken = page.nextPageToken;
  } while (nextPageToken && !signal?.aborted);
  signal?.throwIfAborted();
  if (options.embedder) {
    result.embedded = await embedMissingChunks({
      db,
      embedder: options.embedder,
      sourceId: source.id,
      ...(signal ? { signal } : {}),
    });
  }
  options.logger.info({ ...result }, "jira project indexed");
  return result;
}
