import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BOT_ACCOUNT_ID, createDataset } from "./jira-dataset.ts";
import { HttpError, type Reply, type Route } from "./jira-http.ts";
import type { JiraState } from "./jira-model.ts";
import { JiraRenderer } from "./jira-render.ts";
import { agileRoutes } from "./jira-routes-agile.ts";
import { metaRoutes } from "./jira-routes-meta.ts";
import { readRoutes } from "./jira-routes-read.ts";
import { worklogRoutes } from "./jira-routes-worklogs.ts";
import { writeRoutes } from "./jira-routes-write.ts";
import { type JiraWorklogControl, worklogControl } from "./jira-worklog-control.ts";

export interface JiraServerOptions {
  /** Default 0 (a free port). */
  port?: number;
  host?: string;
  /** The account the API token belongs to (basic auth user). */
  email?: string;
  apiToken?: string;
  /** `X-RateLimit-Limit` sent on every answer; `X-RateLimit-Remaining` counts down from it. */
  rateLimit?: number;
}

/** One request as the server received and answered it. */
export interface JiraRequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  /** `performance.timeOrigin + performance.now()` when the request arrived, in ms. */
  receivedAt: number;
}

export interface JiraServer {
  /** The site URL (what JIRA_HOST would be). */
  readonly url: string;
  readonly email: string;
  readonly apiToken: string;
  /** The site's data; tests may read and change it. Writes through the API change it too. */
  readonly state: JiraState;
  /** Every request in arrival order. */
  readonly requests: JiraRequestRecord[];
  /** Requests per `METHOD path` so far (e.g. `GET /rest/api/3/worklog/updated`). */
  requestCounts(): Record<string, number>;
  /** Test-only changes to work logs and parents, stamped with the current time like Jira's own. */
  readonly worklogs: JiraWorklogControl;
  /** The next `times` requests (default 1) get a 429, with `Retry-After` unless it is null. */
  throttle(options?: { times?: number; retryAfterSeconds?: number | null }): void;
  /**
   * The next `times` requests (default 1) whose path contains `path` (and whose decoded query
   * contains `query`, when given) get this status and body instead.
   */
  failNext(fault: { path: string; query?: string; status: number; body?: unknown; times?: number }): void;
  close(): Promise<void>;
}

const ROUTES: Route[] = [...readRoutes, ...metaRoutes, ...writeRoutes, ...agileRoutes, ...worklogRoutes];

/**
 * Starts a local HTTP server speaking Jira Cloud's REST API (platform v3, agile 1.0, the software
 * sprint issues) over a generated site (see jira-dataset.ts): JQL search with `nextPageToken`
 * paging and `fields` projection, issues with comments, changelog, work logs, links and sub-tasks,
 * projects, boards, sprints, transitions and users; the worklog change feeds (updated, deleted, by
 * ids); writes that change the data; basic auth; and switchable 429s with `Retry-After`.
 */
export async function startJiraServer(options: JiraServerOptions = {}): Promise<JiraServer> {
  const email = options.email ?? "finchat-bot@finchat.test";
  const apiToken = options.apiToken ?? "jira-test-token";
  const expectedAuth = `Basic ${Buffer.from(`${email}:${apiToken}`).toString("base64")}`;
  const state = createDataset(email);
  const requests: JiraRequestRecord[] = [];
  const limit = options.rateLimit ?? 1000;
  let served = 0;
  const throttles: (number | null)[] = [];
  const faults: { path: string; query?: string; status: number; body?: unknown; left: number }[] = [];
  let render: JiraRenderer | undefined;

  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const receivedAt = performance.timeOrigin + performance.now();
      const url = new URL(req.url ?? "/", "http://jira.local");
      const record: JiraRequestRecord = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        body: parseJson(text),
        status: 0,
        receivedAt,
      };
      requests.push(record);
      served += 1;
      res.setHeader("x-ratelimit-limit", String(limit));
      res.setHeader("x-ratelimit-remaining", String(Math.max(0, limit - served)));
      res.setHeader("x-ratelimit-reset", new Date(Date.now() + 60_000).toISOString());
      if (limit - served < limit / 5) res.setHeader("x-ratelimit-nearlimit", "true");
      if (throttles.length > 0) {
        const retryAfter = throttles.shift() as number | null;
        record.status = 429;
        return sendThrottled(res, retryAfter);
      }
      const query = decodeURIComponent(url.search.replaceAll("+", " "));
      const fault = faults.find(
        (f) => url.pathname.includes(f.path) && (f.query === undefined || query.includes(f.query)),
      );
      if (fault) {
        fault.left -= 1;
        if (fault.left <= 0) faults.splice(faults.indexOf(fault), 1);
        record.status = fault.status;
        return send(res, {
          status: fault.status,
          body: fault.body ?? { errorMessages: [`testkit fault ${fault.status}`], errors: {} },
        });
      }
      if (req.headers.authorization !== expectedAuth) {
        record.status = 401;
        return send(res, {
          status: 401,
          body: { errorMessages: ["Client must be authenticated to access this resource."], errors: {} },
        });
      }
      const reply = dispatch(record, render as JiraRenderer, state);
      record.status = reply.status;
      send(res, reply);
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  render = new JiraRenderer(state, url);
  return {
    url,
    email,
    apiToken,
    state,
    requests,
    requestCounts: () => {
      const counts: Record<string, number> = {};
      for (const r of requests) counts[`${r.method} ${r.path}`] = (counts[`${r.method} ${r.path}`] ?? 0) + 1;
      return counts;
    },
    worklogs: worklogControl(state),
    throttle: ({ times = 1, retryAfterSeconds = 1 } = {}) => {
      for (let i = 0; i < times; i += 1) throttles.push(retryAfterSeconds);
    },
    failNext: ({ times = 1, ...fault }) => {
      faults.push({ ...fault, left: times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function dispatch(record: JiraRequestRecord, render: JiraRenderer, state: JiraState): Reply {
  const route = ROUTES.find((r) => r.method === record.method && r.pattern.test(record.path));
  if (!route)
    return {
      status: 404,
      body: { errorMessages: [`No route for ${record.method} ${record.path}`], errors: {} },
    };
  if (record.body === INVALID_JSON)
    return { status: 400, body: { errorMessages: ["Unexpected character in the JSON body."], errors: {} } };
  const params = (route.pattern.exec(record.path) ?? []).slice(1);
  try {
    return route.handle({
      params,
      query: record.query,
      body: record.body,
      state,
      render,
      currentAccountId: BOT_ACCOUNT_ID,
      now: Date.now(),
    });
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, body: error.body };
    return {
      status: 500,
      body: { errorMessages: [error instanceof Error ? error.message : String(error)], errors: {} },
    };
  }
}

function sendThrottled(res: ServerResponse, retryAfter: number | null): void {
  if (retryAfter === null) {
    res.removeHeader("x-ratelimit-reset");
  } else {
    res.setHeader("retry-after", String(retryAfter));
    res.setHeader("x-ratelimit-reset", new Date(Date.now() + retryAfter * 1000).toISOString());
  }
  res.setHeader("x-ratelimit-remaining", "0");
  res.setHeader("ratelimit-reason", "jira-burst-based");
  send(res, { status: 429, body: { errorMessages: ["Rate limit exceeded."], errors: {} } });
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res
    .writeHead(reply.status, { "content-type": "application/json;charset=UTF-8" })
    .end(JSON.stringify(reply.body));
}

const INVALID_JSON = Symbol("invalid JSON");

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
