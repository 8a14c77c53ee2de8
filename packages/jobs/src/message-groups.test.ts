import type { SQSEvent } from "aws-lambda";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import { type ConsumeOptions, consume } from "./consumer.ts";
import { MessageGroups } from "./message-groups.ts";
import { createProducer } from "./producer.ts";
import { createQueueAdmin } from "./queue-admin.ts";
import { closeAfterEach, sleep, testRedisUrl, uniquePrefix, waitFor } from "./test-support.ts";

const track = closeAfterEach();

describe("message groups and deduplication under two concurrent consumers", () => {
  it("deliver one message per group at a time, in send order, even across a retry", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    const admin = track(createQueueAdmin(testRedisUrl(), { prefix }));
    const groups = ["g1", "g2", "g3"];
    const perGroup = 6;
    const inFlight = new Map<string, number>();
    const handled = new Map<string, number[]>();
    let overlaps = 0;
    let failedOnce = false;
    const handler = async (event: SQSEvent) => {
      const failures: string[] = [];
      await Promise.all(
        event.Records.map(async (record) => {
          const { group, seq } = JSON.parse(record.body) as { group: string; seq: number };
          expect(record.attributes.MessageGroupId).toBe(group);
          if ((inFlight.get(group) ?? 0) > 0) overlaps++;
          inFlight.set(group, (inFlight.get(group) ?? 0) + 1);
          await sleep(5 + Math.random() * 10);
          inFlight.set(group, (inFlight.get(group) ?? 1) - 1);
          if (group === "g2" && seq === 2 && !failedOnce) {
            failedOnce = true;
            failures.push(record.messageId);
            return;
          }
          handled.set(group, [...(handled.get(group) ?? []), seq]);
        }),
      );
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    };
    const options: ConsumeOptions = {
      connection: testRedisUrl(),
      prefix,
      batchSize: 3,
      batchWindowMs: 5,
      backoff: { baseDelayMs: 30, maxDelayMs: 30 },
    };
    track(consume("fifo", handler, options));
    track(consume("fifo", handler, options));

    for (let seq = 0; seq < perGroup; seq += 2) {
      const entries = groups.flatMap((group) =>
        [seq, seq + 1].map((n) => ({
          Id: `${group}-${n}`,
          MessageBody: JSON.stringify({ group, seq: n }),
          MessageGroupId: group,
        })),
      );
      await producer.sendMessageBatch("fifo", entries);
    }
    await waitFor(() => groups.every((g) => handled.get(g)?.length === perGroup), 10_000, "every message");
    const inOrder = Array.from({ length: perGroup }, (_, i) => i);
    for (const group of groups) expect(handled.get(group)).toEqual(inOrder);
    expect(failedOnce).toBe(true);
    expect(overlaps).toBe(0);
    const attributes = await admin.getQueueAttributes("fifo");
    expect(attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesDelayed).toBe(0);
  });

  it("deliver a message sent many times with one deduplication id once, and answer with one id", async () => {
    const prefix = uniquePrefix();
    const producers = [
      createProducer(testRedisUrl(), { prefix }),
      createProducer(testRedisUrl(), { prefix }),
    ];
    for (const producer of producers) track(producer);
    const received: string[] = [];
    const handler = async (event: SQSEvent) => {
      for (const record of event.Records) received.push(record.messageId);
    };
    const options: ConsumeOptions = { connection: testRedisUrl(), prefix, batchSize: 2 };
    track(consume("dedup", handler, options));
    track(consume("dedup", handler, options));

    const sends = Array.from({ length: 10 }, (_, i) =>
      producers[i % 2]?.sendMessage("dedup", {
        MessageBody: `copy ${i}`,
        MessageDeduplicationId: "charge-42",
        MessageGroupId: i % 3 === 0 ? "account-1" : undefined,
      }),
    );
    const answers = await Promise.all(sends);
    const ids = new Set(answers.map((answer) => answer?.MessageId));
    expect(ids.size).toBe(1);
    await producers[0]?.sendMessage("dedup", { MessageBody: "other", MessageDeduplicationId: "charge-43" });
    await waitFor(() => received.length >= 2, 5000, "two deliveries");
    await sleep(300);
    expect(received).toHaveLength(2);
    expect(received).toContain([...ids][0]);
  });
});

describe("sending grouped messages", () => {
  it("adds a message that heads its group as waiting, never parked in the delayed set", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    await producer.sendMessage("fifo", { MessageBody: "first", MessageGroupId: "g" });
    await producer.sendMessage("fifo", { MessageBody: "second", MessageGroupId: "g" });

    const redis = new Redis(testRedisUrl());
    const entries = (await redis.xrange(`${prefix}:fifo:events`, "-", "+")) as [string, string[]][];
    redis.disconnect();
    const events = entries.map(([, fields]) => fields[fields.indexOf("event") + 1]);
    // The first went straight to waiting; the second waits behind it, in the delayed set.
    expect(events.filter((e) => e === "delayed")).toHaveLength(1);
    expect(events).not.toContain("promoted");
  });

  it("takes a duplicate back out of its group, so the next message is not held behind it", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix }));
    const bodies: string[] = [];
    const handler = async (event: SQSEvent) => {
      for (const record of event.Records) bodies.push(record.body);
    };
    track(consume("fifo", handler, { connection: testRedisUrl(), prefix }));
    const once = { MessageGroupId: "g", MessageDeduplicationId: "once" };
    await producer.sendMessage("fifo", { MessageBody: "original", ...once });
    await waitFor(() => bodies.length === 1, 5000, "the original");
    // Inside the deduplication window: nothing is added, and the group must not keep it.
    await producer.sendMessage("fifo", { MessageBody: "duplicate", ...once });
    await producer.sendMessage("fifo", { MessageBody: "next", MessageGroupId: "g" });
    await waitFor(() => bodies.length === 2, 2000, "the next message");
    expect(bodies).toEqual(["original", "next"]);
  });
});

describe("message groups when timing goes wrong", () => {
  it("hold back a message fetched before its turn, without counting that as a receive", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix, groupHoldMs: 150 }));
    const order: string[] = [];
    const counts: string[] = [];
    const handler = async (event: SQSEvent) => {
      for (const record of event.Records) {
        order.push(`start ${record.body}`);
        counts.push(record.attributes.ApproximateReceiveCount);
        if (record.body === "slow head") await sleep(700);
        order.push(`end ${record.body}`);
      }
    };
    const options = { connection: testRedisUrl(), prefix, batchSize: 1, concurrency: 2, groupHoldMs: 150 };
    const checks = vi.spyOn(MessageGroups.prototype, "checkHead");
    track(consume("fifo", handler, options));
    const head = await producer.sendMessage("fifo", { MessageBody: "slow head", MessageGroupId: "g" });
    const next = await producer.sendMessage("fifo", { MessageBody: "next", MessageGroupId: "g" });
    await waitFor(() => order.length === 4, 5000, "both messages");
    expect(order).toEqual(["start slow head", "end slow head", "start next", "end next"]);
    expect(counts).toEqual(["1", "1"]);
    // The head was added as the head and runs without asking; the held-back message asks each time.
    const asked = checks.mock.calls.map(([id]) => id);
    checks.mockRestore();
    expect(asked).not.toContain(head.MessageId);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(new Set(asked)).toEqual(new Set([next.MessageId]));
  });

  it("repair a group whose head finished without releasing the next message", async () => {
    const prefix = uniquePrefix();
    const producer = track(createProducer(testRedisUrl(), { prefix, groupHoldMs: 200 }));
    const head = await producer.sendMessage("fifo", { MessageBody: "head", MessageGroupId: "g" });
    await producer.sendMessage("fifo", { MessageBody: "next", MessageGroupId: "g" });
    // The head's job vanishes as if its worker died between completing it and promoting the next.
    const redis = new Redis(testRedisUrl());
    const queue = new Queue("fifo", { connection: redis, prefix });
    const [waiting] = await queue.getWaiting();
    expect(waiting?.data.id).toBe(head.MessageId);
    await waiting?.remove();
    await queue.close();
    redis.disconnect();

    const bodies: string[] = [];
    const handler = async (event: SQSEvent) => {
      for (const record of event.Records) bodies.push(record.body);
    };
    track(consume("fifo", handler, { connection: testRedisUrl(), prefix, groupHoldMs: 200 }));
    await waitFor(() => bodies.length === 1, 5000, "the next message");
    expect(bodies).toEqual(["next"]);
  });
});
