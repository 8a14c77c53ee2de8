import { deadLetterQueueName, type QueueAdmin, type QueueAttributes } from "@finchat/jobs";
import type { Logger } from "./logger.ts";
import { metricNames } from "./metric-names.ts";
import type { Metrics } from "./metrics.ts";

export interface QueueMetricsOptions {
  admin: Pick<QueueAdmin, "getQueueAttributes" | "listQueues">;
  /** Scoped to `{ Stage }` alone: the alarms and the Worker's scaling read exactly that dimension set. */
  metrics: Metrics;
  /** Queues reported even before anything was sent to them, so their zeros are published. */
  knownQueues: readonly string[];
  logger: Logger;
  /** Default one minute, the alarms' period. */
  intervalMs?: number;
}

/**
 * Records queue depth, oldest waiting age and dead letters for every queue: per queue (dimension
 * `Queue`) and over all queues (depth and dead letters summed, the oldest age the largest), zeros
 * included. When Redis does not answer nothing is recorded, so the `OldestJobAge` alarm (missing
 * data breaches) fires as it does when no Worker reports.
 */
export async function recordQueueMetrics(options: QueueMetricsOptions): Promise<void> {
  const { metrics } = options;
  const all = [...new Set([...options.knownQueues, ...(await options.admin.listQueues())])];
  // A dead-letter queue is reported as its source queue's dead letters.
  const names = all.filter((name) => !all.some((source) => deadLetterQueueName(source) === name));
  const attributes = await Promise.all(names.map((name) => options.admin.getQueueAttributes(name)));
  const total = { depth: 0, oldest: 0, dead: 0 };
  for (const [index, name] of names.entries()) {
    const queue = summarize(attributes[index] as QueueAttributes);
    metrics.observe(metricNames.queueDepth, queue.depth, "Count", { Queue: name });
    metrics.observe(metricNames.oldestJobAge, queue.oldest, "Seconds", { Queue: name });
    metrics.observe(metricNames.deadLetterJobs, queue.dead, "Count", { Queue: name });
    total.depth += queue.depth;
    total.oldest = Math.max(total.oldest, queue.oldest);
    total.dead += queue.dead;
  }
  metrics.observe(metricNames.queueDepth, total.depth, "Count");
  metrics.observe(metricNames.oldestJobAge, total.oldest, "Seconds");
  metrics.observe(metricNames.deadLetterJobs, total.dead, "Count");
}

function summarize(attributes: QueueAttributes) {
  return {
    depth: attributes.ApproximateNumberOfMessages,
    oldest: attributes.oldestMessageAgeSeconds,
    dead: attributes.deadLetters,
  };
}

/** Records queue metrics now and every interval until `stop`; a failed round is logged and skipped. */
export function startQueueMetrics(options: QueueMetricsOptions): { stop(): void; done(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = recordQueueMetrics(options).catch((err) =>
      options.logger.warn({ err }, "queue metrics: could not read the queues"),
    );
  };
  round();
  const timer = setInterval(round, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    /** The round in progress, e.g. to flush after it at shutdown. */
    done: () => running,
  };
}
