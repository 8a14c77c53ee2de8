import { HttpError, ok, type Route, type RouteContext } from "./jira-http.ts";
import {
  type AdfDoc,
  findIssue,
  newIssueRecord,
  parseDuration,
  statusOf,
  TRANSITIONS,
} from "./jira-model.ts";
import { issueFor } from "./jira-routes-read.ts";

/** Writes that change the site's state, validated the way Jira Cloud's v3 API validates them. */

type Json = Record<string, unknown>;

const NOT_ADF = "Operation value must be an Atlassian Document (see the Atlassian Document Format)";
const JIRA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;
const SETTABLE = new Set([
  "project",
  "issuetype",
  "summary",
  "description",
  "labels",
  "priority",
  "parent",
  "assignee",
]);

function object(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function isAdf(value: unknown): value is AdfDoc {
  const doc = object(value);
  return doc.type === "doc" && doc.version === 1 && Array.isArray(doc.content);
}

function newId(ctx: RouteContext): string {
  ctx.state.nextId += 1;
  return String(ctx.state.nextId);
}

/** The issue fields of a create request, checked; each problem is named under its field. */
function checkedFields(ctx: RouteContext, fields: Json) {
  const errors: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    if (!SETTABLE.has(name))
      errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
  }
  const projectRef = object(fields.project);
  const project = ctx.state.projects.find((p) => p.key === projectRef.key || p.id === projectRef.id);
  if (!project) errors.project = "valid project is required";
  const typeRef = object(fields.issuetype);
  const type = ctx.state.issueTypes.find((t) => t.name === typeRef.name || t.id === typeRef.id);
  if (!type) errors.issuetype = "Specify an issue type";
  const summary = fields.summary;
  if (typeof summary !== "string" || !summary.trim())
    errors.summary = "You must specify a summary of the issue.";
  else if (summary.length > 255) errors.summary = "Summary must be less than 255 characters.";
  if (fields.description !== undefined && fields.description !== null && !isAdf(fields.description))
    errors.description = NOT_ADF;
  const labels = fields.labels ?? [];
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string" || /\s/.test(l)))
    errors.labels = "The label must not contain spaces.";
  const priority = object(fields.priority).name;
  if (fields.priority !== undefined && !ctx.state.priorities.includes(String(priority)))
    errors.priority = `The priority selected is invalid.`;
  const parentKey = object(fields.parent).key;
  const parent = parentKey === undefined ? undefined : findIssue(ctx.state, String(parentKey));
  if (parentKey !== undefined && !parent) errors.parent = `Could not find issue by id or key.`;
  if (type?.subtask && !parent)
    errors.parent = "Given parent work item does not belong to appropriate hierarchy.";
  const assignee = object(fields.assignee).accountId;
  if (assignee !== undefined && !ctx.state.users.some((u) => u.accountId === assignee))
    errors.assignee = "User does not exist.";
  if (Object.keys(errors).length || !project || !type) throw new HttpError(400, [], errors);
  return { project, type, summary: String(summary), labels: labels as string[], priority, parent, assignee };
}

function createIssue(ctx: RouteContext) {
  const body = object(ctx.body);
  const f = checkedFields(ctx, object(body.fields));
  const number =
    1 +
    Math.max(
      0,
      ...ctx.state.issues
        .filter((i) => i.projectKey === f.project.key)
        .map((i) => Number(i.key.split("-")[1])),
    );
  const properties: Record<string, unknown> = {};
  for (const p of Array.isArray(body.properties) ? body.properties : [])
    properties[String(object(p).key)] = object(p).value;
  const issue = newIssueRecord(
    {
      id: newId(ctx),
      key: `${f.project.key}-${number}`,
      projectKey: f.project.key,
      typeId: f.type.id,
      summary: f.summary,
      description: isAdf(object(body.fields).description)
        ? (object(body.fields).description as AdfDoc)
        : null,
      priority: f.priority === undefined ? "Medium" : String(f.priority),
      assigneeId: f.assignee === undefined ? null : String(f.assignee),
      reporterId: ctx.currentAccountId,
      labels: f.labels,
      parentKey: f.parent?.key ?? null,
      components: [],
      properties,
    },
    new Date(ctx.now).toISOString(),
  );
  ctx.state.issues.push(issue);
  return ok({ id: issue.id, key: issue.key, self: `${ctx.render.base}/rest/api/3/issue/${issue.id}` }, 201);
}

function addComment(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const body = object(ctx.body).body;
  if (!isAdf(body)) throw new HttpError(400, [], { comment: NOT_ADF });
  const comment = {
    id: newId(ctx),
    authorId: ctx.currentAccountId,
    body,
    created: new Date(ctx.now).toISOString(),
    properties: [],
  };
  issue.comments.push(comment);
  issue.updated = comment.created;
  return ok(ctx.render.comment(issue, comment), 201);
}

function doTransition(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const body = object(ctx.body);
  const id = String(object(body.transition).id ?? "");
  const transition = TRANSITIONS.find((t) => t.id === id && t.toStatusId !== issue.statusId);
  if (!transition) throw new HttpError(400, [`Transition id '${id}' is not valid for this issue.`]);
  const comments = Array.isArray(object(body.update).comment)
    ? (object(body.update).comment as unknown[])
    : [];
  const commentBodies = comments.map((c) => object(object(c).add).body);
  if (commentBodies.some((b) => !isAdf(b))) throw new HttpError(400, [], { comment: NOT_ADF });
  const now = new Date(ctx.now).toISOString();
  const from = statusOf(ctx.state, issue);
  issue.statusId = transition.toStatusId;
  const to = statusOf(ctx.state, issue);
  issue.resolved = to.category === "done" ? now : null;
  issue.updated = now;
  issue.changelog.push({
    id: newId(ctx),
    authorId: ctx.currentAccountId,
    created: now,
    items: [
      {
        field: "status",
        fieldtype: "jira",
        fieldId: "status",
        from: from.id,
        fromString: from.name,
        to: to.id,
        toString: to.name,
      },
    ],
  });
  for (const b of commentBodies) {
    issue.comments.push({
      id: newId(ctx),
      authorId: ctx.currentAccountId,
      body: b as AdfDoc,
      created: now,
      properties: [],
    });
  }
  return { status: 204 };
}

function addWorklog(ctx: RouteContext) {
  const issue = issueFor(ctx);
  const body = object(ctx.body);
  const seconds =
    typeof body.timeSpentSeconds === "number"
      ? body.timeSpentSeconds
      : parseDuration(String(body.timeSpent ?? ""));
  if (!seconds) throw new HttpError(400, [], { timeLogged: "You must indicate the time spent working." });
  if (typeof body.started !== "string" || !JIRA_TIME.test(body.started)) {
    throw new HttpError(400, [], {
      started: "You must specify a valid start date (yyyy-MM-dd'T'HH:mm:ss.SSSZ).",
    });
  }
  if (body.comment !== undefined && !isAdf(body.comment)) throw new HttpError(400, [], { comment: NOT_ADF });
  const started = new Date(body.started.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")).toISOString();
  const worklog = {
    id: newId(ctx),
    authorId: ctx.currentAccountId,
    started,
    timeSpentSeconds: seconds,
    created: new Date(ctx.now).toISOString(),
    updated: new Date(ctx.now).toISOString(),
    startedOffset: /([+-]\d{2})(\d{2})$/.exec(body.started)?.slice(1, 3).join(":") ?? "+00:00",
    ...(isAdf(body.comment) ? { comment: body.comment } : {}),
  };
  issue.worklogs.push(worklog);
  issue.updated = worklog.created;
  return ok(ctx.render.worklog(issue, worklog), 201);
}

const API = "/rest/api/3";
const KEY = "([A-Za-z0-9_-]+)";

export const writeRoutes: Route[] = [
  { method: "POST", pattern: new RegExp(`^${API}/issue$`), handle: createIssue },
  { method: "POST", pattern: new RegExp(`^${API}/issue/${KEY}/comment$`), handle: addComment },
  { method: "POST", pattern: new RegExp(`^${API}/issue/${KEY}/transitions$`), handle: doTransition },
  { method: "POST", pattern: new RegExp(`^${API}/issue/${KEY}/worklog$`), handle: addWorklog },
];
