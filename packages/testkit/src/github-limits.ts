/** The rate-limit buckets and switchable faults of the testkit GitHub server. */

export type RateResource = "core" | "search" | "code_search";

interface Bucket {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
}

/** A fault the next matching requests get instead of their answer. */
export interface GitHubFault {
  /** 403 or 429 with the secondary-limit message by default; any other status gets a generic body. */
  status: number;
  /** How many requests get it (default 1). */
  count?: number;
  /** Sent as `Retry-After` (seconds) when set. */
  retryAfter?: number;
  /** Only requests whose path (with query) contains this text or matches this pattern. */
  path?: string | RegExp;
  message?: string;
  /** Answered as JSON instead of the error body, e.g. with status 200 to send a shape GitHub never sends. */
  body?: unknown;
}

export const SECONDARY_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

export function resourceOf(path: string): RateResource {
  if (path.startsWith("/search/code")) return "code_search";
  return path.startsWith("/search/") ? "search" : "core";
}

export class RateLimits {
  readonly #buckets = new Map<RateResource, Bucket>();
  readonly #faults: (GitHubFault & { left: number })[] = [];

  constructor(limits: Partial<Record<RateResource, number>> = {}) {
    const defaults: Record<RateResource, number> = { core: 5000, search: 30, code_search: 10, ...limits };
    for (const [resource, limit] of Object.entries(defaults) as [RateResource, number][]) {
      this.#buckets.set(resource, { limit, remaining: limit, reset: nowSeconds() + 3600 });
    }
  }

  set(resource: RateResource, state: { limit?: number; remaining?: number; resetInSeconds?: number }): void {
    const bucket = this.#bucket(resource);
    if (state.limit !== undefined) bucket.limit = state.limit;
    if (state.remaining !== undefined) bucket.remaining = state.remaining;
    if (state.resetInSeconds !== undefined) bucket.reset = nowSeconds() + state.resetInSeconds;
  }

  addFault(fault: GitHubFault): void {
    this.#faults.push({ ...fault, left: fault.count ?? 1 });
  }

  /** Takes the first fault that matches this request, if any. */
  takeFault(pathWithQuery: string): GitHubFault | undefined {
    const fault = this.#faults.find((f) =>
      f.path === undefined
        ? true
        : typeof f.path === "string"
          ? pathWithQuery.includes(f.path)
          : f.path.test(pathWithQuery),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return fault;
  }

  /** False when the bucket is spent (until its reset passes). */
  hasRoom(resource: RateResource): boolean {
    return this.#bucket(resource).remaining > 0;
  }

  spend(resource: RateResource): void {
    const bucket = this.#bucket(resource);
    bucket.remaining = Math.max(0, bucket.remaining - 1);
  }

  headers(resource: RateResource): Record<string, string> {
    const b = this.#bucket(resource);
    return {
      "x-ratelimit-limit": String(b.limit),
      "x-ratelimit-remaining": String(b.remaining),
      "x-ratelimit-reset": String(b.reset),
      "x-ratelimit-used": String(b.limit - b.remaining),
      "x-ratelimit-resource": resource,
    };
  }

  #bucket(resource: RateResource): Bucket {
    const bucket = this.#buckets.get(resource) as Bucket;
    if (bucket.reset <= nowSeconds()) {
      bucket.remaining = bucket.limit;
      bucket.reset = nowSeconds() + 3600;
    }
    return bucket;
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
