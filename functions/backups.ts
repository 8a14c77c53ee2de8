import { backupQueue } from "@finchat/core/backup/schedule";
import { startBackupScheduler } from "@finchat/core/backup/scheduler";
import type { Config } from "@finchat/core/config";
import type { Client } from "@finchat/core/db";
import type { Logger } from "@finchat/core/observability/logger";
import type { Metrics } from "@finchat/core/observability/metrics";
import { createBlobStore, createS3Client } from "@finchat/core/storage/blob-store";
import { consume, createProducer } from "@finchat/jobs";
import { backupHandler } from "./jobs/backup.ts";

/** Deliveries of a backup message before it is dead-lettered. */
const backupMaxReceiveCount = 3;

/**
 * The Worker's share of backups: the `backup` consumer, and the scheduler that asks for one
 * snapshot per `BACKUP_INTERVAL_HOURS` slot (every task asks; one snapshot is taken).
 */
export function startBackups(config: Config, deps: { db: Client; logger: Logger; metrics: Metrics }) {
  const { logger } = deps;
  const s3 = createS3Client(config.s3);
  const queues = { prefix: config.queue.prefix };
  const handler = backupHandler({
    ...deps,
    dbUrl: config.db.url,
    blobs: createBlobStore(s3, config.s3.bucket),
    keep: config.backup.keep,
  });
  const consumer = consume(backupQueue, handler, {
    connection: config.redis.url,
    prefix: queues.prefix,
    batchSize: 1,
    concurrency: 1,
    // A local snapshot blocks the event loop while SQLite copies (lock renewals wait), then uploads.
    visibilityTimeoutMs: 10 * 60_000,
    maxReceiveCount: backupMaxReceiveCount,
    logger,
  });
  const producer = createProducer(config.redis.url, queues);
  const scheduler = startBackupScheduler({ producer, intervalMs: config.backup.intervalMs, logger });
  return {
    consumer,
    /** Stops asking for snapshots and releases S3 and the producer; the consumer closes with the others. */
    async close() {
      scheduler.stop();
      await producer.close();
      s3.destroy();
    },
  };
}
