import { metricNames } from "./metric-names.ts";
import type { Metrics } from "./metrics.ts";

/** An external API client that remembers the rate-limit headers of its last response. */
export interface RateLimitSource {
  api: "github" | "jira";
  /** Requests left in the current window, or undefined before any response said so. */
  remaining(): number | undefined;
}

/**
 * Records `RateLimitRemaining` (dimension `Api`) for each source that has seen a rate-limit
 * header. Call it on a timer (the Worker's minute tick), not per request: the metric is a gauge.
 */
export function recordRateLimits(metrics: Metrics, sources: readonly RateLimitSource[]): void {
  for (const source of sources) {
    const remaining = source.remaining();
    if (remaining === undefined) continue;
    metrics.observe(metricNames.rateLimitRemaining, remaining, "Count", { Api: source.api });
  }
}
