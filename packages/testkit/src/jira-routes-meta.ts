import {
  findOr404,
  HttpError,
  intParam,
  listParam,
  offsetPage,
  ok,
  type Route,
  type RouteContext,
} from "./jira-http.ts";
import { SPRINT_FIELD, STORY_POINTS_FIELD } from "./jira-model.ts";

/** Fields, projects and users. */

function getFields() {
  const system = [
    "summary",
    "status",
    "issuetype",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "created",
    "updated",
    "resolutiondate",
    "duedate",
    "description",
    "project",
    "parent",
    "subtasks",
    "issuelinks",
    "components",
    "fixVersions",
    "timetracking",
    "comment",
    "worklog",
  ];
  const name = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
  return ok([
    ...system.map((id) => ({
      id,
      key: id,
      name: name(id),
      custom: false,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [id],
    })),
    {
      id: STORY_POINTS_FIELD,
      key: STORY_POINTS_FIELD,
      name: "Story Points",
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ["cf[10016]", "Story Points"],
      schema: {
        type: "number",
        custom: "com.atlassian.jira.plugin.system.customfieldtypes:float",
        customId: 10016,
      },
    },
    {
      id: SPRINT_FIELD,
      key: SPRINT_FIELD,
      name: "Sprint",
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ["cf[10020]", "Sprint"],
      schema: {
        type: "array",
        items: "json",
        custom: "com.pyxis.greenhopper.jira:gh-sprint",
        customId: 10020,
      },
    },
  ]);
}

function projectJson(ctx: RouteContext, key: string, full: boolean) {
  const p = findOr404(
    ctx.state.projects.find((x) => x.key === key.toUpperCase() || x.id === key),
    `No project could be found with key '${key}'.`,
  );
  const base = { ...ctx.render.project(p.key), description: p.description, lead: ctx.render.user(p.leadId) };
  if (!full) return base;
  return {
    ...base,
    components: p.components.map((c) => ({
      self: `${ctx.render.base}/rest/api/3/component/${c.id}`,
      id: c.id,
      name: c.name,
      description: c.description,
      ...(c.leadId ? { lead: ctx.render.user(c.leadId) } : {}),
      project: p.key,
      projectId: Number(p.id),
    })),
    versions: p.versions.map((v) => ({
      self: `${ctx.render.base}/rest/api/3/version/${v.id}`,
      ...v,
      projectId: Number(p.id),
    })),
    issueTypes: ctx.state.issueTypes.map((t) => ({
      self: `${ctx.render.base}/rest/api/3/issuetype/${t.id}`,
      id: t.id,
      name: t.name,
      subtask: t.subtask,
      hierarchyLevel: t.hierarchyLevel,
    })),
    assigneeType: "UNASSIGNED",
  };
}

function searchProjects(ctx: RouteContext) {
  const keys = listParam(ctx.query, "keys").map((k) => k.toUpperCase());
  const query = (ctx.query.get("query") ?? "").toLowerCase();
  const matches = ctx.state.projects.filter(
    (p) =>
      (keys.length === 0 || keys.includes(p.key)) &&
      (p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query)),
  );
  const page = offsetPage(
    matches,
    intParam(ctx.query, "startAt", 0),
    intParam(ctx.query, "maxResults", 50, 100) || 50,
  );
  return ok({
    ...page,
    self: `${ctx.render.base}/rest/api/3/project/search`,
    values: page.values.map((p) => projectJson(ctx, p.key, false)),
  });
}

function findUsers(ctx: RouteContext) {
  const query = (ctx.query.get("query") ?? "").toLowerCase();
  if (!query) throw new HttpError(400, ["One of 'query' or 'accountId' must be provided."]);
  const maxResults = intParam(ctx.query, "maxResults", 50, 1000);
  const users = ctx.state.users
    .filter((u) => u.displayName.toLowerCase().includes(query) || u.email.toLowerCase().startsWith(query))
    .slice(0, maxResults);
  return ok(users.map((u) => ctx.render.user(u.accountId)));
}

const API = "/rest/api/3";
const KEY = "([A-Za-z0-9_-]+)";

export const metaRoutes: Route[] = [
  { method: "GET", pattern: new RegExp(`^${API}/field$`), handle: getFields },
  { method: "GET", pattern: new RegExp(`^${API}/project/search$`), handle: searchProjects },
  {
    method: "GET",
    pattern: new RegExp(`^${API}/project/${KEY}$`),
    handle: (ctx) => ok(projectJson(ctx, ctx.params[0] ?? "", true)),
  },
  { method: "GET", pattern: new RegExp(`^${API}/user/search$`), handle: findUsers },
  {
    method: "GET",
    pattern: new RegExp(`^${API}/myself$`),
    handle: (ctx) => ok(ctx.render.user(ctx.currentAccountId)),
  },
];
