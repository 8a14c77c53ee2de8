import { describe, expect, it } from "vitest";
import { appMetrics, stageDimension } from "../../../../stacks/metrics.ts";
import { metricNames, metricsNamespace } from "./metric-names.ts";

describe("the metrics the stacks' alarms and scaling read", () => {
  it("are published under the same namespace, names and stage dimension", () => {
    expect(appMetrics.namespace).toBe(metricsNamespace);
    expect(appMetrics.queueDepth).toBe(metricNames.queueDepth);
    expect(appMetrics.oldestJobAge).toBe(metricNames.oldestJobAge);
    expect(appMetrics.deadLetterJobs).toBe(metricNames.deadLetterJobs);
    expect(stageDimension("canary")).toEqual({ Stage: "canary" });
  });
});
