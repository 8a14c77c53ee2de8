import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { freePort, startRedisServer } from "../../../scripts/lib/redis-server.ts";
import { InvalidMessageError, QueueUnavailableError } from "./errors.ts";
import { createProducer } from "./producer.ts";
import { createQueueAdmin } from "./queue-admin.ts";
import { md5OfBody } from "./sqs-record.ts";
import { closeAfterEach, testRedisUrl, uniquePrefix } from "./test-support.ts";

const track = closeAfterEach();

function setup() {
  const prefix = uniquePrefix();
  const producer = track(createProducer(testRedisUrl(), { prefix }));
  const admin = track(createQueueAdmin(testRedisUrl(), { prefix }));
  return { prefix, producer, admin };
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("sendMessage", () => {
  it("answers with a fresh message id and the body's MD5, and the message waits in the queue", async () => {
    const { producer, admin } = setup();
    const sent = await producer.sendMessage("orders", { MessageBody: '{"order":1}' });
    expect(sent.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sent.MD5OfMessageBody).toBe(md5OfBody('{"order":1}'));
    expect((await admin.getQueueAttributes("orders")).ApproximateNumberOfMessages).toBe(1);
    expect(await admin.listQueues()).toEqual(["orders"]);
  });

  it("drops a duplicate inside the window and answers with the first message's id", async () => {
    const { producer, admin } = setup();
    const first = await producer.sendMessage("orders", {
      MessageBody: "a",
      MessageDeduplicationId: "order-7",
    });
    const again = await producer.sendMessage("orders", {
      MessageBody: "b",
      MessageDeduplicationId: "order-7",
    });
    const other = await producer.sendMessage("orders", {
      MessageBody: "c",
      MessageDeduplicationId: "order-8",
    });
    expect(again.MessageId).toBe(first.MessageId);
    expect(other.MessageId).not.toBe(first.MessageId);
    expect((await admin.getQueueAttributes("orders")).ApproximateNumberOfMessages).toBe(2);
  });

  it("holds a delayed message back", async () => {
    const { producer, admin } = setup();
    await producer.sendMessage("orders", { MessageBody: "later", DelaySeconds: 60 });
    const attributes = await admin.getQueueAttributes("orders");
    expect(attributes.ApproximateNumberOfMessages).toBe(0);
    expect(attributes.ApproximateNumberOfMessagesDelayed).toBe(1);
  });

  it("refuses bad input with InvalidMessageError and enqueues nothing", async () => {
    const { producer, admin } = setup();
    const tooBig = "x".repeat(1024 * 1024 + 1);
    const big = await rejection(producer.sendMessage("orders", { MessageBody: tooBig }));
    expect(big).toBeInstanceOf(InvalidMessageError);
    expect((big as InvalidMessageError).reason).toBe("too_large");
    await expect(producer.sendMessage("orders", { MessageBody: "x", DelaySeconds: 901 })).rejects.toThrow(
      InvalidMessageError,
    );
    await expect(producer.sendMessage("bad:name", { MessageBody: "x" })).rejects.toThrow(InvalidMessageError);
    const batch = [
      { Id: "good", MessageBody: "fine" },
      { Id: "bad", MessageBody: "x", MessageAttributes: { k: { DataType: "Number", StringValue: "NaN!" } } },
    ];
    await expect(producer.sendMessageBatch("orders", batch)).rejects.toThrow(/entry bad/);
    expect((await admin.getQueueAttributes("orders")).ApproximateNumberOfMessages).toBe(0);
  });
});

describe("sendMessageBatch", () => {
  it("sends every entry in one call and reports each by its Id", async () => {
    const { producer, admin } = setup();
    const result = await producer.sendMessageBatch("orders", [
      { Id: "one", MessageBody: "1" },
      { Id: "two", MessageBody: "2", MessageDeduplicationId: "d" },
      { Id: "three", MessageBody: "3", MessageDeduplicationId: "d" },
    ]);
    expect(result.Failed).toEqual([]);
    expect(result.Successful.map((entry) => entry.Id)).toEqual(["one", "two", "three"]);
    const [one, two, three] = result.Successful;
    expect(new Set([one?.MessageId, two?.MessageId]).size).toBe(2);
    expect(three?.MessageId).toBe(two?.MessageId);
    expect(one?.MD5OfMessageBody).toBe(md5OfBody("1"));
    expect((await admin.getQueueAttributes("orders")).ApproximateNumberOfMessages).toBe(2);
  });
});

describe("when Redis is down", () => {
  it("fails fast with QueueUnavailableError when Redis cannot be reached at all", async () => {
    const port = await freePort();
    const producer = track(createProducer(`redis://127.0.0.1:${port}`, { timeoutMs: 300 }));
    const started = Date.now();
    const err = await rejection(producer.sendMessage("orders", { MessageBody: "x" }));
    expect(err).toBeInstanceOf(QueueUnavailableError);
    expect((err as QueueUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("fails at once, without queueing the command, when Redis goes away after start-up", async () => {
    const server = await startRedisServer();
    try {
      const producer = track(createProducer(server.url, { timeoutMs: 2000 }));
      await producer.sendMessage("orders", { MessageBody: "before" });
      await server.stop();
      const started = Date.now();
      await expect(producer.sendMessage("orders", { MessageBody: "after" })).rejects.toThrow(
        QueueUnavailableError,
      );
      await expect(producer.sendMessageBatch("orders", [{ Id: "a", MessageBody: "after" }])).rejects.toThrow(
        QueueUnavailableError,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await server.stop();
    }
  });

  it("sends again once Redis is back", async () => {
    const server = await startRedisServer();
    try {
      const producer = track(createProducer(server.url, { timeoutMs: 1000 }));
      await server.stop();
      await expect(producer.sendMessage("orders", { MessageBody: "x" })).rejects.toThrow(
        QueueUnavailableError,
      );
      const restarted = await startRedisServer({ port: server.port });
      try {
        const sent = await waitForSend(() => producer.sendMessage("orders", { MessageBody: "back" }));
        const redis = new Redis(restarted.url);
        expect(await redis.exists(`bull:orders:meta`)).toBe(1);
        redis.disconnect();
        expect(sent.MessageId).toBeTruthy();
      } finally {
        await restarted.stop();
      }
    } finally {
      await server.stop();
    }
  });
});

async function waitForSend<T>(send: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof QueueUnavailableError) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
