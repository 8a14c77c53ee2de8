import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { type CloudWatchServer, startCloudWatchServer } from "@finchat/testkit/cloudwatch-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createLogger } from "./logger.ts";
import { createMetrics, createPublisher, type MetricsPublisher } from "./metrics.ts";

let server: CloudWatchServer;
const open: MetricsPublisher[] = [];
const logger = createLogger({ level: "silent", service: "test" });

beforeAll(async () => {
  server = await startCloudWatchServer();
});
afterEach(async () => {
  server.setMode("ok");
  await Promise.all(open.splice(0).map((publisher) => publisher.close()));
});
afterAll(() => server.close());

function publisher(
  options: { maxBufferedDatums?: number; flushIntervalMs?: number; endpoint?: string } = {},
) {
  const client = new CloudWatchClient({
    region: "us-east-1",
    endpoint: options.endpoint ?? server.url,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  const created = createPublisher({
    client,
    dimensions: { Stage: "test", Service: "api" },
    flushIntervalMs: options.flushIntervalMs ?? 60_000,
    maxBufferedDatums: options.maxBufferedDatums ?? 1000,
    logger,
    requestTimeoutMs: 2000,
  });
  open.push(created);
  return created;
}

/** Datums of the calls accepted since `from`, by metric name. */
function sentSince(from: number, name: string) {
  return server.received.slice(from).flatMap((call) => call.datums.filter((d) => d.MetricName === name));
}

describe("the metrics publisher against a CloudWatch endpoint", () => {
  it("sends one interval's samples aggregated, with the stage and service dimensions", async () => {
    const from = server.received.length;
    const metrics = publisher();
    for (let i = 0; i < 3; i++) metrics.count("Requests", 1, "Count", { Route: "/api/me", Method: "GET" });
    for (const ms of [5, 5, 40]) metrics.observe("RequestLatency", ms, "Milliseconds", { Route: "/api/me" });
    await metrics.flush();

    expect(server.received[from]?.namespace).toBe("Finchat");
    const [requests] = sentSince(from, "Requests");
    expect(requests?.StatisticValues).toEqual({ SampleCount: 3, Sum: 3, Minimum: 1, Maximum: 1 });
    expect(requests?.Dimensions).toEqual([
      { Name: "Method", Value: "GET" },
      { Name: "Route", Value: "/api/me" },
      { Name: "Service", Value: "api" },
      { Name: "Stage", Value: "test" },
    ]);
    expect(sentSince(from, "RequestLatency")[0]).toMatchObject({ Values: [5, 40], Counts: [2, 1] });
    expect(metrics.stats()).toMatchObject({ sent: 2, pending: 0, dropped: 0 });
  });

  it("gives a scoped view its own base dimensions", async () => {
    const from = server.received.length;
    const metrics = publisher();
    metrics.scoped({ Stage: "test" }).observe("QueueDepth", 0, "Count");
    await metrics.flush();
    expect(sentSince(from, "QueueDepth")[0]?.Dimensions).toEqual([{ Name: "Stage", Value: "test" }]);
  });

  it("splits a large flush into requests CloudWatch accepts", async () => {
    const from = server.received.length;
    const metrics = publisher({ maxBufferedDatums: 5000 });
    for (let i = 0; i < 2500; i++) metrics.count(`Series${i}`, 1, "Count");
    await metrics.flush();
    const calls = server.received.slice(from);
    expect(calls.map((c) => c.datums.length)).toEqual([1000, 1000, 500]);
    expect(calls.every((c) => c.gzipped)).toBe(true);
  });

  it("flushes on its interval and at close", async () => {
    const from = server.received.length;
    const metrics = publisher({ flushIntervalMs: 1000 });
    metrics.count("Ticks", 1, "Count");
    await server.waitForCalls(from + 1, 3000);
    expect(sentSince(from, "Ticks")).toHaveLength(1);

    const atClose = server.received.length;
    metrics.count("Ticks", 5, "Count");
    await metrics.close();
    expect(sentSince(atClose, "Ticks")[0]?.StatisticValues?.Sum).toBe(5);
    metrics.count("Ticks", 1, "Count");
    expect(metrics.stats().pending).toBe(0);
  });

  it("keeps what a failed flush could not send and sends it once CloudWatch answers", async () => {
    const from = server.received.length;
    const metrics = publisher();
    server.setMode("fail");
    metrics.count("Runs", 1, "Count", { Outcome: "completed" });
    await metrics.flush();
    expect(server.received.length).toBe(from);
    expect(metrics.stats().pending).toBe(1);

    server.setMode("ok");
    metrics.count("Runs", 1, "Count", { Outcome: "failed" });
    await metrics.flush();
    const outcomes = sentSince(from, "Runs").map(
      (d) => d.Dimensions.find((x) => x.Name === "Outcome")?.Value,
    );
    expect(outcomes.sort()).toEqual(["completed", "failed"]);
    expect(metrics.stats().pending).toBe(0);
  });

  it("stays within its bound while CloudWatch is unreachable, and reports what it dropped", async () => {
    const from = server.received.length;
    const metrics = publisher({ maxBufferedDatums: 100 });
    server.setMode("reset");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 80; i++) metrics.count(`Round${round}Series${i}`, 1, "Count");
      const started = performance.now();
      await metrics.flush();
      expect(performance.now() - started).toBeLessThan(2000);
      expect(metrics.stats().pending).toBeLessThanOrEqual(100);
    }
    // 240 datums recorded against room for 100: the rest were refused or evicted, and counted.
    const { dropped } = metrics.stats();
    expect(dropped).toBe(140);

    server.setMode("ok");
    await metrics.flush();
    const delivered = server.received.slice(from).flatMap((c) => c.datums);
    expect(delivered.filter((d) => d.MetricName.startsWith("Round"))).toHaveLength(100);
    expect(sentSince(from, "MetricsDropped")[0]?.StatisticValues?.Sum).toBe(140);
  });

  it("survives an endpoint that refuses connections", async () => {
    const gone = await startCloudWatchServer();
    const endpoint = gone.url;
    await gone.close();
    const metrics = publisher({ endpoint });
    metrics.count("Requests", 1, "Count");
    await expect(metrics.flush()).resolves.toBeUndefined();
    expect(metrics.stats()).toMatchObject({ sent: 0, pending: 1 });
  });
});

describe("createMetrics", () => {
  it("records nothing unless metrics are enabled", async () => {
    const from = server.attempts;
    const metrics = createMetrics(loadConfig({ METRICS_ENDPOINT: server.url }).metrics, {
      stage: "local",
      service: "api",
      logger,
    });
    metrics.count("Requests", 1, "Count");
    await metrics.close();
    expect(server.attempts).toBe(from);
  });

  it("publishes through the SDK client it configures when enabled", async () => {
    const from = server.received.length;
    const config = loadConfig({
      METRICS_ENABLED: "true",
      METRICS_ENDPOINT: server.url,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      STAGE: "canary",
    });
    const metrics = createMetrics(config.metrics, { stage: config.stage, service: "worker", logger });
    metrics.count("Backups", 1, "Count", { Outcome: "stored" });
    await metrics.close();
    expect(sentSince(from, "Backups")[0]?.Dimensions).toContainEqual({ Name: "Stage", Value: "canary" });
  });
});
