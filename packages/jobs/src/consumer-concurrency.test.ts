import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { consume } from "./consumer.ts";
import { createProducer } from "./producer.ts";
import { closeAfterEach, sleep, testRedisUrl, uniquePrefix, waitFor } from "./test-support.ts";

const track = closeAfterEach();

/** A handler whose calls each wait until released, counting how many run at once. */
function gatedHandler() {
  const releases: Array<() => void> = [];
  const state = { started: 0, running: 0, peak: 0 };
  const handler = async (_event: SQSEvent) => {
    state.started++;
    state.running++;
    state.peak = Math.max(state.peak, state.running);
    await new Promise<void>((resolve) => releases.push(resolve));
    state.running--;
  };
  const releaseAll = () => {
    for (const release of releases.splice(0)) release();
  };
  return { handler, state, releases, releaseAll };
}

function setup() {
  const prefix = uniquePrefix();
  const producer = track(createProducer(testRedisUrl(), { prefix }));
  const options = { connection: testRedisUrl(), prefix, batchSize: 1, visibilityTimeoutMs: 5000 };
  return { producer, options };
}

describe("consumer concurrency", () => {
  it("runs hundreds of handlers at once, as a Worker of I/O-bound chat turns does", async () => {
    const { producer, options } = setup();
    const gate = gatedHandler();
    const consumer = track(consume("turns", gate.handler, { ...options, concurrency: 300 }));
    await consumer.ready();
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `${i}` }));
    for (let batch = 0; batch < 30; batch++) await producer.sendMessageBatch("turns", entries);
    await waitFor(() => gate.state.running === 300, 10_000, "300 handlers running");
    gate.releaseAll();
    await waitFor(() => gate.state.running === 0, 5000, "the handlers to finish");
    expect(gate.state.peak).toBe(300);
  });

  it("stops fetching while lowered and takes work again once raised", async () => {
    const { producer, options } = setup();
    const gate = gatedHandler();
    const consumer = track(consume("turns", gate.handler, { ...options, concurrency: 4 }));
    consumer.setConcurrency(1);
    await consumer.ready();
    for (let i = 0; i < 5; i++) await producer.sendMessage("turns", { MessageBody: `${i}` });
    await waitFor(() => gate.state.started === 1, 5000, "the first handler");
    await sleep(300);
    expect(gate.state.started).toBe(1);

    // A raise takes effect as running work finishes: the next fetches fill the new limit.
    consumer.setConcurrency(4);
    gate.releases.shift()?.();
    await waitFor(() => gate.state.running === 4, 5000, "four handlers running");
    expect(gate.state.started).toBe(5);
    gate.releaseAll();
    await waitFor(() => gate.state.running === 0, 5000, "the handlers to finish");
  });

  it("rejects a concurrency outside 1 to 1000", () => {
    const { options } = setup();
    expect(() => consume("turns", async () => {}, { ...options, concurrency: 1001 })).toThrow(RangeError);
    const consumer = track(consume("turns", async () => {}, { ...options, concurrency: 2 }));
    expect(() => consumer.setConcurrency(0)).toThrow(RangeError);
    expect(() => consumer.setConcurrency(1.5)).toThrow(RangeError);
  });
});
