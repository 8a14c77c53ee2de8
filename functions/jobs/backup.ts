import { BackupJob } from "@finchat/core/backup/schedule";
import { type BackupDeps, takeBackup } from "@finchat/core/backup/take-backup";
import { metricNames } from "@finchat/core/observability/metric-names";
import type { Metrics } from "@finchat/core/observability/metrics";
import type { SQSBatchItemFailure, SQSHandler } from "aws-lambda";

/**
 * The `backup` handler: one database snapshot per message's slot (see takeBackup). A malformed body
 * is logged and dropped; a failed snapshot is retried, and after the last delivery it waits in the
 * dead-letter queue, which the `DeadLetterJobs` alarm reports.
 */
export function backupHandler(deps: BackupDeps & { metrics: Metrics }): SQSHandler {
  return async (event) => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const job = BackupJob.safeParse(parseJson(record.body));
      if (!job.success) {
        deps.logger.error(
          { messageId: record.messageId, issues: job.error.issues },
          "dropping malformed backup message",
        );
        continue;
      }
      try {
        const result = await takeBackup(deps, job.data.slot);
        deps.metrics.count(metricNames.backups, 1, "Count", { Outcome: result.status });
        if (result.status === "stored") deps.metrics.observe(metricNames.backupBytes, result.bytes, "Bytes");
      } catch (err) {
        deps.logger.error({ err, slot: job.data.slot }, "backup failed, will be retried");
        deps.metrics.count(metricNames.backups, 1, "Count", { Outcome: "failed" });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
