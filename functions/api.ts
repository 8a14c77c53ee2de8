import { createServer } from "node:http";
import { createLoginLimiter } from "@finchat/core/auth/login-limiter";
import { loadConfig } from "@finchat/core/config";
import { migrate, openDatabase } from "@finchat/core/db";
import { createLogger } from "@finchat/core/observability/logger";
import { createRedis } from "@finchat/core/redis";
import { createBlobStore, createS3Client } from "@finchat/core/storage/blob-store";
import { createProducer, createQueueAdmin } from "@finchat/jobs";
import { serve } from "@hono/node-server";
import { createApp } from "./http/app.ts";
import type { ApiDeps } from "./http/env.ts";
import { onShutdown } from "./lifecycle.ts";

/** The Api service: config, stores, the Hono app on Node's HTTP server, and a bounded drain. */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, service: "api" });
  const db = await openDatabase(config.db);
  const { applied } = await migrate(db);
  if (applied.length) logger.info({ applied }, "database migrated");
  const redis = createRedis(config.redis.url);
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));
  const s3 = createS3Client(config.s3);
  const deps: ApiDeps = {
    config,
    db,
    redis,
    blobs: createBlobStore(s3, config.s3.bucket),
    logger,
    loginLimiter: createLoginLimiter(redis, config.auth),
    producer: createProducer(config.redis.url, { prefix: config.queue.prefix }),
    queueAdmin: createQueueAdmin(config.redis.url, { prefix: config.queue.prefix }),
    lifecycle: { draining: false, streams: new Set() },
  };
  const app = createApp(deps);
  const server = serve(
    { fetch: app.fetch, port: config.http.port, hostname: config.http.host, createServer },
    (info) => logger.info({ port: info.port, host: config.http.host }, "api listening"),
  );

  onShutdown(logger, config.http.shutdownTimeoutMs, [
    {
      name: "drain",
      // Readiness turns 503 first so the load balancer stops sending new requests.
      run: async () => {
        deps.lifecycle.draining = true;
        // Open event streams end now; their clients resume with Last-Event-ID on another task.
        for (const stop of deps.lifecycle.streams) stop();
        await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      },
    },
    { name: "queues", run: () => Promise.all([deps.producer.close(), deps.queueAdmin.close()]) },
    { name: "redis", run: () => redis.quit() },
    { name: "database", run: async () => db.close() },
    { name: "s3", run: async () => s3.destroy() },
  ]);
}

await main();
