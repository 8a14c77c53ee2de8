import { HttpError, ok, type Route, type RouteContext } from "./jira-http.ts";
import type { IssueRecord, WorklogRecord } from "./jira-model.ts";

/** Jira's page size for the worklog change feeds and the most ids `worklog/list` takes. */
export const WORKLOG_PAGE = 1000;

type Change = { worklogId: number; updatedTime: number };

/** `since` in epoch ms (default 0). @throws HttpError(400) for anything but a non-negative integer. */
function sinceParam(ctx: RouteContext): number {
  const raw = ctx.query.get("since");
  if (raw === null) return 0;
  const since = Number(raw);
  if (!Number.isSafeInteger(since) || since < 0)
    throw new HttpError(400, [`The value '${raw}' is invalid for 'since'.`]);
  return since;
}

/**
 * One page of a change feed in Jira's shape: the changes after `since`, oldest first, at most 1000
 * (a page never splits changes of the same millisecond, so `since = until` loses none), and
 * `nextPage` while more remain.
 */
function feedPage(ctx: RouteContext, path: string, all: Change[]) {
  const since = sinceParam(ctx);
  const after = all.filter((c) => c.updatedTime > since).sort((a, b) => a.updatedTime - b.updatedTime);
  let end = Math.min(after.length, WORKLOG_PAGE);
  while (end > 0 && end < after.length && after[end]?.updatedTime === after[end - 1]?.updatedTime) end += 1;
  const values = after.slice(0, end);
  const until = values.at(-1)?.updatedTime ?? since;
  const lastPage = end >= after.length;
  const url = (ms: number) => `${ctx.render.base}/rest/api/3/worklog/${path}?since=${ms}`;
  return ok({
    values: values.map((c) => ({ ...c, properties: [] })),
    since,
    until,
    self: url(since),
    lastPage,
    ...(lastPage ? {} : { nextPage: url(until) }),
  });
}

function allWorklogs(ctx: RouteContext): { issue: IssueRecord; worklog: WorklogRecord }[] {
  return ctx.state.issues.flatMap((issue) => issue.worklogs.map((worklog) => ({ issue, worklog })));
}

function updatedFeed(ctx: RouteContext) {
  const changes = allWorklogs(ctx).map(({ worklog }) => ({
    worklogId: Number(worklog.id),
    updatedTime: Date.parse(worklog.updated),
  }));
  return feedPage(ctx, "updated", changes);
}

function deletedFeed(ctx: RouteContext) {
  const changes = ctx.state.deletedWorklogs.map((d) => ({
    worklogId: Number(d.id),
    updatedTime: Date.parse(d.deleted),
  }));
  return feedPage(ctx, "deleted", changes);
}

/** `POST /rest/api/3/worklog/list` `{ ids }`: the work logs that exist, each with its `issueId`. */
function worklogsForIds(ctx: RouteContext) {
  const ids = (ctx.body as { ids?: unknown } | undefined)?.ids;
  if (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id))) {
    throw new HttpError(400, ["The request body must be { ids: number[] }."]);
  }
  if (ids.length > WORKLOG_PAGE) {
    throw new HttpError(400, [`The number of worklog IDs must not exceed ${WORKLOG_PAGE}.`]);
  }
  const wanted = new Set(ids.map(String));
  const found = allWorklogs(ctx).filter(({ worklog }) => wanted.has(worklog.id));
  return ok(found.map(({ issue, worklog }) => ctx.render.worklog(issue, worklog)));
}

const API = "/rest/api/3";

export const worklogRoutes: Route[] = [
  { method: "GET", pattern: new RegExp(`^${API}/worklog/updated$`), handle: updatedFeed },
  { method: "GET", pattern: new RegExp(`^${API}/worklog/deleted$`), handle: deletedFeed },
  { method: "POST", pattern: new RegExp(`^${API}/worklog/list$`), handle: worklogsForIds },
];
