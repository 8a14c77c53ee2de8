import { backupQueue } from "@finchat/core/backup/schedule";
import { startBackupScheduler } from "@finchat/core/backup/scheduler";
import type { Config } from "@finchat/core/config";
import type { Client } from "@finchat/core/db";
import type { Logger } from "@finchat/core/observability/logger";
import type { Metrics } from "@finchat/core/observability/metrics";
import type { BlobStore } from "@finchat/core/storage/blob-store";
import { consume, type JobProducer } from "@finchat/jobs";
import { backupHandler } from "./jobs/backup.ts";

/** Deliveries of a backup message before it is dead-lettered. */
const backupMaxReceiveCount = 3;

/**
 * The Worker's share of backups: the `backup` consumer, and the scheduler that asks for one
 * snapshot per `BACKUP_INTERVAL_HOURS` slot (every task asks; one snapshot is taken).
 */
export function startBackups(
  config: Config,
  deps: { db: Client; logger: Logger; metrics: Metrics; blobs: BlobStore; producer: JobProducer },
) {
  const { db, logger, metrics, blobs, producer } = deps;
  const handler = backupHandler({
    db,
    logger,
    metrics,
    blobs,
    dbUrl: config.db.url,
    dbAuthToken: config.db.authToken,
    keep: config.backup.keep,
  });
  const consumer = consume(backupQueue, handler, {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: 1,
    // A local snapshot blocks the event loop while SQLite copies (lock renewals wait), a remote one
    // reads every row over HTTP; then it uploads.
    visibilityTimeoutMs: 10 * 60_000,
    maxReceiveCount: backupMaxReceiveCount,
    logger,
  });
  const scheduler = startBackupScheduler({ producer, intervalMs: config.backup.intervalMs, logger });
  return {
    consumer,
    /** Stops asking for snapshots; the consumer closes with the others. */
    close: () => scheduler.stop(),
  };
}
