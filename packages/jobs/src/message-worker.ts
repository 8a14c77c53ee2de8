import { type Processor, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ResolvedConsumeOptions } from "./consumer-options.ts";
import type { StoredMessage } from "./message.ts";

/**
 * Messages a consumer holds at once: its running batches plus one more batch, fetched while they
 * run so that Redis and the handler work at the same time instead of taking turns.
 */
export function workerConcurrency(
  options: Pick<ResolvedConsumeOptions, "batchSize" | "concurrency">,
): number {
  return options.batchSize * (options.concurrency + 1);
}

/** The BullMQ worker of one consumer, with SQS-style locking and a way to give up on closing. */
export class MessageWorker extends Worker<StoredMessage, void, string> {
  constructor(
    queueName: string,
    processor: Processor<StoredMessage, void, string>,
    connection: Redis,
    options: ResolvedConsumeOptions,
  ) {
    super(queueName, processor, {
      connection,
      prefix: options.prefix,
      concurrency: workerConcurrency(options),
      lockDuration: options.visibilityTimeoutMs,
      lockRenewTime: options.lockRenewMs,
      stalledInterval: options.stalledIntervalMs,
      // A crash counts as a receive; the processor dead-letters past maxReceiveCount, not BullMQ.
      maxStalledCount: options.maxReceiveCount + 1,
      settings: { backoffStrategy: options.backoffStrategy },
    });
  }

  /**
   * Stops renewing locks and checking for stalled jobs and drops the connections, without waiting
   * for running jobs: for a close that cannot finish (Redis gone). Their locks run out and other
   * consumers receive those messages again, as if this process had died.
   */
  async abandon(): Promise<void> {
    await this.lockManager.close();
    await this.pause(true);
    // ioredis never reports the end of a connection that is between reconnect attempts: don't wait.
    this.disconnect().catch(() => {});
  }
}
