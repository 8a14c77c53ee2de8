import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fixtureKey, loadFixtures } from "./github-fixtures.ts";
import { etagOf, readJson, sameEtag, send, sendJson } from "./github-http.ts";
import {
  type GitHubFault,
  RateLimits,
  type RateResource,
  resourceOf,
  SECONDARY_LIMIT_MESSAGE,
} from "./github-limits.ts";
import { buildRepo, pushCommit, type RepoModel, type RepoOptions } from "./github-repo-model.ts";
import { isModelRepo, notFound, type Route, type RouteAnswer, type RouteRequest } from "./github-route.ts";
import { gitRoutes } from "./github-routes-git.ts";
import { issueRoutes } from "./github-routes-issues.ts";
import { repoRoutes } from "./github-routes-repo.ts";
import { searchRoutes } from "./github-routes-search.ts";

export interface GitHubServerOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, only this token is accepted; otherwise any token is. */
  token?: string;
  /** The generated repository (default `acme/ledger`). */
  repo?: RepoOptions;
  /** `@octokit/fixtures` scenarios to serve (owner `octokit-fixture-org`). */
  scenarios?: string[];
  /** Requests per hour of each rate-limit resource (core 5000, search 30, code_search 10). */
  rateLimits?: Partial<Record<RateResource, number>>;
}

/** One request as the server saw it. */
export interface RecordedGitHubRequest {
  method: string;
  /** Path with query. */
  url: string;
  accept: string | undefined;
  ifNoneMatch: string | undefined;
  status: number;
  /** Epoch milliseconds when it arrived. */
  at: number;
  body?: unknown;
}

export interface GitHubServer {
  /** The API base URL, for `new Octokit({ baseUrl })`. */
  readonly url: string;
  /** The generated repository; comments posted through the API are added to it. */
  readonly model: RepoModel;
  /** Every request in arrival order. */
  readonly requests: RecordedGitHubRequest[];
  /**
   * Adds a commit on the default branch writing `files` (`null` deletes one), as a push would,
   * for incremental reruns. Returns the new commit's SHA.
   */
  pushCommit(files: Record<string, string | null>, message?: string): string;
  /** The next matching request(s) get this fault: a 403/429 secondary limit, a 5xx, any status. */
  failNext(fault: GitHubFault): void;
  /** Sets a rate-limit bucket, e.g. `{ remaining: 0, resetInSeconds: 1 }` to exhaust it for a second. */
  setRateLimit(
    resource: RateResource,
    state: { limit?: number; remaining?: number; resetInSeconds?: number },
  ): void;
  close(): Promise<void>;
}

/**
 * Starts a local HTTP server speaking the GitHub REST API: recorded `@octokit/fixtures` scenarios
 * and a generated repository, with ETags (304 on `If-None-Match`, not counted against the limit),
 * `x-ratelimit-*` headers, switchable secondary limits and request recording.
 */
export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const model = buildRepo(options.repo);
  const limits = new RateLimits(options.rateLimits);
  const requests: RecordedGitHubRequest[] = [];
  let fixtures = new Map<string, RouteAnswer>();
  let apiUrl = "";
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    res.setHeader("x-github-request-id", `TESTKIT:${count}`);
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: `testkit GitHub server: ${String(error)}` });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://testkit.local");
    const record: RecordedGitHubRequest = {
      method: req.method ?? "GET",
      url: `${url.pathname}${url.search}`,
      accept: req.headers.accept,
      ifNoneMatch: req.headers["if-none-match"],
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    const body = req.method === "POST" || req.method === "PATCH" ? await readJson(req) : undefined;
    if (body !== undefined) record.body = body;
    const answer = answerFor(req, url, body);
    record.status = answer.status;
    send(res, answer);
  }

  function answerFor(req: IncomingMessage, url: URL, body: unknown): RouteAnswer & { rate?: RateResource } {
    const auth = req.headers.authorization ?? "";
    const token = auth.replace(/^(token|bearer)\s+/i, "");
    if (!token) return { status: 401, body: { message: "Requires authentication", status: "401" } };
    if (options.token !== undefined && token !== options.token)
      return { status: 401, body: { message: "Bad credentials", status: "401" } };
    const resource = resourceOf(url.pathname);
    const fault = limits.takeFault(`${url.pathname}${url.search}`);
    if (fault) return faultAnswer(fault, limits.headers(resource));
    if (!limits.hasRoom(resource)) {
      return {
        status: 403,
        body: { message: "API rate limit exceeded for user ID 1.", status: "403" },
        headers: limits.headers(resource),
      };
    }
    const answer = route(req, url, body);
    const etag = answer.status === 200 && req.method === "GET" ? etagOf(answer) : undefined;
    if (etag && sameEtag(req.headers["if-none-match"], etag)) {
      return { status: 304, headers: { etag, ...limits.headers(resource) } };
    }
    limits.spend(resource);
    return {
      ...answer,
      headers: { ...answer.headers, ...(etag ? { etag } : {}), ...limits.headers(resource) },
    };
  }

  function route(req: IncomingMessage, url: URL, body: unknown): RouteAnswer {
    const method = req.method ?? "GET";
    const fixture = fixtures.get(fixtureKey(method, `${url.pathname}${url.search}`));
    if (fixture) return fixture;
    const path = decodeURIComponent(url.pathname).replace(/\/$/, "");
    const routeRequest: RouteRequest = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      urls: { api: apiUrl, web: apiUrl },
      model,
    };
    const repoPath = path.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (repoPath) {
      if (!isModelRepo(model, repoPath[1], repoPath[2])) return notFound();
      return dispatch([...repoRoutes, ...gitRoutes, ...issueRoutes], routeRequest, repoPath[3] ?? "");
    }
    if (path === "/rate_limit") return { status: 200, body: { resources: {} } };
    return dispatch(searchRoutes, routeRequest, path);
  }

  server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { address, port } = server.address() as AddressInfo;
  apiUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  fixtures = loadFixtures(apiUrl, options.scenarios);
  let closed: Promise<void> | undefined;
  return {
    url: apiUrl,
    model,
    requests,
    pushCommit: (files, message) => pushCommit(model, files, message),
    failNext: (fault) => limits.addFault(fault),
    setRateLimit: (resource, state) => limits.set(resource, state),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function dispatch(routes: Route[], req: RouteRequest, path: string): RouteAnswer {
  for (const r of routes) {
    const match = r.method === req.method ? path.match(r.pattern) : null;
    if (match)
      return r.handler(
        req,
        match.slice(1).map((p) => p ?? ""),
      );
  }
  return notFound();
}

function faultAnswer(fault: GitHubFault, headers: Record<string, string>): RouteAnswer {
  if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
  const secondary = fault.status === 403 || fault.status === 429;
  const message = fault.message ?? (secondary ? SECONDARY_LIMIT_MESSAGE : "Server Error");
  const retryAfter: Record<string, string> =
    fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
  return {
    status: fault.status,
    body: { message, documentation_url: "https://docs.github.com/rest", status: String(fault.status) },
    headers: { ...headers, ...retryAfter },
  };
}
