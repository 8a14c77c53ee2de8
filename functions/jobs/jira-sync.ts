import type { Client } from "@finchat/core/db";
import type { ProjectAllowList } from "@finchat/core/jira/allow-list";
import type { JiraClient } from "@finchat/core/jira/client";
import type { Logger } from "@finchat/core/observability/logger";
import type { Embedder } from "@finchat/core/search/embedder";
import { indexJiraProject } from "@finchat/core/search/index-jira";
import { isPermanentFailure, JiraSyncJob, jiraSyncQueue } from "@finchat/core/search/jobs";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

export interface JiraSyncDeps {
  db: Client;
  logger: Logger;
  /** Undefined when Jira is not configured: every message is dropped with an error log. */
  jira: JiraClient | undefined;
  /** The projects that may be indexed (config.jira.projects). */
  allow: ProjectAllowList;
  embedder?: Embedder | undefined;
}

/**
 * The `jira-sync` handler: indexes the issues of one allowed project changed since its watermark
 * (a redelivered message re-reads a few minutes of changes and rewrites nothing). A project outside
 * the allow-list, or no Jira at all, is logged and dropped; anything else is retried.
 */
export function jiraSyncHandler(deps: JiraSyncDeps): SQSHandler {
  return recordHandler(jiraSyncQueue, JiraSyncJob, deps.logger, async (job, record) => {
    const jira = deps.jira;
    if (!jira) {
      deps.logger.error(
        { messageId: record.messageId },
        "dropping jira-sync message: Jira is not configured",
      );
      return;
    }
    try {
      await indexJiraProject({
        db: deps.db,
        jira,
        allow: deps.allow,
        project: job.project,
        embedder: deps.embedder,
        logger: deps.logger,
      });
    } catch (err) {
      if (!isPermanentFailure(err)) throw err;
      deps.logger.error(
        { err, messageId: record.messageId, project: job.project },
        "dropping jira-sync message that cannot succeed",
      );
    }
  });
}
