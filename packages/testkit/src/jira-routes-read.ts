import {
  findOr404,
  HttpError,
  ISSUE_MISSING,
  intParam,
  listParam,
  offsetPage,
  ok,
  pageToken,
  type Route,
  type RouteContext,
  readPageToken,
} from "./jira-http.ts";
import { issueJson, selectFields } from "./jira-issue-json.ts";
import { JqlError, runJql } from "./jira-jql.ts";
import { findIssue, type IssueRecord, TRANSITIONS } from "./jira-model.ts";

export function issueFor(ctx: RouteContext, index = 0): IssueRecord {
  return findOr404(findIssue(ctx.state, ctx.params[index] ?? ""), ISSUE_MISSING);
}

/** Runs JQL for a route, answering a query Jira could not run with its 400. */
export function queryIssues(ctx: RouteContext, jql: string): IssueRecord[] {
  try {
    return runJql(jql, ctx);
  } catch (error) {
    if (error instanceof JqlError) throw new HttpError(400, [error.message]);
    throw error;
  }
}

/**
 * A token-paged list of issues (search/jql and the software sprint API): `maxResults` per page
 * (default 50, at most 100), only the requested fields, the changelog when expanded.
 */
export function tokenPagedIssues(ctx: RouteContext, matches: IssueRecord[], scope: string) {
  const maxResults = intParam(ctx.query, "maxResults", 50, 100) || 50;
  const offset = readPageToken(ctx.query.get("nextPageToken"), scope);
  const page = matches.slice(offset, offset + maxResults);
  const fields = selectFields(listParam(ctx.query, "fields"), "id");
  const expand = listParam(ctx.query, "expand");
  const end = offset + page.length;
  return {
    issues: page.map((issue) => issueJson(ctx.render, issue, fields, expand)),
    ...(end < matches.length ? { nextPageToken: pageToken(scope, end) } : {}),
    isLast: end >= matches.length,
  };
}

function searchJql(ctx: RouteContext) {
  const jql = ctx.query.get("jql") ?? "";
  return ok(tokenPagedIssues(ctx, queryIssues(ctx, jql), `search:${jql}`));
}

function getIssue(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const fields = selectFields(listParam(ctx.query, "fields"), "*all");
  return ok(issueJson(ctx.render, issue, fields, listParam(ctx.query, "expand")));
}

function getComments(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const startAt = intParam(ctx.query, "startAt", 0);
  const maxResults = intParam(ctx.query, "maxResults", 5000, 5000);
  const newestFirst = ctx.query.get("orderBy") === "-created";
  const all = newestFirst ? [...issue.comments].reverse() : issue.comments;
  const page = all.slice(startAt, startAt + maxResults).map((c) => ctx.render.comment(issue, c));
  return ok({ startAt, maxResults, total: all.length, comments: page });
}

function getChangelog(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const startAt = intParam(ctx.query, "startAt", 0);
  const maxResults = intParam(ctx.query, "maxResults", 100, 100);
  const page = offsetPage(issue.changelog, startAt, maxResults);
  const self = `${ctx.render.base}/rest/api/3/issue/${issue.key}/changelog?startAt=${startAt}&maxResults=${maxResults}`;
  return ok({ ...page, self, values: page.values.map((h) => ctx.render.history(h)) });
}

function getWorklogs(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const startAt = intParam(ctx.query, "startAt", 0);
  const maxResults = intParam(ctx.query, "maxResults", 5000, 5000);
  const worklogs = issue.worklogs
    .slice(startAt, startAt + maxResults)
    .map((w) => ctx.render.worklog(issue, w));
  return ok({ startAt, maxResults, total: issue.worklogs.length, worklogs });
}

function getTransitions(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const transitions = TRANSITIONS.filter((t) => t.toStatusId !== issue.statusId).map((t) => {
    const target = { ...issue, statusId: t.toStatusId };
    return {
      id: t.id,
      name: t.name,
      to: ctx.render.status(target),
      hasScreen: false,
      isGlobal: true,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    };
  });
  return ok({ expand: "transitions", transitions });
}

const API = "/rest/api/3";
const KEY = "([A-Za-z0-9_-]+)";

export const readRoutes: Route[] = [
  { method: "GET", pattern: new RegExp(`^${API}/search/jql$`), handle: searchJql },
  { method: "GET", pattern: new RegExp(`^${API}/issue/${KEY}$`), handle: getIssue },
  { method: "GET", pattern: new RegExp(`^${API}/issue/${KEY}/comment$`), handle: getComments },
  { method: "GET", pattern: new RegExp(`^${API}/issue/${KEY}/changelog$`), handle: getChangelog },
  { method: "GET", pattern: new RegExp(`^${API}/issue/${KEY}/worklog$`), handle: getWorklogs },
  { method: "GET", pattern: new RegExp(`^${API}/issue/${KEY}/transitions$`), handle: getTransitions },
];
