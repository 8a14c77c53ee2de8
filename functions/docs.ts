import type { ChatModel } from "@finchat/core/agent/model";
import type { Config } from "@finchat/core/config";
import type { Client } from "@finchat/core/db";
import { modelWriter } from "@finchat/core/docs/model-writer";
import { type GitHubClient, webUrlFor } from "@finchat/core/github/client";
import type { Logger } from "@finchat/core/observability/logger";
import type { Redis } from "@finchat/core/redis";
import { openReader } from "@finchat/core/repo/index";
import { enqueueRepoIndex } from "@finchat/core/search/jobs";
import type { BlobStore } from "@finchat/core/storage/blob-store";
import { type Consumer, consume, type JobProducer } from "@finchat/jobs";
import { type DocsGenerateDeps, docsGenerateHandler, docsGenerateQueue } from "./jobs/docs-generate.ts";

/** Deliveries of a docs-generate message before it is dead-lettered (and its run failed). */
const docsMaxReceiveCount = 3;

export interface DocsDeps {
  db: Client;
  redis: Redis;
  logger: Logger;
  github: GitHubClient | undefined;
  model: ChatModel | null;
  blobs: BlobStore;
  producer: JobProducer;
}

/**
 * The Worker's share of documentation: the `docs-generate` consumer (model-written pages when a
 * model is configured, the deterministic skeleton otherwise). A newly documented commit is then
 * indexed for search (`repo-index`, deduplicated on the commit).
 */
export function startDocs(config: Config, deps: DocsDeps): Consumer {
  const { logger } = deps;
  const handler = docsGenerateHandler(docsGenerateDeps(config, deps), docsMaxReceiveCount);
  const consumer = consume(docsGenerateQueue, handler, {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: 2,
    // Reading a large repository and writing its pages takes minutes; the lock is renewed meanwhile.
    visibilityTimeoutMs: config.worker.docsVisibilityTimeoutMs,
    maxReceiveCount: docsMaxReceiveCount,
    logger,
  });
  return consumer;
}

/**
 * What the docs-generate handler works with. Citations link to the configured GitHub's web host
 * (GitHub Enterprise's host for its `/api/v3`, the API origin for anything else), not github.com.
 */
export function docsGenerateDeps(config: Config, deps: DocsDeps): DocsGenerateDeps {
  const { db, redis, logger, github, model, blobs, producer } = deps;
  return {
    db,
    redis,
    logger,
    blobs,
    webBase: webUrlFor(config.github.apiUrl),
    openReader: (source, signal) => openReader(config, source, { github, signal }),
    ...(model
      ? { pageWriter: (context) => modelWriter({ model, tokenBudget: config.docs.tokenBudget }, context) }
      : {}),
    onDocumented: (source, commitSha) =>
      enqueueRepoIndex(producer, { ...source, ref: commitSha }, { deduplicationId: commitSha }),
  };
}
