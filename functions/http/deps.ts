import { createLoginLimiter } from "@finchat/core/auth/login-limiter";
import type { Config } from "@finchat/core/config";
import { databaseWaitMs, migrate, openDatabase } from "@finchat/core/db";
import { createGitHubClient } from "@finchat/core/github/client";
import type { Logger } from "@finchat/core/observability/logger";
import { createMetrics } from "@finchat/core/observability/metrics";
import { createRedis } from "@finchat/core/redis";
import { createReaderPool } from "@finchat/core/runs/reader-pool";
import { createBlobStore, createS3Client } from "@finchat/core/storage/blob-store";
import { createProducer, createQueueAdmin } from "@finchat/jobs";
import type { RedisOptions } from "ioredis";
import type { ApiDeps } from "./env.ts";

/**
 * Opens everything the Api's handlers use: the database (migrated), Redis, S3, the job producer,
 * the queue admin and (with GITHUB_TOKEN) a GitHub client. `close` releases them all; the caller drains HTTP first.
 */
export async function openApiDeps(
  config: Config,
  logger: Logger,
  options: { redis?: RedisOptions; loginKeyPrefix?: string } = {},
): Promise<{ deps: ApiDeps; close: () => Promise<void> }> {
  const db = await openDatabase(config.db, { waitMs: databaseWaitMs, logger });
  const { applied } = await migrate(db);
  if (applied.length) logger.info({ applied }, "database migrated");
  const redis = createRedis(config.redis.url, options.redis);
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));
  const s3 = createS3Client(config.s3);
  const queues = { prefix: config.queue.prefix };
  const deps: ApiDeps = {
    config,
    db,
    redis,
    readers: createReaderPool(redis),
    blobs: createBlobStore(s3, config.s3.bucket),
    logger,
    metrics: createMetrics(config.metrics, { stage: config.stage, service: "api", logger }),
    loginLimiter: createLoginLimiter(redis, config.auth, options.loginKeyPrefix),
    producer: createProducer(config.redis.url, queues),
    queueAdmin: createQueueAdmin(config.redis.url, queues),
    ...(config.github.token ? { github: createGitHubClient({ config: config.github, redis, logger }) } : {}),
    lifecycle: { draining: false, streams: new Set() },
  };
  const close = async () => {
    await deps.metrics.close();
    deps.readers.close();
    await Promise.all([deps.producer.close(), deps.queueAdmin.close()]);
    await deps.redis.quit().catch(() => deps.redis.disconnect());
    db.close();
    s3.destroy();
  };
  return { deps, close };
}
