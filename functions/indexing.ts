import type { Config } from "@finchat/core/config";
import type { Client } from "@finchat/core/db";
import type { GitHubClient } from "@finchat/core/github/client";
import { ProjectAllowList } from "@finchat/core/jira/allow-list";
import type { JiraClient } from "@finchat/core/jira/client";
import type { Logger } from "@finchat/core/observability/logger";
import { openReader } from "@finchat/core/repo/index";
import { startSlotScheduler } from "@finchat/core/schedule/slots";
import type { Embedder } from "@finchat/core/search/embedder";
import { enqueueJiraSync, jiraSyncQueue, repoIndexQueue } from "@finchat/core/search/jobs";
import { consume, type JobProducer } from "@finchat/jobs";
import { jiraSyncHandler } from "./jobs/jira-sync.ts";
import { repoIndexHandler } from "./jobs/repo-index.ts";

/** Deliveries of an indexing message before it is dead-lettered. */
const indexMaxReceiveCount = 3;

export interface IndexingDeps {
  db: Client;
  logger: Logger;
  github: GitHubClient | undefined;
  jira: JiraClient | undefined;
  embedder: Embedder | undefined;
  producer: JobProducer;
}

/**
 * The Worker's share of search indexing: the `repo-index` and `jira-sync` consumers, and a
 * scheduler that asks for every allowed Jira project's sync once per `JIRA_SYNC_INTERVAL_MINUTES`
 * slot (every task asks; the slot deduplicates). Repositories are indexed when documented.
 */
export function startIndexing(config: Config, deps: IndexingDeps) {
  const { db, logger, embedder, producer } = deps;
  const options = {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: 1,
    // Indexing a large repository for the first time takes minutes; the lock is renewed meanwhile.
    visibilityTimeoutMs: 5 * 60_000,
    maxReceiveCount: indexMaxReceiveCount,
    logger,
  };
  const allow = new ProjectAllowList(config.jira.projects);
  const consumers = [
    consume(
      repoIndexQueue,
      repoIndexHandler({
        db,
        logger,
        embedder,
        openReader: (source) => openReader(config, source, { github: deps.github }),
      }),
      options,
    ),
    consume(jiraSyncQueue, jiraSyncHandler({ db, logger, jira: deps.jira, allow, embedder }), options),
  ];
  const projects = deps.jira ? config.jira.projects : [];
  const scheduler =
    projects.length > 0
      ? startSlotScheduler({
          name: "jira-sync",
          intervalMs: config.search.jiraSyncIntervalMs,
          logger,
          request: async (slot) => {
            for (const project of projects) await enqueueJiraSync(producer, project, { slot });
          },
        })
      : undefined;
  return {
    consumers,
    /** Stops asking for syncs; the consumers close with the others. */
    close: () => scheduler?.stop(),
  };
}
