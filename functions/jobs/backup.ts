import { BackupJob, backupQueue } from "@finchat/core/backup/schedule";
import { type BackupDeps, takeBackup } from "@finchat/core/backup/take-backup";
import { metricNames } from "@finchat/core/observability/metric-names";
import type { Metrics } from "@finchat/core/observability/metrics";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

/**
 * The `backup` handler: one database snapshot per message's slot (see takeBackup). A failed snapshot
 * is retried, and after the last delivery it waits in the dead-letter queue, which the
 * `DeadLetterJobs` alarm reports.
 */
export function backupHandler(deps: BackupDeps & { metrics: Metrics }): SQSHandler {
  return recordHandler(backupQueue, BackupJob, deps.logger, async (job) => {
    try {
      const result = await takeBackup(deps, job.slot);
      deps.metrics.count(metricNames.backups, 1, "Count", { Outcome: result.status });
      if (result.status === "stored") deps.metrics.observe(metricNames.backupBytes, result.bytes, "Bytes");
    } catch (err) {
      deps.metrics.count(metricNames.backups, 1, "Count", { Outcome: "failed" });
      throw err;
    }
  });
}
