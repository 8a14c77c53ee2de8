import { isAppError } from "../errors.ts";
import type { JiraApi } from "../jira/client.ts";
import { jqlString } from "../jira/jql.ts";
import { searchPage } from "../jira/search.ts";
import { updatedSince } from "../search/index-jira.ts";
import { FACT_FIELDS, issueFacts } from "./jira-feeds.ts";
import type { SyncResult, SyncWorklogsDeps } from "./sync.ts";
import { type CapIssueRow, cursorStatement, FEED, issueStatements, readCursor } from "./worklogs.ts";

/** A page of issue ids looked up at once: `id in (...)` stays a short query. */
const LOOKUP_CHUNK = 100;

/** Facts of issues by id, in the allowed projects only (the scoped JQL returns no others). */
export async function lookUpIssues(
  deps: SyncWorklogsDeps,
  api: JiraApi,
  issueIds: string[],
  result: SyncResult,
): Promise<CapIssueRow[]> {
  const found: CapIssueRow[] = [];
  for (let i = 0; i < issueIds.length; i += LOOKUP_CHUNK) {
    found.push(...(await lookUpChunk(deps, api, issueIds.slice(i, i + LOOKUP_CHUNK), result)));
  }
  return found;
}

/**
 * Jira refuses a whole `id in (...)` query when one id names no issue it shows (deleted since the
 * work log was read): the ids are halved until the refused one stands alone, and that one is
 * reported (its work logs cannot be classified, so they are not stored).
 */
async function lookUpChunk(
  deps: SyncWorklogsDeps,
  api: JiraApi,
  ids: string[],
  result: SyncResult,
): Promise<CapIssueRow[]> {
  const jql = deps.allow.scope(`id in (${ids.join(", ")})`);
  try {
    const found: CapIssueRow[] = [];
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
    return found;
  } catch (err) {
    if (!isAppError(err) || err.code !== "invalid_request") throw err;
    if (ids.length === 1) {
      const reason = `Jira shows no issue with this id (${err.message}); its work logs were not stored`;
      result.rejected.push({ what: "issue", id: ids[0] as string, reason });
      return [];
    }
    const half = Math.ceil(ids.length / 2);
    const first = await lookUpChunk(deps, api, ids.slice(0, half), result);
    return [...first, ...(await lookUpChunk(deps, api, ids.slice(half), result))];
  }
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
export async function refreshIssues(
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
