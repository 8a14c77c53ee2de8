import { setTimeout as sleep } from "node:timers/promises";
import type { Client, SendRequestOptions } from "jira.js/core";
import { AppError } from "../errors.ts";
import type { Logger } from "../observability/logger.ts";
import { jiraHttpError } from "./http-errors.ts";
import { type RateLimitTracker, waitRequestedMs } from "./rate-limit.ts";

export interface JiraTransportOptions {
  /** The site's origin, e.g. `https://acme.atlassian.net`. */
  host: string;
  email: string;
  apiToken: string;
  logger: Logger;
  tracker: RateLimitTracker;
  /** Requests per call including the first; only 429s (and 503s on reads) are sent again. */
  maxAttempts: number;
  /** A wait Jira asks for beyond this fails the call at once with `rate_limited`. */
  maxRetryWaitMs: number;
  timeoutMs: number;
  /** `throw` turns a response that does not match jira.js's schema into an error (for tests). */
  schemaMismatch: "warn" | "throw";
}

/**
 * The transport under jira.js: its endpoint functions build the request and name the response
 * schema; this sends it with basic auth, records rate-limit headers, waits out 429s as Jira asks
 * (a bounded number of times), and maps failures to AppErrors. jira.js's own transport neither
 * retries a 429 nor exposes response headers, which is why Finchat brings its own.
 */
export function createJiraTransport(options: JiraTransportOptions): (signal?: AbortSignal) => Client {
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString("base64")}`;
  const warned = new Set<string>();
  return (signal) => ({
    sendRequest: <T>(request: SendRequestOptions<T>) =>
      send(options, { authorization, warned, signal }, request) as Promise<T>,
  });
}

type SendContext = { authorization: string; warned: Set<string>; signal: AbortSignal | undefined };

async function send<T>(
  options: JiraTransportOptions,
  ctx: SendContext,
  request: SendRequestOptions<T>,
): Promise<unknown> {
  const method = request.method ?? "GET";
  const endpoint = `${method} ${request.url}`;
  const url = buildUrl(options.host, request.url, request.searchParams);
  const hasBody = request.body !== undefined && request.body !== null;
  const init: RequestInit = {
    method,
    headers: {
      accept: "application/json",
      authorization: ctx.authorization,
      ...(hasBody || method !== "GET" ? { "content-type": "application/json" } : {}),
      ...request.headers,
    },
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
  };
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetchOnce(url, init, options.timeoutMs, ctx.signal);
    options.tracker.observe(response.status, response.headers);
    if (!shouldRetry(response.status, method)) return readResponse(response, request, endpoint, options, ctx);
    const waitMs = waitRequestedMs(response.headers) ?? 1000 * 2 ** (attempt - 1);
    if (attempt >= options.maxAttempts || waitMs > options.maxRetryWaitMs) {
      return readResponse(response, request, endpoint, options, ctx, waitMs);
    }
    await response.body?.cancel();
    options.logger.warn(
      { endpoint, status: response.status, waitMs, attempt },
      "jira asked to wait; retrying",
    );
    options.tracker.countRetry();
    await waitFor(waitMs, ctx.signal);
  }
}

/** Sleeps `ms`, or rejects with the signal's own reason as soon as it aborts. */
async function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

/** A 429 was never processed, so any method may be sent again; a 503 only when reading. */
function shouldRetry(status: number, method: string): boolean {
  return status === 429 || (status === 503 && method === "GET");
}

async function fetchOnce(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) {
      throw new AppError("unavailable", `Jira did not answer within ${timeoutMs / 1000} s`, { cause: error });
    }
    throw new AppError("unavailable", "Could not reach Jira", { cause: error });
  }
}

async function readResponse<T>(
  response: Response,
  request: SendRequestOptions<T>,
  endpoint: string,
  options: JiraTransportOptions,
  ctx: SendContext,
  retryAfterMs?: number,
): Promise<unknown> {
  const text = await response.text();
  const data = parseBody(text, response.headers.get("content-type"));
  if (!response.ok) throw jiraHttpError(response.status, data, request.url, retryAfterMs);
  if (data === undefined || !request.schema) return data;
  const parsed = request.schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
  if (options.schemaMismatch === "throw") {
    throw new AppError(
      "internal",
      `Jira's answer to ${endpoint} has an unexpected shape: ${issues.join("; ")}`,
    );
  }
  if (!ctx.warned.has(endpoint)) {
    ctx.warned.add(endpoint);
    options.logger.warn(
      { endpoint, issues },
      "jira answer does not match the jira.js schema; using it as is",
    );
  }
  return data;
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === "") return undefined;
  if (!contentType?.includes("json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Joins host and path and adds the query as jira.js serialises it: arrays repeat their key. */
export function buildUrl(host: string, path: string, searchParams?: Record<string, unknown>): string {
  const url = new URL(path.startsWith("/") ? path : `/${path}`, host.endsWith("/") ? host : `${host}/`);
  for (const [key, value] of Object.entries(searchParams ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value)
        if (item !== undefined && item !== null) url.searchParams.append(key, String(item));
    } else if (typeof value === "object") {
      url.searchParams.set(key, JSON.stringify(value));
    } else {
      url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}
