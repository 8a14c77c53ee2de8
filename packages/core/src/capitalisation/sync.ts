import type { InStatement } from "@libsql/client";
import type { Client } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { ProjectAllowList } from "../jira/allow-list.ts";
import type { JiraApi, JiraClient } from "../jira/client.ts";
import { jqlString } from "../jira/jql.ts";
import { searchPage } from "../jira/search.ts";
import type { Logger } from "../observability/logger.ts";
import { updatedSince } from "../search/index-jira.ts";
import {
  deletedWorklogs,
  FACT_FIELDS,
  type FeedChanges,
  issueFacts,
  type Rejected,
  updatedWorklogs,
  WORKLOG_BATCH,
  worklogsByIds,
} from "./jira-feeds.ts";
import {
  type CapIssueRow,
  cursorStatement,
  deleteWorklogStatements,
  FEED,
  issueStatements,
  knownIssueIds,
  readCursor,
  worklogStatements,
} from "./worklogs.ts";

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

/** A page of issue ids looked up at once: `id in (...)` stays a short query. */
const LOOKUP_CHUNK = 100;

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
  for (const project of result.projects) await refreshIssues(deps, api, project, result, now);
  result.cursors.updated = await followFeed(deps, result, FEED.updated, updatedWorklogs, (changes, at) =>
    storeWorklogs(deps, api, changes.ids, result, at),
  );
  result.cursors.deleted = await followFeed(deps, result, FEED.deleted, deletedWorklogs, async (changes) => {
    result.worklogsDeleted += changes.ids.length;
    return deleteWorklogStatements(changes.ids);
  });
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
  read: (api: JiraApi, since: number) => Promise<FeedChanges>,
  store: (changes: FeedChanges, at: string) => Promise<InStatement[]>,
): Promise<number> {
  const api = deps.jira.api(deps.signal);
  const stored = await readCursor(deps.db, feed);
  let since = stored ?? 0;
  // A feed's first sync records its cursor even when it brought nothing, so its status shows.
  let recorded = stored !== null;
  for (;;) {
    deps.signal?.throwIfAborted();
    const changes = await read(api, since);
    result.rejected.push(...changes.rejected);
    const at = new Date().toISOString();
    const statements = changes.ids.length > 0 ? await store(changes, at) : [];
    const moved = changes.until !== null && changes.until > since;
    if (moved || !recorded)
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

/** Facts of issues by id, in the allowed projects only (the scoped JQL returns no others). */
async function lookUpIssues(
  deps: SyncWorklogsDeps,
  api: JiraApi,
  issueIds: string[],
  result: SyncResult,
): Promise<CapIssueRow[]> {
  const found: CapIssueRow[] = [];
  for (let i = 0; i < issueIds.length; i += LOOKUP_CHUNK) {
    const jql = deps.allow.scope(`id in (${issueIds.slice(i, i + LOOKUP_CHUNK).join(", ")})`);
    let token: string | undefined;
    do {
      const page = await searchPage(api, {
        jql,
        fields: FACT_FIELDS,
        maxResults: LOOKUP_CHUNK,
        nextPageToken: token,
      });
      found.push(...readFacts(deps, page.issues, result));
      token = page.nextPageToken;
    } while (token);
  }
  return found;
}

function readFacts(
  deps: SyncWorklogsDeps,
  issues: Parameters<typeof issueFacts>[0][],
  result: SyncResult,
): CapIssueRow[] {
  const rows: CapIssueRow[] = [];
  for (const issue of issues) {
    const facts = issueFacts(issue);
    if ("reason" in facts) result.rejected.push(facts);
    else if (deps.allow.has(facts.projectKey)) rows.push(facts);
  }
  return rows;
}

/**
 * A project's issues changed since its cursor (all of them the first time), oldest change first,
 * each page stored with the cursor moved to its newest `updated`.
 */
async function refreshIssues(
  deps: SyncWorklogsDeps,
  api: JiraApi,
  project: string,
  result: SyncResult,
  now: () => number,
) {
  const feed = FEED.issues(project);
  let cursor = await readCursor(deps.db, feed);
  const since = cursor === null ? null : new Date(cursor).toISOString();
  const jql = deps.allow.scope(
    `project = ${jqlString(project)}${updatedSince(since, now())} ORDER BY updated ASC`,
  );
  let token: string | undefined;
  do {
    deps.signal?.throwIfAborted();
    const page = await searchPage(api, {
      jql,
      fields: FACT_FIELDS,
      maxResults: deps.pageSize ?? 100,
      nextPageToken: token,
    });
    const rows = readFacts(deps, page.issues, result);
    const newest = Math.max(cursor ?? 0, ...rows.map((r) => Date.parse(r.jiraUpdated)));
    const at = new Date().toISOString();
    if (rows.length > 0 || newest !== cursor) {
      await deps.db.batch([...issueStatements(rows, at), cursorStatement(feed, newest, at)], "write");
    }
    cursor = newest;
    result.issuesStored += rows.length;
    token = page.nextPageToken;
  } while (token);
}
