/** The rate limit GitHub last reported for one resource (`core`, `search`, `code_search`, ...). */
export interface RateLimitState {
  limit: number;
  remaining: number;
  used: number;
  /** When the window resets (ISO 8601). */
  resetAt: string;
}

/** Keeps the latest `x-ratelimit-*` values per resource, read from every response GitHub sends. */
export class RateLimitTracker {
  readonly #byResource = new Map<string, RateLimitState>();

  /** Reads the rate-limit headers of a response (or an error's response); others are ignored. */
  observe(headers: Record<string, string | number | undefined> | undefined): void {
    const remaining = Number(headers?.["x-ratelimit-remaining"]);
    const limit = Number(headers?.["x-ratelimit-limit"]);
    const reset = Number(headers?.["x-ratelimit-reset"]);
    if (!headers || !Number.isFinite(remaining) || !Number.isFinite(limit)) return;
    const resource = String(headers["x-ratelimit-resource"] ?? "core");
    const used = Number(headers["x-ratelimit-used"]);
    this.#byResource.set(resource, {
      limit,
      remaining,
      used: Number.isFinite(used) ? used : limit - remaining,
      resetAt: new Date((Number.isFinite(reset) ? reset : 0) * 1000).toISOString(),
    });
  }

  /** A copy of the latest state per resource. */
  snapshot(): Record<string, RateLimitState> {
    return Object.fromEntries([...this.#byResource].map(([resource, state]) => [resource, { ...state }]));
  }
}
