import { captureEmf } from "@finchat/testkit/emf";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createLogger } from "./logger.ts";
import { createEmfPublisher, createMetrics, type MetricsPublisher } from "./metrics.ts";

const logger = createLogger({ level: "silent", service: "test" });
const open: MetricsPublisher[] = [];
let capture: ReturnType<typeof captureEmf> | undefined;
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
  capture?.stop();
  capture = undefined;
});

function publisher(maxSeries = 1000) {
  const created = createEmfPublisher({
    dimensions: { Stage: "test", Service: "api" },
    flushIntervalMs: 60_000,
    maxSeries,
    logger,
  });
  open.push(created);
  return created;
}

describe("the EMF metrics publisher, read as CloudWatch reads the log lines", () => {
  it("writes one interval's samples with exactly the stage, service and call dimensions", async () => {
    capture = captureEmf();
    const metrics = publisher();
    for (let i = 0; i < 3; i++) metrics.count("Requests", 1, "Count", { Route: "/api/me", Method: "GET" });
    for (const ms of [5, 5, 40]) metrics.observe("RequestLatency", ms, "Milliseconds", { Route: "/api/me" });
    await metrics.flush();

    const [requests, ...more] = capture.find("Requests");
    expect(more).toEqual([]);
    expect(requests).toMatchObject({
      namespace: "Finchat",
      unit: "Count",
      values: [3],
      dimensions: { Stage: "test", Service: "api", Route: "/api/me", Method: "GET" },
    });
    // No dimension CloudWatch would add to the metric's identity beyond Finchat's own.
    expect(Object.keys(requests?.dimensions ?? {}).sort()).toEqual(["Method", "Route", "Service", "Stage"]);
    const [latency] = capture.find("RequestLatency");
    expect(latency?.values).toEqual([5, 5, 40]);
    expect(latency?.unit).toBe("Milliseconds");
    // The interval is over: a second flush writes nothing.
    const before = capture.points.length;
    await metrics.flush();
    expect(capture.points.length).toBe(before);
  });

  it("publishes the Stage-only series scaling and alarms read, with nothing else in its identity", async () => {
    capture = captureEmf();
    const metrics = publisher();
    metrics.scoped({ Stage: "canary" }).observe("QueueDepth", 12, "Count");
    await metrics.flush();
    expect(capture.find("QueueDepth")).toEqual([
      expect.objectContaining({ namespace: "Finchat", dimensions: { Stage: "canary" }, values: [12] }),
    ]);
  });

  it("keeps memory bounded: past the series limit samples are dropped, and the count published", async () => {
    capture = captureEmf();
    const metrics = publisher(3);
    for (let i = 0; i < 10; i++) metrics.count("ToolCalls", 1, "Count", { Tool: `t${i}` });
    await metrics.flush();
    expect(capture.find("ToolCalls")).toHaveLength(3);
    expect(capture.find("MetricsDropped", { Stage: "test", Service: "api" })[0]?.values).toEqual([7]);
  });

  it("splits more than 100 observations of one metric into several lines, losing none", async () => {
    capture = captureEmf();
    const metrics = publisher();
    for (let i = 0; i < 250; i++) metrics.observe("ToolLatency", i, "Milliseconds", { Tool: "search" });
    await metrics.flush();
    const values = capture.find("ToolLatency").flatMap((p) => p.values);
    expect(values).toHaveLength(250);
    expect(capture.find("ToolLatency").every((p) => p.values.length <= 100)).toBe(true);
  });

  it("ignores non-finite values and samples after close, and never throws", async () => {
    capture = captureEmf();
    const metrics = publisher();
    metrics.observe("RequestLatency", Number.NaN, "Milliseconds");
    metrics.count("Requests", Number.POSITIVE_INFINITY, "Count");
    metrics.count("", 1, "Count");
    await metrics.close();
    metrics.count("Requests", 1, "Count");
    await metrics.flush();
    expect(capture.points).toEqual([]);
  });

  it("records nothing unless enabled", async () => {
    capture = captureEmf();
    const disabled = createMetrics(loadConfig({}).metrics, { stage: "s", service: "api", logger });
    disabled.count("Requests", 1, "Count");
    await disabled.close();
    const enabled = createMetrics(loadConfig({ METRICS_ENABLED: "true" }).metrics, {
      stage: "s",
      service: "api",
      logger,
    });
    enabled.count("Requests", 1, "Count");
    await enabled.close();
    expect(capture.find("Requests")).toEqual([
      expect.objectContaining({ dimensions: { Stage: "s", Service: "api" } }),
    ]);
  });
});
