import type { IssueModel } from "./github-repo-model.ts";
import { nextId } from "./github-repo-model.ts";
import {
  notFound,
  paginate,
  type Route,
  type RouteAnswer,
  type RouteRequest,
  validationFailed,
} from "./github-route.ts";
import { comment, commit, diffEntry, issue, review } from "./github-shapes.ts";
import { checkRun, pull } from "./github-shapes-refs.ts";

/** Routes under `/repos/{owner}/{repo}` for issues, pull requests, their comments, reviews and checks. */
export const issueRoutes: Route[] = [
  { method: "GET", pattern: /^\/issues$/, handler: listIssues },
  {
    method: "GET",
    pattern: /^\/issues\/(\d+)$/,
    handler: (req, [n]) => withIssue(req, n, (i) => ({ status: 200, body: issue(req.model, i, req.urls) })),
  },
  {
    method: "GET",
    pattern: /^\/issues\/(\d+)\/comments$/,
    handler: (req, [n]) =>
      withIssue(req, n, (i) =>
        paginate(
          req,
          i.comments.map((c) => comment(req.model, i.number, c, req.urls)),
        ),
      ),
  },
  { method: "POST", pattern: /^\/issues\/(\d+)\/comments$/, handler: createComment },
  { method: "GET", pattern: /^\/pulls$/, handler: listPulls },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)$/,
    handler: (req, [n]) => withPull(req, n, (i) => ({ status: 200, body: pull(req.model, i, req.urls) })),
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)\/reviews$/,
    handler: (req, [n]) =>
      withPull(req, n, (i) =>
        paginate(
          req,
          (i.pull?.reviews ?? []).map((r) => review(req.model, i.number, r, req.urls)),
        ),
      ),
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)\/files$/,
    handler: (req, [n]) =>
      withPull(req, n, (i) =>
        paginate(
          req,
          (i.pull?.files ?? []).map((f) => diffEntry(req.model, i.pull?.head.sha ?? "", f, req.urls)),
        ),
      ),
  },
  {
    method: "GET",
    pattern: /^\/pulls\/(\d+)\/commits$/,
    handler: (req, [n]) =>
      withPull(req, n, (i) =>
        paginate(
          req,
          (i.pull?.commits ?? []).flatMap((sha) => {
            const c = req.model.commits.get(sha);
            return c ? [commit(req.model, c, req.urls)] : [];
          }),
        ),
      ),
  },
  { method: "GET", pattern: /^\/commits\/([^/]+)\/check-runs$/, handler: listCheckRuns },
];

function withIssue(
  req: RouteRequest,
  n: string | undefined,
  answer: (i: IssueModel) => RouteAnswer,
): RouteAnswer {
  const found = req.model.issues.find((i) => i.number === Number(n));
  return found ? answer(found) : notFound();
}

function withPull(
  req: RouteRequest,
  n: string | undefined,
  answer: (i: IssueModel) => RouteAnswer,
): RouteAnswer {
  return withIssue(req, n, (i) => (i.pull ? answer(i) : notFound()));
}

/** The sort and filters GitHub's list endpoints share, applied newest first by default. */
function sortIssues(req: RouteRequest, items: IssueModel[]): IssueModel[] {
  const key = req.query.get("sort") === "updated" ? "updatedAt" : "createdAt";
  const sorted = [...items].sort((a, b) =>
    a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.number - b.number,
  );
  return req.query.get("direction") === "asc" ? sorted : sorted.reverse();
}

function byState(req: RouteRequest, i: IssueModel): boolean {
  const state = req.query.get("state") ?? "open";
  return state === "all" || i.state === state;
}

function listIssues(req: RouteRequest): RouteAnswer {
  const labels = (req.query.get("labels") ?? "").split(",").filter(Boolean);
  const assignee = req.query.get("assignee");
  const creator = req.query.get("creator");
  const since = req.query.get("since");
  const matches = req.model.issues.filter(
    (i) =>
      byState(req, i) &&
      labels.every((l) => i.labels.includes(l)) &&
      (!assignee || (assignee === "none" ? i.assignees.length === 0 : i.assignees.includes(assignee))) &&
      (!creator || i.author === creator) &&
      (!since || i.updatedAt >= since),
  );
  return paginate(
    req,
    sortIssues(req, matches).map((i) => issue(req.model, i, req.urls)),
  );
}

function listPulls(req: RouteRequest): RouteAnswer {
  const base = req.query.get("base");
  const head = req.query.get("head");
  const matches = req.model.issues.filter(
    (i) =>
      i.pull &&
      byState(req, i) &&
      (!base || i.pull.base.ref === base) &&
      (!head || `${req.model.owner}:${i.pull.head.ref}` === head),
  );
  return paginate(
    req,
    sortIssues(req, matches).map((i) => pull(req.model, i, req.urls)),
  );
}

function listCheckRuns(req: RouteRequest, [ref]: string[]): RouteAnswer {
  const runs = req.model.issues
    .flatMap((i) => i.pull?.checkRuns ?? [])
    .filter((r) => r.headSha === ref || req.model.branches.get(ref ?? "") === r.headSha);
  return paginate(
    req,
    runs.map((r) => checkRun(req.model, r, req.urls)),
    (page) => ({ total_count: runs.length, check_runs: page }),
  );
}

function createComment(req: RouteRequest, [n]: string[]): RouteAnswer {
  const body = (req.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== "string" || body.trim() === "") return validationFailed("body is missing");
  return withIssue(req, n, (i) => {
    const created = {
      id: nextId(req.model),
      author: "finchat-bot",
      body,
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    };
    i.comments.push(created);
    return { status: 201, body: comment(req.model, i.number, created, req.urls) };
  });
}
