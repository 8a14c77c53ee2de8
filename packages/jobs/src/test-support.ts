import { randomUUID } from "node:crypto";
import type { SQSRecord } from "aws-lambda";
import { afterEach, inject } from "vitest";
import type { JobsLogger } from "./connections.ts";

/** The test run's redis-server. */
export function testRedisUrl(): string {
  return inject("redisUrl");
}

/** A key prefix of its own, so parallel test files never share queues or the queue registry. */
export function uniquePrefix(): string {
  return `jobs-test-${randomUUID().slice(0, 8)}`;
}

/** Polls `probe` until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  timeoutMs = 5000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Closes everything a test opened, newest first, after each test of the file. */
export function closeAfterEach(): <T extends { close(): Promise<unknown> }>(resource: T) => T {
  const open: Array<{ close(): Promise<unknown> }> = [];
  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
  });
  return (resource) => {
    open.push(resource);
    return resource;
  };
}

/** Remembers every record a handler saw, in order. */
export function recorder() {
  const records: SQSRecord[] = [];
  const batches: SQSRecord[][] = [];
  return {
    records,
    batches,
    see(batch: SQSRecord[]) {
      batches.push(batch);
      records.push(...batch);
    },
    bodies: () => records.map((record) => record.body),
    receiveCounts: (body: string) =>
      records
        .filter((record) => record.body === body)
        .map((record) => record.attributes.ApproximateReceiveCount),
  };
}

/** A logger that keeps what it was told. */
export function memoryLogger(): JobsLogger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (_obj, msg) => warnings.push(msg),
    error: (_obj, msg) => errors.push(msg),
  };
}
