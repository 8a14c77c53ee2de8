import { AsyncLocalStorage } from "node:async_hooks";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import type { Config } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import type { Redis } from "../redis.ts";
import { AllowList } from "./allow-list.ts";
import { BlobTexts } from "./blob-texts.ts";
import { type CallStats, CallStatsRecorder } from "./call-stats.ts";
import {
  dropAborted,
  guardRequests,
  logRequestFailure,
  observeResponses,
  useEtagCache,
} from "./client-hooks.ts";
import { EtagCache } from "./etag-cache.ts";
import { type RateLimitState, RateLimitTracker } from "./rate-limits.ts";

export type GitHubSettings = Config["github"];

/** How patiently the client waits; tests shorten it. Defaults follow GitHub's guidance. */
export interface GitHubTiming {
  /** Gap between searches (default 2000 ms). */
  searchMinTimeMs: number;
  /** Gap between mutations, which also run one at a time (default 1000 ms). */
  writeMinTimeMs: number;
  /** Unit of the 5xx back-off: retry n waits n² units (default 1000 ms). */
  retryBaseMs: number;
  /** A rate limit that resets later than this fails the call with `rate_limited` (default 60 s). */
  maxRateLimitWaitSeconds: number;
  /** The wait on a secondary limit that names no Retry-After (default 60 s). */
  fallbackSecondaryWaitSeconds: number;
}

export const DEFAULT_GITHUB_TIMING: GitHubTiming = {
  searchMinTimeMs: 2000,
  writeMinTimeMs: 1000,
  retryBaseMs: 1000,
  maxRateLimitWaitSeconds: 60,
  fallbackSecondaryWaitSeconds: 60,
};

export interface GitHubClientOptions {
  config: GitHubSettings;
  redis: Redis;
  logger: Logger;
  timing?: Partial<GitHubTiming>;
  /** Redis key prefix of the ETag cache (default `finchat:github:etag`). */
  cachePrefix?: string;
  /** How long a cached body is kept (default 1 day). */
  cacheTtlSeconds?: number;
  /** Characters of blob text kept in memory for the readers (default 16 M). */
  blobTextChars?: number;
}

/** Octokit set up for Finchat, with what the tools and the metrics need beside it. */
export interface GitHubClient {
  readonly octokit: Octokit;
  readonly allow: AllowList;
  /** The web address of the GitHub instance, for links in citations. */
  readonly webUrl: string;
  /** The latest `x-ratelimit-*` values per resource, e.g. `rateLimits().core.remaining`. */
  rateLimits(): Record<string, RateLimitState>;
  /** Requests and ETag hits per label (the tool that made them). */
  callStats(): Record<string, CallStats>;
  resetCallStats(): void;
  /** Runs `fn` with its GitHub requests counted under `label`. */
  withLabel<T>(label: string, fn: () => Promise<T>): Promise<T>;
  /** Blob texts by SHA that the repository readers of this client share (docs runs, indexing). */
  readonly blobTexts: BlobTexts;
}

const RETRY_STATUSES_NEVER = Array.from({ length: 100 }, (_, i) => 400 + i);
const TRANSIENT_SECONDARY_RETRIES = 2;

/**
 * Creates the GitHub client: Octokit with throttling (rate and secondary limits honoured, searches
 * spaced, one mutation at a time) and retries (5xx only: no 4xx is retried by the retry plugin;
 * 429 and secondary 403s are the throttling plugin's), an ETag cache in Redis keyed by the token's
 * identity, rate-limit tracking, and the allow-list checked before any request leaves.
 * @throws Error when no token is configured or the allow-list is malformed.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { config, logger } = options;
  if (!config.token) throw new Error("GITHUB_TOKEN is not set");
  const timing = { ...DEFAULT_GITHUB_TIMING, ...options.timing };
  const allow = new AllowList(config.allow);
  const limits = new RateLimitTracker();
  const stats = new CallStatsRecorder();
  const labels = new AsyncLocalStorage<string>();
  const cache = new EtagCache({
    redis: options.redis,
    logger,
    prefix: options.cachePrefix ?? "finchat:github:etag",
    token: config.token,
    ttlSeconds: options.cacheTtlSeconds ?? 86_400,
    // Redis runs with noeviction (queues live there): keep cache entries bounded in size and time.
    maxBodyChars: 500_000,
  });
  // Plugins registered first run innermost: a request leaves the throttle's queue, then a retry
  // may wait, and only then is its signal checked and the request counted and sent.
  const FinchatOctokit = Octokit.plugin(observeResponses(limits, stats), dropAborted, retry, throttling);
  const octokit = new FinchatOctokit({
    auth: config.token,
    baseUrl: config.apiUrl.replace(/\/$/, ""),
    userAgent: "finchat",
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => logger.warn(m),
      error: (m: string) => logRequestFailure(logger, m),
    },
    retry: { doNotRetry: RETRY_STATUSES_NEVER, retryAfterBaseValue: timing.retryBaseMs, retries: 3 },
    throttle: {
      id: `finchat-${Math.random().toString(36).slice(2)}`,
      search: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.searchMinTimeMs }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.writeMinTimeMs * 3 }),
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: timing.writeMinTimeMs }),
      fallbackSecondaryRateRetryAfter: timing.fallbackSecondaryWaitSeconds,
      onRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        const wait = retryCount < 1 && retryAfter <= timing.maxRateLimitWaitSeconds;
        logger.warn(
          { method: request.method, url: request.url, retryAfter, retrying: wait },
          "github rate limit reached",
        );
        return wait;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        _o: unknown,
        retryCount: number,
      ) => {
        const wait = retryCount < TRANSIENT_SECONDARY_RETRIES && retryAfter <= timing.maxRateLimitWaitSeconds;
        logger.warn(
          { method: request.method, url: request.url, retryAfter, retrying: wait },
          "github secondary rate limit",
        );
        return wait;
      },
    },
  });
  useEtagCache(octokit, cache);
  guardRequests(octokit, allow, config.apiUrl, labels);
  return {
    octokit,
    allow,
    webUrl: webUrlFor(config.apiUrl),
    rateLimits: () => limits.snapshot(),
    callStats: () => stats.snapshot(),
    resetCallStats: () => stats.reset(),
    withLabel: (label, fn) => labels.run(label, fn),
    blobTexts: new BlobTexts(options.blobTextChars),
  };
}

/** github.com for api.github.com, the host for GitHub Enterprise (`/api/v3`), else the API origin. */
export function webUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === "api.github.com") return "https://github.com";
  if (url.hostname.startsWith("api.") && url.hostname.endsWith(".ghe.com"))
    return `${url.protocol}//${url.hostname.slice(4)}`;
  return url.origin;
}
