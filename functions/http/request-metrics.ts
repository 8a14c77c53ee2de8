import { metricNames } from "@finchat/core/observability/metric-names";
import type { Metrics } from "@finchat/core/observability/metrics";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";

const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Requests, latency (to the response's headers: an event stream counts until it starts) and 4xx/5xx
 * by route. The route is the matched pattern (`/api/conversations/:id`), never the raw path, so ids
 * cannot multiply the metrics; a request no route matched counts as `unmatched`.
 */
export function requestMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const dimensions = {
        Route: routePattern(c),
        Method: knownMethods.has(c.req.method) ? c.req.method : "OTHER",
      };
      const status = c.res.status;
      metrics.count(metricNames.requests, 1, "Count", dimensions);
      metrics.observe(metricNames.requestLatency, performance.now() - started, "Milliseconds", dimensions);
      metrics.count(metricNames.serverErrors, status >= 500 ? 1 : 0, "Count", dimensions);
      metrics.count(metricNames.clientErrors, status >= 400 && status < 500 ? 1 : 0, "Count", dimensions);
    }
  };
}

/**
 * The route pattern of the handler that answered, or (when a middleware such as `requireUser`
 * answered first) of the handler the request was going to. Middleware is registered for ALL.
 */
function routePattern(c: Context): string {
  const handler = matchedRoutes(c)
    .slice(c.req.routeIndex)
    .find((route) => route.method !== "ALL");
  return handler?.path ?? "unmatched";
}
