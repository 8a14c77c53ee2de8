import {
  enqueueWorklogSync,
  WORKLOG_SYNC_INTERVAL_MS,
  worklogSyncQueue,
} from "@finchat/core/capitalisation/jobs";
import type { Config } from "@finchat/core/config";
import type { Client } from "@finchat/core/db";
import { ProjectAllowList } from "@finchat/core/jira/allow-list";
import type { JiraClient } from "@finchat/core/jira/client";
import type { Logger } from "@finchat/core/observability/logger";
import { startSlotScheduler } from "@finchat/core/schedule/slots";
import { consume, type JobProducer } from "@finchat/jobs";
import { worklogSyncHandler } from "./jobs/worklog-sync.ts";

/** Deliveries of a worklog-sync message before it is dead-lettered. */
const maxReceiveCount = 3;

export interface WorklogSyncingDeps {
  db: Client;
  logger: Logger;
  jira: JiraClient | undefined;
  producer: JobProducer;
}

/**
 * The Worker's share of the capitalisation data: the `worklog-sync` consumer, and a scheduler that
 * asks for a sync once per 15-minute slot when Jira and allowed projects are configured (every task
 * asks; the slot deduplicates).
 */
export function startWorklogSync(config: Config, deps: WorklogSyncingDeps) {
  const allow = new ProjectAllowList(config.jira.projects);
  const consumer = consume(worklogSyncQueue, worklogSyncHandler({ ...deps, allow }), {
    connection: config.redis.url,
    prefix: config.queue.prefix,
    batchSize: 1,
    concurrency: 1,
    // A first sync of a large site reads every work log; the lock is renewed meanwhile.
    visibilityTimeoutMs: 5 * 60_000,
    maxReceiveCount,
    logger: deps.logger,
  });
  const scheduler =
    deps.jira && allow.keys.length > 0
      ? startSlotScheduler({
          name: "worklog-sync",
          intervalMs: WORKLOG_SYNC_INTERVAL_MS,
          logger: deps.logger,
          request: (slot) => enqueueWorklogSync(deps.producer, { trigger: "schedule" }, { slot }),
        })
      : undefined;
  return { consumer, close: () => scheduler?.stop() };
}
