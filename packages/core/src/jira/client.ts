import { type AgileClient, type CloudClient, createAgileClient, createCloudClient } from "jira.js";
import type { Client } from "jira.js/core";
import type { Config } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import { type JiraRateLimitSnapshot, RateLimitTracker } from "./rate-limit.ts";
import { createJiraTransport } from "./transport.ts";

export type JiraConfig = Config["jira"];

/** The jira.js platform (v3) and agile surfaces, sharing one transport. */
export interface JiraApi {
  cloud: CloudClient;
  agile: AgileClient;
  /** The transport itself, for documented endpoints jira.js does not call (the Agile sprint issues). */
  http: Client;
}

export interface JiraClient {
  /** The site's origin, without a trailing slash. */
  readonly host: string;
  /** The jira.js surfaces; requests stop early when `signal` aborts (a cancelled run). */
  api(signal?: AbortSignal): JiraApi;
  /** The (or project's) page in Jira, for citations. */
  browseUrl(key: string): string;
  /** What Jira's rate-limit headers said last; read by the metrics publisher. */
  rateLimit(): JiraRateLimitSnapshot;
}

export interface JiraClientOptions {
  config: JiraConfig;
  logger: Logger;
  /** Requests per call including the first (default 3). */
  maxAttempts?: number;
  /** The longest `Retry-After` waited out in place (default 30 s); longer fails with `rate_limited`. */
  maxRetryWaitMs?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** `throw` makes any answer that does not match jira.js's schemas an error (tests); default `warn`. */
  schemaMismatch?: "warn" | "throw";
}

/**
 * A Jira Cloud client (basic auth with an account email and API token) built on jira.js, with
 * 429 handling that honours `Retry-After` and rate-limit headers kept for metrics.
 * @throws Error when the host, email or API token is missing.
 */
export function createJiraClient(options: JiraClientOptions): JiraClient {
  const { host, email, apiToken } = options.config;
  if (!host || !email || !apiToken) {
    throw new Error("Jira needs JIRA_HOST, JIRA_EMAIL and JIRA_API_TOKEN together");
  }
  const origin = new URL(host).origin;
  const tracker = new RateLimitTracker();
  const transport = createJiraTransport({
    host: origin,
    email,
    apiToken,
    logger: options.logger,
    tracker,
    maxAttempts: options.maxAttempts ?? 3,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 30_000,
    timeoutMs: options.timeoutMs ?? 30_000,
    schemaMismatch: options.schemaMismatch ?? "warn",
  });
  const unbound: JiraApi = surfaces(transport());
  return {
    host: origin,
    api: (signal) => (signal ? surfaces(transport(signal)) : unbound),
    browseUrl: (key) => `${origin}/browse/${encodeURIComponent(key)}`,
    rateLimit: () => tracker.snapshot(),
  };
}

function surfaces(client: ReturnType<ReturnType<typeof createJiraTransport>>): JiraApi {
  return { cloud: createCloudClient(client), agile: createAgileClient(client), http: client };
}
