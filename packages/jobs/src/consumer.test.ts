import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { startRedisServer } from "../../../scripts/lib/redis-server.ts";
import { type ConsumeOptions, consume } from "./consumer.ts";
import { createProducer } from "./producer.ts";
import { createQueueAdmin } from "./queue-admin.ts";
import { md5OfBody } from "./sqs-record.ts";
import {
  closeAfterEach,
  memoryLogger,
  recorder,
  sleep,
  testRedisUrl,
  uniquePrefix,
  waitFor,
} from "./test-support.ts";

const track = closeAfterEach();

function setup() {
  const prefix = uniquePrefix();
  const producer = track(createProducer(testRedisUrl(), { prefix }));
  const admin = track(createQueueAdmin(testRedisUrl(), { prefix }));
  const logger = memoryLogger();
  const options = (extra: Partial<ConsumeOptions> = {}): ConsumeOptions => ({
    connection: testRedisUrl(),
    prefix,
    visibilityTimeoutMs: 1000,
    stalledIntervalMs: 300,
    backoff: { baseDelayMs: 20, maxDelayMs: 50 },
    logger,
    ...extra,
  });
  return { producer, admin, options, logger };
}

describe("consume", () => {
  it("hands the handler SQS-shaped records", async () => {
    const { producer, options } = setup();
    const seen = recorder();
    const sent = await producer.sendMessage("orders", {
      MessageBody: '{"order":1}',
      MessageDeduplicationId: "order-1",
      MessageAttributes: {
        kind: { DataType: "String", StringValue: "new" },
        raw: { DataType: "Binary", BinaryValue: new Uint8Array([255]) },
      },
    });
    track(
      consume("orders", async (event: SQSEvent) => seen.see(event.Records), options({ region: "eu-west-1" })),
    );
    await waitFor(() => seen.records.length > 0, 5000, "a record");
    const [record] = seen.records;
    expect(record).toMatchObject({
      messageId: sent.MessageId,
      body: '{"order":1}',
      md5OfBody: md5OfBody('{"order":1}'),
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-1:000000000000:orders",
      awsRegion: "eu-west-1",
      attributes: { ApproximateReceiveCount: "1", MessageDeduplicationId: "order-1" },
      messageAttributes: {
        kind: { dataType: "String", stringValue: "new", stringListValues: [], binaryListValues: [] },
        raw: { dataType: "Binary", binaryValue: "/w==", stringListValues: [], binaryListValues: [] },
      },
    });
    expect(Number(record?.attributes.SentTimestamp)).toBeLessThanOrEqual(Date.now());
    expect(record?.receiptHandle).toBeTruthy();
  });

  it("gathers up to batchSize messages per call within the batching window", async () => {
    const { producer, options } = setup();
    const seen = recorder();
    track(
      consume(
        "orders",
        async (event) => seen.see(event.Records),
        options({ batchSize: 4, batchWindowMs: 200 }),
      ),
    );
    for (const body of ["a", "b", "c", "d", "e", "f"])
      await producer.sendMessage("orders", { MessageBody: body });
    await waitFor(() => seen.records.length === 6, 5000, "six records");
    expect(seen.batches.map((batch) => batch.length)).toEqual([4, 2]);
    expect(seen.bodies().sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("retries only the records named in batchItemFailures, counting receives", async () => {
    const { producer, options } = setup();
    const seen = recorder();
    const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      seen.see(event.Records);
      const failing = event.Records.filter(
        (r) => r.body === "b" && r.attributes.ApproximateReceiveCount === "1",
      );
      return { batchItemFailures: failing.map((r) => ({ itemIdentifier: r.messageId })) };
    };
    await producer.sendMessageBatch(
      "orders",
      ["a", "b", "c"].map((body) => ({ Id: body, MessageBody: body })),
    );
    track(consume("orders", handler, options({ batchSize: 3, batchWindowMs: 100 })));
    await waitFor(() => seen.receiveCounts("b").length === 2, 5000, "b again");
    await sleep(200);
    expect(seen.receiveCounts("a")).toEqual(["1"]);
    expect(seen.receiveCounts("b")).toEqual(["1", "2"]);
    expect(seen.receiveCounts("c")).toEqual(["1"]);
  });

  it("retries the whole batch when the handler throws, after a backoff", async () => {
    const { producer, options } = setup();
    const seen = recorder();
    const times: number[] = [];
    const handler = async (event: SQSEvent) => {
      seen.see(event.Records);
      times.push(Date.now());
      if (times.length === 1) throw new Error("database away");
    };
    await producer.sendMessageBatch(
      "orders",
      ["a", "b"].map((body) => ({ Id: body, MessageBody: body })),
    );
    const backoff = { baseDelayMs: 300, maxDelayMs: 300 };
    track(consume("orders", handler, options({ batchSize: 2, batchWindowMs: 100, backoff })));
    await waitFor(() => seen.records.length === 4, 5000, "both again");
    expect(seen.receiveCounts("a")).toEqual(["1", "2"]);
    expect(seen.receiveCounts("b")).toEqual(["1", "2"]);
    // Equal jitter: at least half the base delay.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it("moves a poison message to the dead-letter queue after exactly maxReceiveCount receives", async () => {
    const { producer, admin, options } = setup();
    const seen = recorder();
    const handler = async (event: SQSEvent) => {
      seen.see(event.Records);
      if (event.Records.some((r) => r.body === "poison")) throw new Error("cannot parse poison");
    };
    const sent = await producer.sendMessage("orders", {
      MessageBody: "poison",
      MessageAttributes: { kind: { DataType: "String", StringValue: "bad" } },
    });
    await producer.sendMessage("orders", { MessageBody: "fine" });
    track(consume("orders", handler, options({ batchSize: 1, maxReceiveCount: 3 })));
    await waitFor(
      async () => (await admin.getQueueAttributes("orders")).deadLetters === 1,
      5000,
      "a dead letter",
    );
    await sleep(300);
    expect(seen.receiveCounts("poison")).toEqual(["1", "2", "3"]);
    expect(seen.receiveCounts("fine")).toEqual(["1"]);
    const [letter] = await admin.peekDeadLetters("orders");
    expect(letter).toMatchObject({
      messageId: sent.MessageId,
      body: "poison",
      messageAttributes: { kind: { dataType: "String", stringValue: "bad" } },
      lastError: "cannot parse poison",
      receiveCount: 3,
    });
    const attributes = await admin.getQueueAttributes("orders");
    expect(attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesDelayed).toBe(0);
  });

  it("redrives dead letters back to their queue, where they are received afresh", async () => {
    const { producer, admin, options } = setup();
    const seen = recorder();
    let broken = true;
    const handler = async (event: SQSEvent) => {
      seen.see(event.Records);
      if (broken) throw new Error("not yet");
    };
    const sent = await producer.sendMessage("orders", { MessageBody: "retry-me" });
    track(consume("orders", handler, options({ maxReceiveCount: 1 })));
    await waitFor(
      async () => (await admin.getQueueAttributes("orders")).deadLetters === 1,
      5000,
      "a dead letter",
    );
    broken = false;
    expect(await admin.redrive("orders")).toEqual({ moved: 1 });
    await waitFor(() => seen.records.length === 2, 5000, "the redriven message");
    expect(seen.records[1]?.messageId).toBe(sent.MessageId);
    expect(seen.records[1]?.attributes.ApproximateReceiveCount).toBe("1");
    await waitFor(
      async () => (await admin.getQueueAttributes("orders")).deadLetters === 0,
      2000,
      "an empty DLQ",
    );
  });

  it("keeps a message invisible while its handler outlives the visibility timeout", async () => {
    const { producer, options } = setup();
    const seen = recorder();
    const handler = async (event: SQSEvent) => {
      seen.see(event.Records);
      await sleep(1300);
    };
    await producer.sendMessage("orders", { MessageBody: "slow" });
    const consumers = [
      track(consume("orders", handler, options({ visibilityTimeoutMs: 400, stalledIntervalMs: 100 }))),
      track(consume("orders", handler, options({ visibilityTimeoutMs: 400, stalledIntervalMs: 100 }))),
    ];
    await Promise.all(consumers.map((c) => c.ready()));
    await waitFor(() => seen.records.length === 1, 5000, "the slow message");
    await sleep(1600);
    expect(seen.receiveCounts("slow")).toEqual(["1"]);
  });
});

describe("close", () => {
  it("waits for a running batch that finishes inside the bound", async () => {
    const { producer, admin, options } = setup();
    let finished = false;
    let started = false;
    const consumer = consume(
      "orders",
      async () => {
        started = true;
        await sleep(200);
        finished = true;
      },
      options(),
    );
    await producer.sendMessage("orders", { MessageBody: "x" });
    await waitFor(() => started, 5000, "the handler");
    await consumer.close(5000);
    expect(finished).toBe(true);
    const attributes = await admin.getQueueAttributes("orders");
    expect(attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible).toBe(0);
  });

  it("hands an unfinished message back after the bound, for another consumer to receive at once", async () => {
    const { producer, options } = setup();
    let release: (() => void) | undefined;
    const stuck = consume(
      "orders",
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      options({ visibilityTimeoutMs: 30_000 }),
    );
    await producer.sendMessage("orders", { MessageBody: "x" });
    await waitFor(() => release, 5000, "the stuck handler");
    const started = Date.now();
    await stuck.close(200);
    expect(Date.now() - started).toBeLessThan(2000);
    const seen = recorder();
    track(consume("orders", async (event) => seen.see(event.Records), options()));
    await waitFor(() => seen.records.length === 1, 3000, "the handed-back message");
    expect(seen.records[0]?.attributes.ApproximateReceiveCount).toBe("2");
    release?.();
  });

  it("stays bounded when Redis is gone while a handler hangs", async () => {
    const server = await startRedisServer();
    try {
      const producer = track(createProducer(server.url));
      let started = false;
      const consumer = consume(
        "orders",
        async () => {
          started = true;
          await new Promise(() => {});
        },
        { connection: server.url, logger: memoryLogger() },
      );
      await producer.sendMessage("orders", { MessageBody: "x" });
      await waitFor(() => started, 5000, "the handler");
      await server.stop();
      const closing = Date.now();
      await consumer.close(200);
      expect(Date.now() - closing).toBeLessThan(2500);
    } finally {
      await server.stop();
    }
  });
});
