import { WorklogSyncJob, worklogSyncQueue } from "@finchat/core/capitalisation/jobs";
import { syncWorklogs } from "@finchat/core/capitalisation/sync";
import type { Client } from "@finchat/core/db";
import type { ProjectAllowList } from "@finchat/core/jira/allow-list";
import type { JiraClient } from "@finchat/core/jira/client";
import type { Logger } from "@finchat/core/observability/logger";
import { isPermanentFailure } from "@finchat/core/search/jobs";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

export interface WorklogSyncDeps {
  db: Client;
  logger: Logger;
  /** Undefined when Jira is not configured: every message is dropped with an error log. */
  jira: JiraClient | undefined;
  /** The projects whose work logs are kept (config.jira.projects). */
  allow: ProjectAllowList;
}

/**
 * The `worklog-sync` handler: brings the allowed projects' work logs up to date from Jira's change
 * feeds (a redelivered message resumes from the stored cursors and rewrites nothing). No Jira, or no
 * allowed project, is logged and dropped; anything else is retried.
 */
export function worklogSyncHandler(deps: WorklogSyncDeps): SQSHandler {
  return recordHandler(worklogSyncQueue, WorklogSyncJob, deps.logger, async (job, record) => {
    const jira = deps.jira;
    if (!jira) {
      deps.logger.error(
        { messageId: record.messageId },
        "dropping worklog-sync message: Jira is not configured",
      );
      return;
    }
    try {
      const result = await syncWorklogs({ db: deps.db, jira, allow: deps.allow, logger: deps.logger });
      deps.logger.info(
        {
          messageId: record.messageId,
          trigger: job.trigger,
          requestedBy: job.requestedBy,
          ...result,
          rejected: result.rejected.length,
        },
        "worklog-sync message handled",
      );
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      deps.logger.error(
        { err, messageId: record.messageId },
        "dropping worklog-sync message that cannot succeed",
      );
    }
  });
}
