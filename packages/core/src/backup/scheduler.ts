import type { JobProducer } from "@finchat/jobs";
import type { Logger } from "../observability/logger.ts";
import { backupSlot, enqueueBackup } from "./schedule.ts";

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
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  const untilNextSlot = () => {
    const current = now().getTime();
    return Date.parse(backupSlot(now(), options.intervalMs)) + options.intervalMs - current;
  };
  const tick = async () => {
    const slot = backupSlot(now(), options.intervalMs);
    try {
      await enqueueBackup(options.producer, slot);
      schedule(untilNextSlot());
    } catch (err) {
      options.logger.warn({ err, slot }, "backup: could not request the snapshot, will retry");
      schedule(Math.min(options.retryMs ?? 60_000, untilNextSlot()));
    }
  };
  void tick();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
