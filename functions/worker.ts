import { createServer } from "node:http";
import { createChatModel, DEFAULT_LIMITS, ToolRegistry } from "@finchat/core/agent";
import { financeTools } from "@finchat/core/agent/tools/finance/index";
import { chatRunQueue } from "@finchat/core/chat/jobs";
import { loadConfig } from "@finchat/core/config";
import { migrate, openDatabase } from "@finchat/core/db";
import { createLogger } from "@finchat/core/observability/logger";
import { createRedis } from "@finchat/core/redis";
import { consume } from "@finchat/jobs";
import { chatRunHandler } from "./jobs/chat-run.ts";
import { onShutdown } from "./lifecycle.ts";

/** Deliveries of a chat-run message before it is dead-lettered (and its run failed). */
const chatMaxReceiveCount = 3;

/** The Worker service: binds each job handler to its queue and answers a liveness probe. */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, service: "worker" });
  const db = await openDatabase(config.db);
  await migrate(db);
  const redis = createRedis(config.redis.url, { enableOfflineQueue: true, commandTimeout: 5000 });
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));

  const model = createChatModel(config.openai);
  if (!model) logger.warn("no model configured: chat runs will fail with llm_not_configured");
  const chatDeps = {
    db,
    redis,
    model,
    registry: new ToolRegistry([...financeTools]),
    limits: { ...DEFAULT_LIMITS, ...config.agent },
    logger,
  };
  const consumers = [
    consume(chatRunQueue, chatRunHandler(chatDeps, chatMaxReceiveCount), {
      connection: config.redis.url,
      prefix: config.queue.prefix,
      batchSize: 1,
      concurrency: config.worker.chatConcurrency,
      // A turn streams for a while; the lock is renewed while it runs and lost if the worker dies.
      visibilityTimeoutMs: config.worker.chatVisibilityTimeoutMs,
      maxReceiveCount: chatMaxReceiveCount,
      logger,
    }),
  ];
  await Promise.all(consumers.map((c) => c.ready()));
  logger.info({ queues: consumers.map((c) => c.queueName) }, "worker consuming");

  // The container's health check: the process is up and its event loop answers.
  const health = createServer((req, res) => {
    const live = req.url === "/health/live";
    res.writeHead(live ? 200 : 404, { "content-type": "application/json" });
    res.end(
      JSON.stringify(live ? { status: "ok" } : { error: { code: "not_found", message: "No such route" } }),
    );
  }).listen(config.http.port, config.http.host);

  onShutdown(logger, config.http.shutdownTimeoutMs, [
    {
      name: "consumers",
      run: () => Promise.all(consumers.map((c) => c.close(config.http.shutdownTimeoutMs - 1000))),
    },
    { name: "health", run: () => new Promise((resolve) => health.close(resolve)) },
    { name: "redis", run: () => redis.quit() },
    { name: "database", run: async () => db.close() },
  ]);
}

await main();
