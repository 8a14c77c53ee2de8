import { randomUUID } from "node:crypto";
import { consume, createProducer } from "@finchat/jobs";
import { describe, expect, inject, it } from "vitest";
import { createLogger } from "../observability/logger.ts";
import { backupQueue } from "./schedule.ts";
import { startBackupScheduler } from "./scheduler.ts";

const logger = createLogger({ level: "silent", service: "test" });

describe("startBackupScheduler", () => {
  it("makes several Worker tasks ask for one backup per slot", async () => {
    const redisUrl = inject("redisUrl");
    const prefix = `backup-sched-${randomUUID().slice(0, 8)}`;
    const producers = [createProducer(redisUrl, { prefix }), createProducer(redisUrl, { prefix })];
    const intervalMs = 250;
    const started = Date.now();
    const schedulers = producers.map((producer) => startBackupScheduler({ producer, intervalMs, logger }));
    await new Promise((resolve) => setTimeout(resolve, 4 * intervalMs + 100));
    for (const scheduler of schedulers) scheduler.stop();
    const stopped = Date.now();

    const slots: string[] = [];
    const consumer = consume(
      backupQueue,
      async (event) => {
        for (const record of event.Records) slots.push((JSON.parse(record.body) as { slot: string }).slot);
      },
      { connection: redisUrl, prefix, logger },
    );
    await consumer.ready();
    const expected = Math.floor(stopped / intervalMs) - Math.floor(started / intervalMs) + 1;
    await expect.poll(() => slots.length).toBeGreaterThanOrEqual(expected - 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await consumer.close(1000);
    await Promise.all(producers.map((producer) => producer.close()));

    expect(new Set(slots).size).toBe(slots.length);
    expect(slots.length).toBeLessThanOrEqual(expected);
    for (const slot of slots) expect(Date.parse(slot) % intervalMs).toBe(0);
  });
});
