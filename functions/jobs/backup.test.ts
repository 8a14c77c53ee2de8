import { randomUUID } from "node:crypto";
import { backupQueue, enqueueBackup } from "@finchat/core/backup/schedule";
import { openTestBucket } from "@finchat/core/backup/test-bucket";
import * as Backups from "@finchat/core/db/backups";
import { openTestDatabase } from "@finchat/core/db/test-database";
import { createLogger } from "@finchat/core/observability/logger";
import { disabledMetrics } from "@finchat/core/observability/metrics";
import { consume, createProducer, createQueueAdmin } from "@finchat/jobs";
import { describe, expect, inject, it } from "vitest";
import { backupHandler } from "./backup.ts";

describe("the backup job on the job layer", () => {
  it("stores one snapshot per slot and drops a malformed message", async () => {
    const redisUrl = inject("redisUrl");
    const prefix = `backup-job-${randomUUID().slice(0, 8)}`;
    const database = await openTestDatabase();
    const bucket = await openTestBucket();
    const logger = createLogger({ level: "silent", service: "test" });
    const producer = createProducer(redisUrl, { prefix });
    const admin = createQueueAdmin(redisUrl, { prefix });
    const handler = backupHandler({
      db: database.db,
      dbUrl: database.url,
      blobs: bucket.blobs,
      keep: 5,
      logger,
      metrics: disabledMetrics(),
    });
    const consumer = consume(backupQueue, handler, { connection: redisUrl, prefix, batchSize: 1, logger });
    try {
      await consumer.ready();
      const slot = "2025-03-01T12:00:00.000Z";
      await enqueueBackup(producer, slot);
      await enqueueBackup(producer, slot);
      await producer.sendMessage(backupQueue, { MessageBody: '{"slot":"yesterday"}' });
      await expect.poll(async () => (await Backups.listNewestFirst(database.db)).length).toBe(1);
      await expect
        .poll(async () => {
          const attributes = await admin.getQueueAttributes(backupQueue);
          return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
        })
        .toBe(0);
      expect((await bucket.blobs.list("backups/")).length).toBe(1);
      expect((await admin.getQueueAttributes(backupQueue)).deadLetters).toBe(0);
    } finally {
      await consumer.close(1000);
      await Promise.all([producer.close(), admin.close()]);
      bucket.close();
      await database.close();
    }
  });
});
