import { createServer } from "node:http";
import { createChatModel, DEFAULT_LIMITS, ToolRegistry } from "@finchat/core/agent";
import { financeTools } from "@finchat/core/agent/tools/finance/index";
import { capitalisationTools } from "@finchat/core/capitalisation/tools";
import { startChatAdmission } from "@finchat/core/chat/admission";
import { chatRunQueue } from "@finchat/core/chat/jobs";
import { loadConfig } from "@finchat/core/config";
import { databaseWaitMs, migrate, onDurabilityLost, openDatabase } from "@finchat/core/db";
import { createGitHubClient, githubTools } from "@finchat/core/github/index";
import { createJiraClient, jiraTools } from "@finchat/core/jira/index";
import { createLogger } from "@finchat/core/observability/logger";
import { createMetrics } from "@finchat/core/observability/metrics";
import { startQueueMetrics } from "@finchat/core/observability/queue-metrics";
import { type RateLimitSource, recordRateLimits } from "@finchat/core/observability/rate-limit-metrics";
import { createRedis } from "@finchat/core/redis";
import {
  createConfiguredEmbedder,
  searchCodeAndIssuesTool,
  searchToolDeps,
} from "@finchat/core/search/index";
import { createBlobStore, createS3Client } from "@finchat/core/storage/blob-store";
import { type Consumer, consume, createProducer, createQueueAdmin } from "@finchat/jobs";
import type { SQSHandler } from "aws-lambda";
import { startBackups } from "./backups.ts";
import { startDocs } from "./docs.ts";
import { startIndexing } from "./indexing.ts";
import { chatRunHandler } from "./jobs/chat-run.ts";
import { onShutdown } from "./lifecycle.ts";
import { startReconciler } from "./reconcile.ts";
import { startupSummary } from "./startup-summary.ts";
import { startWorklogSync } from "./worklogs.ts";

/** Deliveries of a chat-run message before it is dead-lettered (and its run failed). */
const chatMaxReceiveCount = 3;

/** The Worker service: binds each job handler to its queue and answers a liveness probe. */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, service: "worker" });
  logger.info(startupSummary(config), "worker configuration");
  const db = await openDatabase(config.db, { waitMs: databaseWaitMs, logger });
  await migrate(db);
  const redis = createRedis(config.redis.url, { enableOfflineQueue: true, commandTimeout: 5000 });
  redis.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));

  const metrics = createMetrics(config.metrics, { stage: config.stage, service: "worker", logger });
  // Chat turns are taken while the process keeps up; see startChatAdmission and README "Sizing".
  let chatConsumer: Consumer | undefined;
  const admission = startChatAdmission({
    settings: { maxConcurrency: config.worker.chatConcurrency, ...config.worker.chatAdmission },
    apply: (capacity) => chatConsumer?.setConcurrency(capacity),
    metrics: metrics.scoped({ Stage: config.stage }),
    logger,
  });
  const model = createChatModel(config.openai, { onResponse: admission.onModelResponse });
  if (!model) logger.warn("no model configured: chat runs will fail with llm_not_configured");
  const jira = config.jira.host ? createJiraClient({ config: config.jira, logger }) : undefined;
  const github = config.github.token
    ? createGitHubClient({ config: config.github, redis, logger })
    : undefined;
  const embedder = createConfiguredEmbedder(config, db);
  const chatDeps = {
    db,
    redis,
    model,
    registry: new ToolRegistry([
      ...financeTools,
      ...(jira ? jiraTools(jira, config.jira) : []),
      ...(jira ? capitalisationTools({ db, jira, projects: config.jira.projects, github }) : []),
      ...(github ? githubTools(github, config.github) : []),
      searchCodeAndIssuesTool(searchToolDeps(config, db, embedder)),
    ]),
    limits: { ...DEFAULT_LIMITS, ...config.agent },
    logger,
    metrics,
  };
  // One producer and one S3 client for everything the Worker sends and stores besides chat runs.
  const producer = createProducer(config.redis.url, { prefix: config.queue.prefix });
  const s3 = createS3Client(config.s3);
  const blobs = createBlobStore(s3, config.s3.bucket);
  const backups = startBackups(config, { db, logger, metrics, blobs, producer });
  const indexing = startIndexing(config, { db, logger, github, jira, embedder, producer });
  const worklogSync = startWorklogSync(config, { db, logger, jira, producer });
  const chatHandler = chatRunHandler(chatDeps, chatMaxReceiveCount);
  const countedChatHandler: SQSHandler = async (event, context, callback) => {
    admission.admission.started();
    try {
      return await chatHandler(event, context, callback);
    } finally {
      admission.admission.finished();
    }
  };
  chatConsumer = consume(chatRunQueue, countedChatHandler, {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: config.worker.chatConcurrency,
    // A turn streams for a while; the lock is renewed while it runs and lost if the worker dies.
    visibilityTimeoutMs: config.worker.chatVisibilityTimeoutMs,
    maxReceiveCount: chatMaxReceiveCount,
    logger,
  });
  const consumers = [
    chatConsumer,
    backups.consumer,
    ...indexing.consumers,
    worklogSync.consumer,
    startDocs(config, { db, redis, logger, github, model, blobs, producer }),
  ];
  await Promise.all(consumers.map((c) => c.ready()));
  logger.info({ queues: consumers.map((c) => c.queueName) }, "worker consuming");

  // Every Worker task reports every minute, zeros included: the alarms and scaling read `{ Stage }`.
  const queueAdmin = createQueueAdmin(config.redis.url, { prefix: config.queue.prefix });
  const queueMetrics = startQueueMetrics({
    admin: queueAdmin,
    metrics: metrics.scoped({ Stage: config.stage }),
    knownQueues: consumers.map((c) => c.queueName),
    logger,
  });
  // Runs left without a message (a lost enqueue, a restored database) are sent again or failed.
  const reconciler = startReconciler(
    { db, redis, producer, admin: queueAdmin, logger },
    { graceMs: config.reconcile.graceMs },
  );

  const rateLimits: RateLimitSource[] = [
    ...(jira ? [{ api: "jira" as const, remaining: () => jira.rateLimit().remaining }] : []),
    ...(github ? [{ api: "github" as const, remaining: () => github.rateLimits().core?.remaining }] : []),
  ];
  const rateLimitTimer = setInterval(() => recordRateLimits(metrics, rateLimits), 60_000);
  rateLimitTimer.unref();

  // The container's health check: the process is up and its event loop answers.
  const health = createServer((req, res) => {
    const live = req.url === "/health/live";
    res.writeHead(live ? 200 : 404, { "content-type": "application/json" });
    res.end(
      JSON.stringify(live ? { status: "ok" } : { error: { code: "not_found", message: "No such route" } }),
    );
  }).listen(config.http.port, config.http.host);

  const shutdown = onShutdown(logger, config.http.shutdownTimeoutMs, [
    {
      name: "consumers",
      run: () => Promise.all(consumers.map((c) => c.close(config.http.shutdownTimeoutMs - 1000))),
    },
    {
      name: "metrics",
      run: async () => {
        queueMetrics.stop();
        admission.stop();
        clearInterval(rateLimitTimer);
        await queueMetrics.done();
        await Promise.all([metrics.close(), queueAdmin.close()]);
      },
    },
    {
      name: "schedulers",
      run: async () => {
        backups.close();
        indexing.close();
        worklogSync.close();
        reconciler.close();
        await producer.close();
        s3.destroy();
      },
    },
    { name: "health", run: () => new Promise((resolve) => health.close(resolve)) },
    { name: "redis", run: () => redis.quit() },
    { name: "database", run: async () => db.close() },
  ]);
  // Nothing may be acknowledged after a failed WAL sync: hand work back as on SIGTERM, then exit 1.
  onDurabilityLost(db, (err) => shutdown.fail("database durability lost", err));
}

await main();
