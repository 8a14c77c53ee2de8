import { diffSnapshots, gitBlobSha, rootTreeSha, treeEntries } from "./github-git.ts";
import {
  history,
  notFound,
  paginate,
  type Route,
  type RouteAnswer,
  type RouteRequest,
  resolveRef,
} from "./github-route.ts";
import { commit, diffEntry, repository } from "./github-shapes.ts";
import { branch, directoryEntry, fileContent, release, tag, tree } from "./github-shapes-refs.ts";

/** Routes under `/repos/{owner}/{repo}` for the repository itself: code, history and refs. */
export const repoRoutes: Route[] = [
  {
    method: "GET",
    pattern: /^$/,
    handler: (req) => ({ status: 200, body: repository(req.model, req.urls) }),
  },
  { method: "GET", pattern: /^\/commits$/, handler: listCommits },
  { method: "GET", pattern: /^\/commits\/([^/]+)$/, handler: getCommit },
  { method: "GET", pattern: /^\/git\/trees\/([^/]+)$/, handler: getTree },
  { method: "GET", pattern: /^\/contents(?:\/(.*))?$/, handler: getContents },
  { method: "GET", pattern: /^\/compare\/(.+)\.\.\.(.+)$/, handler: compare },
  {
    method: "GET",
    pattern: /^\/branches$/,
    handler: (req) =>
      paginate(
        req,
        [...req.model.branches].sort().map(([name, sha]) => branch(req.model, name, sha, req.urls)),
      ),
  },
  { method: "GET", pattern: /^\/branches\/(.+)$/, handler: getBranch },
  {
    method: "GET",
    pattern: /^\/tags$/,
    handler: (req) =>
      paginate(
        req,
        req.model.tags.map((t) => tag(req.model, t, req.urls)),
      ),
  },
  {
    method: "GET",
    pattern: /^\/releases$/,
    handler: (req) =>
      paginate(
        req,
        req.model.releases.map((r) => release(req.model, r, req.urls)),
      ),
  },
];

function listCommits(req: RouteRequest): RouteAnswer {
  const start = resolveRef(req.model, req.query.get("sha") ?? req.model.defaultBranch);
  if (!start) return notFound();
  const path = req.query.get("path");
  const author = req.query.get("author");
  const since = req.query.get("since");
  const until = req.query.get("until");
  const commits = history(req.model, start.sha).filter((c) => {
    if (author && c.author !== author) return false;
    if (since && c.date < since) return false;
    if (until && c.date > until) return false;
    if (!path) return true;
    const parent = c.parents[0] ? req.model.commits.get(c.parents[0]) : undefined;
    const before = parent?.snapshot ?? new Map<string, string>();
    return diffSnapshots(before, c.snapshot).some(
      (f) => f.filename === path || f.filename.startsWith(`${path}/`),
    );
  });
  return paginate(
    req,
    commits.map((c) => commit(req.model, c, req.urls)),
  );
}

function getCommit(req: RouteRequest, [ref]: string[]): RouteAnswer {
  const c = resolveRef(req.model, ref ?? "");
  if (!c)
    return {
      status: 422,
      body: {
        message: `No commit found for SHA: ${ref}`,
        documentation_url: "https://docs.github.com/rest",
        status: "422",
      },
    };
  if (/application\/vnd\.github(\.v3)?\.sha/.test(String(req.headers.accept ?? ""))) {
    return { status: 200, raw: c.sha, contentType: "application/vnd.github.sha; charset=utf-8" };
  }
  const parent = c.parents[0] ? req.model.commits.get(c.parents[0]) : undefined;
  const files = diffSnapshots(parent?.snapshot ?? new Map(), c.snapshot);
  return { status: 200, body: commit(req.model, c, req.urls, files) };
}

function getTree(req: RouteRequest, [ref]: string[]): RouteAnswer {
  const c = resolveRef(req.model, ref ?? "");
  const bySha = [...req.model.commits.values()].find((x) => rootTreeSha(x.snapshot) === ref);
  const found = c ?? bySha;
  if (!found) return notFound();
  const body = tree(req.model, rootTreeSha(found.snapshot), found.snapshot, req.urls);
  const limit = req.model.treeEntryLimit;
  if (req.query.get("recursive")) {
    if (limit === undefined || body.tree.length <= limit) return { status: 200, body };
    return { status: 200, body: { ...body, truncated: true, tree: body.tree.slice(0, limit) } };
  }
  return { status: 200, body: { ...body, tree: body.tree.filter((e) => !e.path?.includes("/")) } };
}

function getContents(req: RouteRequest, [rawPath]: string[]): RouteAnswer {
  const c = resolveRef(req.model, req.query.get("ref") ?? req.model.defaultBranch);
  if (!c) return notFound();
  const path = (rawPath ?? "").replace(/\/$/, "");
  const ref = req.query.get("ref") ?? req.model.defaultBranch;
  const content = c.snapshot.get(path);
  if (content !== undefined) {
    if (String(req.headers.accept ?? "").includes("raw")) {
      const binary = content.includes("\u0000");
      return binary
        ? { status: 200, raw: Buffer.from(content, "latin1"), contentType: "application/octet-stream" }
        : { status: 200, raw: content, contentType: "application/vnd.github.raw; charset=utf-8" };
    }
    return { status: 200, body: fileContent(req.model, path, content, gitBlobSha(content), ref, req.urls) };
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = treeEntries(c.snapshot).filter(
    (e) => e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"),
  );
  if (children.length === 0) return notFound();
  return {
    status: 200,
    body: children.map((e) =>
      directoryEntry(
        req.model,
        e.path,
        e.type === "tree" ? "dir" : "file",
        e.sha,
        e.size ?? 0,
        ref,
        req.urls,
      ),
    ),
  };
}

function compare(req: RouteRequest, [baseRef, headRef]: string[]): RouteAnswer {
  const base = resolveRef(req.model, baseRef ?? "");
  const head = resolveRef(req.model, headRef ?? "");
  if (!base || !head) return notFound();
  const baseLine = history(req.model, base.sha);
  const headLine = history(req.model, head.sha);
  const baseShas = new Set(baseLine.map((c) => c.sha));
  const mergeBase = headLine.find((c) => baseShas.has(c.sha)) ?? base;
  const headShas = new Set(headLine.map((c) => c.sha));
  const ahead = headLine.filter((c) => !baseShas.has(c.sha)).reverse();
  const behind = baseLine.filter((c) => !headShas.has(c.sha));
  const status =
    ahead.length && behind.length
      ? "diverged"
      : ahead.length
        ? "ahead"
        : behind.length
          ? "behind"
          : "identical";
  const files = diffSnapshots(mergeBase.snapshot, head.snapshot).slice(0, 300);
  const fileEntries = files.map((f) => diffEntry(req.model, head.sha, f, req.urls));
  return paginate(
    req,
    ahead.map((c) => commit(req.model, c, req.urls)),
    (commits) => ({
      url: `${req.urls.api}/repos/${req.model.owner}/${req.model.name}/compare/${baseRef}...${headRef}`,
      html_url: `${req.urls.web}/${req.model.owner}/${req.model.name}/compare/${baseRef}...${headRef}`,
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      base_commit: commit(req.model, base, req.urls),
      merge_base_commit: commit(req.model, mergeBase, req.urls),
      commits,
      files: fileEntries,
    }),
  );
}

function getBranch(req: RouteRequest, [name]: string[]): RouteAnswer {
  const sha = req.model.branches.get(name ?? "");
  if (!sha)
    return {
      status: 404,
      body: { message: "Branch not found", documentation_url: "https://docs.github.com/rest", status: "404" },
    };
  return { status: 200, body: branch(req.model, name ?? "", sha, req.urls) };
}
