import { randomUUID } from "node:crypto";
import { consume, createProducer, createQueueAdmin } from "@finchat/jobs";
import { captureEmf } from "@finchat/testkit/emf";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createLogger } from "./logger.ts";
import { createEmfPublisher } from "./metrics.ts";
import { recordQueueMetrics, startQueueMetrics } from "./queue-metrics.ts";

const logger = createLogger({ level: "silent", service: "test" });
let capture: ReturnType<typeof captureEmf> | undefined;
afterEach(() => capture?.stop());

function publisher() {
  return createEmfPublisher({
    dimensions: { Stage: "test", Service: "worker" },
    flushIntervalMs: 60_000,
    maxSeries: 1000,
    logger,
  });
}

describe("queue metrics", () => {
  it("publishes depth, oldest age and dead letters per queue and over all queues, zeros included", async () => {
    const prefix = `qm-${randomUUID().slice(0, 8)}`;
    const redisUrl = inject("redisUrl");
    const producer = createProducer(redisUrl, { prefix });
    const admin = createQueueAdmin(redisUrl, { prefix });
    for (const body of ["a", "b", "c"]) await producer.sendMessage("docs-generate", { MessageBody: body });
    await producer.sendMessage("poison", { MessageBody: "x" });
    const consumer = consume("poison", async () => Promise.reject(new Error("always fails")), {
      connection: redisUrl,
      prefix,
      maxReceiveCount: 1,
      logger,
    });
    await consumer.ready();
    await expect.poll(async () => (await admin.getQueueAttributes("poison")).deadLetters).toBe(1);
    await consumer.close(1000);

    capture = captureEmf();
    const metrics = publisher();
    await recordQueueMetrics({
      admin,
      metrics: metrics.scoped({ Stage: "test" }),
      knownQueues: ["backup"],
      logger,
    });
    await metrics.close();
    await Promise.all([producer.close(), admin.close()]);

    const points = capture.points;
    const find = (name: string, queue?: string) =>
      points.find(
        (p) =>
          p.name === name &&
          Object.keys(p.dimensions).length === (queue ? 2 : 1) &&
          (!queue || p.dimensions.Queue === queue),
      );
    expect(find("QueueDepth")?.dimensions).toEqual({ Stage: "test" });
    expect(find("QueueDepth")?.values).toEqual([3]);
    expect(find("QueueDepth", "docs-generate")?.values).toEqual([3]);
    expect(find("QueueDepth", "backup")?.values).toEqual([0]);
    expect(find("DeadLetterJobs")?.values).toEqual([1]);
    expect(find("DeadLetterJobs", "poison")?.values).toEqual([1]);
    expect(find("OldestJobAgeSeconds")?.unit).toBe("Seconds");
    expect(points.some((p) => p.dimensions.Queue === "poison-dlq")).toBe(false);
  });

  it("records nothing, and keeps going, while Redis does not answer", async () => {
    capture = captureEmf();
    const metrics = publisher();
    const admin = createQueueAdmin("redis://127.0.0.1:9", { timeoutMs: 200 });
    const reporter = startQueueMetrics({ admin, metrics, knownQueues: ["chat-run"], logger, intervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await reporter.done();
    reporter.stop();
    await metrics.close();
    await admin.close();
    expect(capture.find("QueueDepth")).toEqual([]);
  });
});
