import type { IncomingHttpHeaders } from "node:http";
import type { CommitModel, RepoModel } from "./github-repo-model.ts";
import type { Urls } from "./github-shapes.ts";

/** A request as the routes see it. */
export interface RouteRequest {
  method: string;
  /** Decoded path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  urls: Urls;
  model: RepoModel;
}

/** What a route answers: JSON `body`, or `raw` text/bytes with their content type. */
export interface RouteAnswer {
  status: number;
  body?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest, params: string[]) => RouteAnswer;

export interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  handler: RouteHandler;
}

export const notFound = (): RouteAnswer => ({
  status: 404,
  body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" },
});

export const validationFailed = (message: string): RouteAnswer => ({
  status: 422,
  body: {
    message: "Validation Failed",
    errors: [{ message, code: "invalid" }],
    documentation_url: "https://docs.github.com/rest",
    status: "422",
  },
});

/**
 * One page of `items` with GitHub's `Link` header (`next`, `last`, `first`, `prev`) pointing back at
 * this server, from the request's `per_page` (default 30, at most 100) and `page`.
 */
export function paginate<T>(req: RouteRequest, items: T[], wrap?: (page: T[]) => unknown): RouteAnswer {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page")) || 30));
  const page = Math.max(1, Number(req.query.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(req.query);
    query.set("per_page", String(perPage));
    query.set("page", String(n));
    return `<${req.urls.api}${encodeURI(req.path)}?${query}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, "prev")] : []),
    ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
    ...(page > 1 ? [link(1, "first")] : []),
  ];
  return {
    status: 200,
    body: wrap ? wrap(slice) : slice,
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

/** A branch, tag, full SHA or SHA prefix (7+ characters) of the model, as its commit. */
export function resolveRef(model: RepoModel, ref: string): CommitModel | undefined {
  const name = ref === "HEAD" ? model.defaultBranch : ref.replace(/^refs\/(heads|tags)\//, "");
  const sha = model.branches.get(name) ?? model.tags.find((t) => t.name === name)?.sha ?? ref;
  const exact = model.commits.get(sha);
  if (exact) return exact;
  if (!/^[0-9a-f]{7,39}$/.test(sha)) return undefined;
  return [...model.commits.values()].find((c) => c.sha.startsWith(sha));
}

/** Commits reachable from `sha` along first parents, newest first. */
export function history(model: RepoModel, sha: string): CommitModel[] {
  const out: CommitModel[] = [];
  for (let c = model.commits.get(sha); c; c = c.parents[0] ? model.commits.get(c.parents[0]) : undefined)
    out.push(c);
  return out;
}

/** The repository a `/repos/{owner}/{name}` path names, when it is the model's. */
export function isModelRepo(model: RepoModel, owner: string | undefined, name: string | undefined): boolean {
  return (
    owner?.toLowerCase() === model.owner.toLowerCase() && name?.toLowerCase() === model.name.toLowerCase()
  );
}
