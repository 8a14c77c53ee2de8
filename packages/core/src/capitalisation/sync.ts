import type { InStatement } from "@libsql/client";
import type { Client } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { ProjectAllowList } from "../jira/allow-list.ts";
import type { JiraApi, JiraClient } from "../jira/client.ts";
import type { Logger } from "../observability/logger.ts";
import { lookUpIssues, refreshIssues } from "./issue-facts.ts";
import {
  deletedWorklogs,
  type FeedChanges,
  type Rejected,
  updatedWorklogs,
  WORKLOG_BATCH,
  worklogsByIds,
} from "./jira-feeds.ts";
import {
  cursorStatement,
  deleteWorklogStatements,
  FEED,
  issueStatements,
  knownIssueIds,
  readCursor,
  worklogStatements,
} from "./worklogs.ts";

/**
 * How far before its start a first sync begins the deleted feed: Jira stamps deletions with its own
 * clock, which may run behind ours; reading an hour of deletions again costs nothing.
 */
const CLOCK_MARGIN_MS = 3_600_000;

export interface SyncWorklogsDeps {
  db: Client;
  jira: JiraClient;
  /** JIRA_PROJECTS: only these projects' issues and work logs are stored. */
  allow: ProjectAllowList;
  logger: Logger;
  signal?: AbortSignal;
  now?: () => number;
  /** Issues per search page (default 100, Jira's maximum). */
  pageSize?: number;
}

export interface SyncResult {
  projects: string[];
  /** Issue facts written (refreshed by the projects' issue feeds or looked up by id). */
  issuesStored: number;
  worklogsStored: number;
  worklogsDeleted: number;
  /** Work logs of issues outside the allowed projects: not stored (and removed if they were). */
  worklogsOutOfScope: number;
  /** Rows Jira sent that could not be read; everything else was stored. */
  rejected: Rejected[];
  cursors: { updated: number; deleted: number };
  finishedAt: string;
}

/**
 * Brings the allowed projects' work logs and issue facts up to date from Jira's change feeds:
 * each project's issues changed since its cursor (a parent change shows here), then the work logs
 * the updated feed names, fetched by id 1000 at a time, their unknown issues looked up by id, and
 * the deleted feed. Every page is stored with its cursor in one transaction, so a stopped sync
 * resumes where it stopped and a repeated one rewrites nothing; an unchanged period costs only the
 * feed calls.
 * @throws AppError `forbidden` when no project is allowed.
 */
export async function syncWorklogs(deps: SyncWorklogsDeps): Promise<SyncResult> {
  if (deps.allow.keys.length === 0) {
    throw new AppError(
      "forbidden",
      "No Jira project is allowed (JIRA_PROJECTS): there are no work logs to sync",
    );
  }
  const now = deps.now ?? Date.now;
  const api = deps.jira.api(deps.signal);
  const result: SyncResult = {
    projects: [...deps.allow.keys],
    issuesStored: 0,
    worklogsStored: 0,
    worklogsDeleted: 0,
    worklogsOutOfScope: 0,
    rejected: [],
    cursors: { updated: 0, deleted: 0 },
    finishedAt: "",
  };
  // The very first sync reads every work log there is; deletions before it concern none of them.
  const firstSync = (await readCursor(deps.db, FEED.updated)) === null;
  const deletedFrom = Math.max(0, now() - CLOCK_MARGIN_MS);
  for (const project of result.projects) await refreshIssues(deps, api, project, result, now);
  result.cursors.updated = await followFeed(deps, result, FEED.updated, 0, updatedWorklogs, (changes, at) =>
    storeWorklogs(deps, api, changes.ids, result, at),
  );
  const deletedStart = firstSync ? deletedFrom : 0;
  result.cursors.deleted = await followFeed(
    deps,
    result,
    FEED.deleted,
    deletedStart,
    deletedWorklogs,
    async (changes) => {
      result.worklogsDeleted += changes.ids.length;
      return deleteWorklogStatements(changes.ids);
    },
  );
  result.finishedAt = new Date(now()).toISOString();
  await deps.db.execute(cursorStatement(FEED.finished, now(), result.finishedAt));
  for (const r of result.rejected)
    deps.logger.error({ ...r }, "worklog-sync: Jira sent a row it could not read");
  deps.logger.info({ ...result, rejected: result.rejected.length }, "worklog-sync finished");
  return result;
}

/**
 * Follows a worklog feed from its cursor to its last page; `store` returns a page's statements,
 * which are written with the moved cursor in one transaction. Returns where the feed now stands.
 */
async function followFeed(
  deps: SyncWorklogsDeps,
  result: SyncResult,
  feed: string,
  /** Where the feed starts when it has no cursor yet. */
  start: number,
  read: (api: JiraApi, since: number) => Promise<FeedChanges>,
  store: (changes: FeedChanges, at: string) => Promise<InStatement[]>,
): Promise<number> {
  const api = deps.jira.api(deps.signal);
  const stored = await readCursor(deps.db, feed);
  let since = stored ?? start;
  // A feed's first sync records its cursor even when it brought nothing, so its status shows.
  let recorded = stored !== null;
  for (;;) {
    deps.signal?.throwIfAborted();
    const changes = await read(api, since);
    result.rejected.push(...changes.rejected);
    const at = new Date().toISOString();
    const statements = changes.ids.length > 0 ? await store(changes, at) : [];
    const moved = changes.until !== null && changes.until > since;
    // Rows are always written with their feed's cursor: its `updated_at` is part of the reports'
    // data version (report-cache.ts), so a page that did not move the feed still refreshes it.
    if (moved || !recorded || statements.length > 0)
      statements.push(cursorStatement(feed, moved ? (changes.until as number) : since, at));
    recorded = true;
    if (statements.length > 0) await deps.db.batch(statements, "write");
    if (moved) since = changes.until as number;
    // The last page, or a page that did not move the feed on (asking again would repeat it).
    if (changes.next === null || !moved) return since;
  }
}

/**
 * The statements storing the work logs of one feed page: fetched by id, their issues' facts looked
 * up when unknown; those of issues outside the allowed projects are not stored (and removed).
 */
async function storeWorklogs(
  deps: SyncWorklogsDeps,
  api: JiraApi,
  ids: string[],
  result: SyncResult,
  at: string,
) {
  const statements: InStatement[] = [];
  for (let i = 0; i < ids.length; i += WORKLOG_BATCH) {
    const fetched = await worklogsByIds(api, ids.slice(i, i + WORKLOG_BATCH));
    result.rejected.push(...fetched.rejected);
    const issueIds = fetched.rows.map((w) => w.issueId);
    const known = await knownIssueIds(deps.db, issueIds);
    const found = await lookUpIssues(
      deps,
      api,
      [...new Set(issueIds)].filter((id) => !known.has(id)),
      result,
    );
    statements.push(...issueStatements(found, at));
    for (const issue of found) known.add(issue.issueId);
    const kept = fetched.rows.filter((w) => known.has(w.issueId));
    const outside = fetched.rows.filter((w) => !known.has(w.issueId)).map((w) => w.id);
    statements.push(...worklogStatements(kept, at), ...deleteWorklogStatements(outside));
    result.issuesStored += found.length;
    result.worklogsStored += kept.length;
    result.worklogsOutOfScope += outside.length;
  }
  return statements;
}
