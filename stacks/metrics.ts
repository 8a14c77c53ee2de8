/**
 * The metrics the app publishes (namespace `Finchat`, dimension `Stage`), once a minute from every
 * Worker task, zeros included: a missing datapoint means no Worker is reporting. Queue-depth
 * scaling and the alarms read them.
 */
export const appMetrics = {
  namespace: "Finchat",
  /** Jobs waiting to run, summed over all queues. */
  queueDepth: "QueueDepth",
  /** Age in seconds of the oldest waiting job. */
  oldestJobAge: "OldestJobAgeSeconds",
  /** From a chat run's start to the model's first streamed text (ms), dimensions Stage and Service. */
  timeToFirstToken: "TimeToFirstToken",
  /** Jobs moved to a dead-letter queue (retries exhausted) and not redriven yet. */
  deadLetterJobs: "DeadLetterJobs",
} as const;

export function stageDimension(stage: string) {
  return { Stage: stage };
}
