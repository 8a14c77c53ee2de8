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
import { issueJson, selectFields } from "./jira-issue-json.ts";
import { queryIssues } from "./jira-routes-read.ts";

/**
 * The Agile API (boards, sprints, a sprint's issues) as Atlassian documents it. The Software API
 * path for a sprint's issues (`/rest/software/1.0/sprint/{id}/issue`, which jira.js calls) is not
 * served: Jira Cloud's documentation has only the Agile one.
 */

function boardId(ctx: RouteContext): number {
  const id = Number(ctx.params[0]);
  findOr404(
    ctx.state.boards.find((b) => b.id === id),
    `Board does not exist or you do not have permission to see it.`,
  );
  return id;
}

function listBoards(ctx: RouteContext) {
  const project = ctx.query.get("projectKeyOrId")?.toUpperCase();
  const type = ctx.query.get("type");
  const name = ctx.query.get("name")?.toLowerCase();
  const projectKey = project
    ? ctx.state.projects.find((p) => p.key === project || p.id === project)?.key
    : undefined;
  if (project && !projectKey)
    throw new HttpError(400, [`No project could be found with key or id '${project}'.`]);
  const boards = ctx.state.boards.filter(
    (b) =>
      (!projectKey || b.projectKey === projectKey) &&
      (!type || b.type === type) &&
      (!name || b.name.toLowerCase().includes(name)),
  );
  const page = offsetPage(
    boards,
    intParam(ctx.query, "startAt", 0),
    intParam(ctx.query, "maxResults", 50, 50) || 50,
  );
  return ok({ ...page, values: page.values.map((b) => ctx.render.board(b.id)) });
}

function listSprints(ctx: RouteContext) {
  const id = boardId(ctx);
  const board = ctx.state.boards.find((b) => b.id === id);
  if (board?.type !== "scrum") throw new HttpError(400, ["The board does not support sprints"]);
  const states = listParam(ctx.query, "state");
  const sprints = ctx.state.sprints.filter(
    (s) => s.boardId === id && (states.length === 0 || states.includes(s.state)),
  );
  const page = offsetPage(
    sprints,
    intParam(ctx.query, "startAt", 0),
    intParam(ctx.query, "maxResults", 50, 50) || 50,
  );
  const { total: _total, ...rest } = page;
  return ok({ ...rest, values: page.values.map((s) => ctx.render.sprint(s.id)) });
}

function getSprint(ctx: RouteContext) {
  return ok(
    findOr404(
      ctx.render.sprint(Number(ctx.params[0])),
      "Sprint does not exist or you do not have permission to see it.",
    ),
  );
}

function sprintIssues(ctx: RouteContext) {
  const id = Number(ctx.params[0]);
  findOr404(ctx.render.sprint(id), "Sprint does not exist or you do not have permission to see it.");
  const jql = ctx.query.get("jql") ?? "";
  const matching = new Set((jql ? queryIssues(ctx, jql) : ctx.state.issues).map((i) => i.key));
  const inSprint = queryIssues(ctx, "ORDER BY rank").filter(
    (i) => i.sprintIds.includes(id) && matching.has(i.key),
  );
  // Offset-paged like every Agile API list: startAt, maxResults (default and most 50), total.
  const startAt = intParam(ctx.query, "startAt", 0);
  const maxResults = intParam(ctx.query, "maxResults", 50, 50) || 50;
  const fields = selectFields(listParam(ctx.query, "fields"), "*navigable");
  const expand = listParam(ctx.query, "expand");
  return ok({
    expand: "schema,names",
    startAt,
    maxResults,
    total: inSprint.length,
    issues: inSprint
      .slice(startAt, startAt + maxResults)
      .map((issue) => issueJson(ctx.render, issue, fields, expand)),
  });
}

export const agileRoutes: Route[] = [
  { method: "GET", pattern: /^\/rest\/agile\/1\.0\/board$/, handle: listBoards },
  {
    method: "GET",
    pattern: /^\/rest\/agile\/1\.0\/board\/(\d+)$/,
    handle: (ctx) => ok(ctx.render.board(boardId(ctx))),
  },
  { method: "GET", pattern: /^\/rest\/agile\/1\.0\/board\/(\d+)\/sprint$/, handle: listSprints },
  { method: "GET", pattern: /^\/rest\/agile\/1\.0\/sprint\/(\d+)$/, handle: getSprint },
  { method: "GET", pattern: /^\/rest\/agile\/1\.0\/sprint\/(\d+)\/issue$/, handle: sprintIssues },
];
