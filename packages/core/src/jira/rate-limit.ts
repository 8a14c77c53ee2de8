/** What Jira last said about its rate limits, for metrics and logs. */
export interface JiraRateLimitSnapshot {
  /** `X-RateLimit-Limit` of the last response that carried it. */
  limit: number | undefined;
  /** `X-RateLimit-Remaining` of the last response that carried it. */
  remaining: number | undefined;
  /** `X-RateLimit-Reset` (ISO 8601) of the last response that carried it. */
  resetAt: string | undefined;
  /** `X-RateLimit-NearLimit: true` on the last response: under a fifth of the budget is left. */
  nearLimit: boolean;
  /** 429 answers seen since the client was made. */
  throttled: number;
  /** Requests sent again after a 429 (or a 503 on a read). */
  retries: number;
  /** When a response last updated these numbers (ISO 8601). */
  updatedAt: string | undefined;
}

/** Collects the rate-limit headers of every Jira response. */
export class RateLimitTracker {
  #state: JiraRateLimitSnapshot = {
    limit: undefined,
    remaining: undefined,
    resetAt: undefined,
    nearLimit: false,
    throttled: 0,
    retries: 0,
    updatedAt: undefined,
  };

  observe(status: number, headers: Headers): void {
    const limit = intHeader(headers, "x-ratelimit-limit");
    const remaining = intHeader(headers, "x-ratelimit-remaining");
    const reset = headers.get("x-ratelimit-reset");
    const next = { ...this.#state, nearLimit: headers.get("x-ratelimit-nearlimit") === "true" };
    if (limit !== undefined) next.limit = limit;
    if (remaining !== undefined) next.remaining = remaining;
    if (reset && !Number.isNaN(Date.parse(reset))) next.resetAt = new Date(reset).toISOString();
    if (status === 429) next.throttled += 1;
    next.updatedAt = new Date().toISOString();
    this.#state = next;
  }

  countRetry(): void {
    this.#state = { ...this.#state, retries: this.#state.retries + 1 };
  }

  snapshot(): JiraRateLimitSnapshot {
    return { ...this.#state };
  }
}

/**
 * How long Jira asks us to wait, in ms: `Retry-After` (seconds or an HTTP date) first, then
 * `X-RateLimit-Reset`; undefined when neither says.
 */
export function waitRequestedMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Date.parse(headers.get("x-ratelimit-reset") ?? "");
  return Number.isNaN(reset) ? undefined : Math.max(0, reset - now);
}

function intHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}
