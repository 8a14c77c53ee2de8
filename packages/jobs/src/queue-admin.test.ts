import type { SQSEvent } from "aws-lambda";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startRedisServer } from "../../../scripts/lib/redis-server.ts";
import { consume } from "./consumer.ts";
import { QueueUnavailableError } from "./errors.ts";
import { checkRedisEvictionPolicy } from "./eviction-policy.ts";
import { createProducer } from "./producer.ts";
import { createQueueAdmin } from "./queue-admin.ts";
import { closeAfterEach, memoryLogger, sleep, testRedisUrl, uniquePrefix, waitFor } from "./test-support.ts";

const track = closeAfterEach();

describe("getQueueAttributes", () => {
  it("counts visible, in-flight, delayed and held messages, dead letters and the oldest age", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    const admin = track(createQueueAdmin(testRedisUrl(), { prefix }));
    expect(await admin.getQueueAttributes("billing")).toEqual({
      ApproximateNumberOfMessages: 0,
      ApproximateNumberOfMessagesNotVisible: 0,
      ApproximateNumberOfMessagesDelayed: 0,
      deadLetters: 0,
      oldestMessageAgeSeconds: 0,
    });

    await producer.sendMessage("billing", { MessageBody: "first" });
    await producer.sendMessage("billing", { MessageBody: "later", DelaySeconds: 120 });
    await producer.sendMessage("billing", { MessageBody: "g-head", MessageGroupId: "acct" });
    await producer.sendMessage("billing", { MessageBody: "g-next", MessageGroupId: "acct" });
    await sleep(1100);
    const waiting = await admin.getQueueAttributes("billing");
    expect(waiting).toMatchObject({
      ApproximateNumberOfMessages: 3,
      ApproximateNumberOfMessagesNotVisible: 0,
      ApproximateNumberOfMessagesDelayed: 1,
      deadLetters: 0,
    });
    expect(waiting.oldestMessageAgeSeconds).toBeGreaterThanOrEqual(1);

    await producer.sendMessage("billing", { MessageBody: "poison" });
    const releases: Array<() => void> = [];
    const handler = async (event: SQSEvent) => {
      if (event.Records.some((r) => r.body === "poison")) throw new Error("bad message");
      await new Promise<void>((resolve) => releases.push(resolve));
    };
    const options = { connection: testRedisUrl(), prefix, batchSize: 1, concurrency: 3, maxReceiveCount: 1 };
    track(consume("billing", handler, options));
    await waitFor(() => releases.length === 2, 5000, "two held handlers");
    await waitFor(
      async () => (await admin.getQueueAttributes("billing")).deadLetters === 1,
      5000,
      "a dead letter",
    );
    expect(await admin.getQueueAttributes("billing")).toMatchObject({
      ApproximateNumberOfMessages: 1,
      ApproximateNumberOfMessagesNotVisible: 2,
      ApproximateNumberOfMessagesDelayed: 1,
      deadLetters: 1,
    });
    const settled = async () => {
      for (const release of releases.splice(0)) release();
      const now = await admin.getQueueAttributes("billing");
      return now.ApproximateNumberOfMessages + now.ApproximateNumberOfMessagesNotVisible === 0;
    };
    await waitFor(settled, 5000, "every visible message handled");
  });

  it("lists the queues the layer has sent to or consumed from", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    const admin = track(createQueueAdmin(testRedisUrl(), { prefix }));
    await producer.sendMessage("zeta", { MessageBody: "z" });
    await producer.sendMessage("alpha", { MessageBody: "a" });
    const consumer = track(consume("mid", async () => {}, { connection: testRedisUrl(), prefix }));
    await consumer.ready();
    await waitFor(async () => (await admin.listQueues()).length === 3, 3000, "three queues");
    expect(await admin.listQueues()).toEqual(["alpha", "mid", "zeta"]);
  });

  it("fails fast with QueueUnavailableError when Redis is down", async () => {
    const server = await startRedisServer();
    const admin = track(createQueueAdmin(server.url, { timeoutMs: 3000 }));
    await admin.listQueues();
    await server.stop();
    const started = Date.now();
    await expect(admin.getQueueAttributes("billing")).rejects.toThrow(QueueUnavailableError);
    await expect(admin.redrive("billing")).rejects.toThrow(QueueUnavailableError);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("checkRedisEvictionPolicy", () => {
  it("is quiet for noeviction and warns loudly for any other policy", async () => {
    const good = new Redis(testRedisUrl());
    const logger = memoryLogger();
    expect(await checkRedisEvictionPolicy(good, logger)).toEqual({ policy: "noeviction", ok: true });
    expect(logger.warnings).toEqual([]);
    good.disconnect();

    const server = await startRedisServer();
    const bad = new Redis(server.url);
    try {
      await bad.config("SET", "maxmemory-policy", "allkeys-lru");
      expect(await checkRedisEvictionPolicy(bad, logger)).toEqual({ policy: "allkeys-lru", ok: false });
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/"allkeys-lru", NOT "noeviction"/);
    } finally {
      bad.disconnect();
      await server.stop();
    }
  });

  it("runs when a consumer starts", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.url);
    const logger = memoryLogger();
    try {
      await redis.config("SET", "maxmemory-policy", "volatile-lru");
      const consumer = consume("any", async () => {}, { connection: server.url, logger });
      await consumer.ready();
      await waitFor(() => logger.warnings.length > 0, 3000, "the warning");
      expect(logger.warnings[0]).toMatch(/volatile-lru/);
      await consumer.close();
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});

describe("listInFlight", () => {
  it("lists waiting, held and delayed messages but not finished ones", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    const admin = track(createQueueAdmin(testRedisUrl(), { prefix }));
    await producer.sendMessage("runs", { MessageBody: "done" });
    const handled: string[] = [];
    const consumer = track(
      consume(
        "runs",
        async (event: SQSEvent) => {
          for (const record of event.Records) handled.push(record.body);
        },
        { connection: testRedisUrl(), prefix, logger: memoryLogger() },
      ),
    );
    await waitFor(() => handled.length === 1);
    await consumer.close();

    await producer.sendMessage("runs", { MessageBody: "waiting" });
    await producer.sendMessage("runs", { MessageBody: "later", DelaySeconds: 120 });
    await producer.sendMessage("runs", { MessageBody: "head", MessageGroupId: "c1" });
    await producer.sendMessage("runs", { MessageBody: "held", MessageGroupId: "c1" });

    expect((await admin.listInFlight("runs")).sort()).toEqual(["head", "held", "later", "waiting"]);
  });
});
