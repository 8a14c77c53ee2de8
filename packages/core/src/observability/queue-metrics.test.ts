import { randomUUID } from "node:crypto";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { consume, createProducer, createQueueAdmin } from "@finchat/jobs";
import { type CloudWatchServer, startCloudWatchServer } from "@finchat/testkit/cloudwatch-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "./logger.ts";
import { createPublisher } from "./metrics.ts";
import { recordQueueMetrics, startQueueMetrics } from "./queue-metrics.ts";

let server: CloudWatchServer;
const logger = createLogger({ level: "silent", service: "test" });

beforeAll(async () => {
  server = await startCloudWatchServer();
});
afterAll(() => server.close());

function publisher() {
  return createPublisher({
    client: new CloudWatchClient({
      region: "us-east-1",
      endpoint: server.url,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    }),
    dimensions: { Stage: "test", Service: "worker" },
    flushIntervalMs: 60_000,
    maxBufferedDatums: 1000,
    logger,
  });
}

const observedValue = (datum: { Values?: number[] } | undefined) => datum?.Values?.[0];

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

    const from = server.received.length;
    const metrics = publisher();
    await recordQueueMetrics({
      admin,
      metrics: metrics.scoped({ Stage: "test" }),
      knownQueues: ["backup"],
      logger,
    });
    await metrics.close();
    await Promise.all([producer.close(), admin.close()]);

    const datums = server.received.slice(from).flatMap((call) => call.datums);
    const find = (name: string, queue?: string) =>
      datums.find(
        (d) =>
          d.MetricName === name &&
          d.Dimensions.length === (queue ? 2 : 1) &&
          (!queue || d.Dimensions.some((x) => x.Name === "Queue" && x.Value === queue)),
      );
    expect(find("QueueDepth")?.Dimensions).toEqual([{ Name: "Stage", Value: "test" }]);
    expect(observedValue(find("QueueDepth"))).toBe(3);
    expect(observedValue(find("QueueDepth", "docs-generate"))).toBe(3);
    expect(observedValue(find("QueueDepth", "backup"))).toBe(0);
    expect(observedValue(find("DeadLetterJobs"))).toBe(1);
    expect(observedValue(find("DeadLetterJobs", "poison"))).toBe(1);
    expect(find("OldestJobAgeSeconds")?.Unit).toBe("Seconds");
    expect(datums.some((d) => d.Dimensions.some((x) => x.Value === "poison-dlq"))).toBe(false);
  });

  it("records nothing, and keeps going, while Redis does not answer", async () => {
    const metrics = publisher();
    const admin = createQueueAdmin("redis://127.0.0.1:9", { timeoutMs: 200 });
    const from = server.received.length;
    const reporter = startQueueMetrics({ admin, metrics, knownQueues: ["chat-run"], logger, intervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await reporter.done();
    reporter.stop();
    await metrics.close();
    await admin.close();
    const queueDatums = server.received
      .slice(from)
      .flatMap((c) => c.datums.filter((d) => d.MetricName === "QueueDepth"));
    expect(queueDatums).toEqual([]);
  });
});
