import type { JobProducer } from "@finchat/jobs";
import type { Logger } from "../observability/logger.ts";
import { startSlotScheduler } from "../schedule/slots.ts";
import { enqueueBackup } from "./schedule.ts";

export interface BackupSchedulerOptions {
  producer: JobProducer;
  intervalMs: number;
  logger: Logger;
  /** How soon a failed request is tried again (default one minute). */
  retryMs?: number;
  now?: () => Date;
}

/**
 * Requests the current slot's backup now, then one at the start of every following slot, until
 * `stop`. Runs in every Worker task; the deduplication id and the job's own slot check make it one
 * snapshot per slot however many tasks run it.
 */
export function startBackupScheduler(options: BackupSchedulerOptions): { stop(): void } {
  const { producer, ...timing } = options;
  return startSlotScheduler({ ...timing, name: "backup", request: (slot) => enqueueBackup(producer, slot) });
}
