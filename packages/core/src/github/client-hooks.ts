import type { AsyncLocalStorage } from "node:async_hooks";
import type { Octokit } from "@octokit/rest";
import type { EndpointDefaults, OctokitResponse } from "@octokit/types";
import type { Logger } from "../observability/logger.ts";
import { type AllowList, assertRequestAllowed } from "./allow-list.ts";
import type { CallStatsRecorder } from "./call-stats.ts";
import { statusOf } from "./errors.ts";
import { EtagCache } from "./etag-cache.ts";
import type { RateLimitTracker } from "./rate-limits.ts";

/**
 * The request hooks of the GitHub client. Octokit runs the hooks registered first innermost; each
 * inner hook is bound to the one options object of its request, so hooks change it in place.
 */

type HookOptions = Required<EndpointDefaults>;
type HookResponse = OctokitResponse<unknown>;
type HookRequest = (options: HookOptions) => HookResponse | Promise<HookResponse>;
type LabelledRequest = { finchatLabel?: string };

/** Innermost: sees every attempt (retries too) to count it and read its rate-limit headers. */
export function observeResponses(limits: RateLimitTracker, stats: CallStatsRecorder) {
  return (octokit: { hook: Octokit["hook"] }) => {
    octokit.hook.wrap("request", async (request: HookRequest, options: HookOptions) => {
      const label = (options.request as LabelledRequest | undefined)?.finchatLabel ?? "other";
      const read = options.method === "GET";
      try {
        const response = await request(options);
        limits.observe(response.headers);
        stats.record(label, { read, status: response.status });
        return response;
      } catch (error) {
        limits.observe((error as { response?: { headers?: Record<string, string> } }).response?.headers);
        stats.record(label, { read, status: statusOf(error) });
        throw error;
      }
    });
    return {};
  };
}

/**
 * Inside the throttle and the retries: a request whose signal aborted while it waited in a queue
 * (searches are spaced, writes go one at a time) or between retries is dropped, not sent. Its
 * tool has finished or failed, or its run was cancelled.
 */
export function dropAborted(octokit: { hook: Octokit["hook"] }) {
  octokit.hook.wrap("request", async (request: HookRequest, options: HookOptions) => {
    const signal = (options.request as { signal?: AbortSignal } | undefined)?.signal;
    if (signal?.aborted) {
      throw signal.reason instanceof Error ? signal.reason : new Error("The request was cancelled");
    }
    return request(options);
  });
  return {};
}

/** Conditional reads: If-None-Match from the cache, and a 304 answered with the cached body. */
export function useEtagCache(octokit: Octokit, cache: EtagCache): void {
  octokit.hook.wrap("request", async (request: HookRequest, options: HookOptions) => {
    if (options.method !== "GET") return request(options);
    const { url, headers } = octokit.request.endpoint.parse(options);
    const key = cache.key(url, String(headers.accept ?? ""));
    const cached = await cache.get(key);
    // Inner hooks are bound to this one options object per request, so it is changed in place.
    if (cached) options.headers["if-none-match"] = cached.etag;
    try {
      const response = await request(options);
      await cache.put(key, response);
      return response;
    } catch (error) {
      const fresh = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
      if (cached && statusOf(error) === 304)
        return EtagCache.answer(cached, url, fresh) as OctokitResponse<unknown>;
      throw error;
    }
  });
}

/** Outermost: refuses a request outside the allow-list before anything else runs, and labels it. */
export function guardRequests(
  octokit: Octokit,
  allow: AllowList,
  apiUrl: string,
  labels: AsyncLocalStorage<string>,
): void {
  const basePath = new URL(apiUrl).pathname.replace(/\/$/, "");
  octokit.hook.wrap("request", async (request: HookRequest, options: HookOptions) => {
    const url = new URL(octokit.request.endpoint.parse(options).url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    assertRequestAllowed(allow, path, url.searchParams);
    const label = labels.getStore() ?? "other";
    options.request = { ...options.request, finchatLabel: label } as HookOptions["request"];
    return request(options);
  });
}

/**
 * Octokit's request log reports every failed request as an error, but a 304 is a cache hit and a
 * 4xx an answer the tools turn into an AppError for the model: only the rest deserve a warning.
 */
export function logRequestFailure(logger: Logger, message: string): void {
  const status = Number(message.match(/ - (\d{3}) with id /)?.[1]);
  if (status >= 300 && status < 500) logger.debug(message);
  else logger.warn(message);
}
