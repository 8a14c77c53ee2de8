/**
 * The metrics the app publishes (namespace `Finchat`, dimension `Stage`), once a minute from every
 * Worker task, zeros included: a missing datapoint means no Worker is reporting. Worker scaling
 * (saturation, queue depth per task, oldest job age) and the alarms read them.
 */
export const appMetrics = {
  namespace: "Finchat",
  /** Jobs waiting to run, summed over all queues. */
  queueDepth: "QueueDepth",
  /** Age in seconds of the oldest waiting job. */
  oldestJobAge: "OldestJobAgeSeconds",
  /** From a chat run's start to the model's first streamed text (ms), dimensions Stage and Service. */
  timeToFirstToken: "TimeToFirstToken",
  /** Chat turns a Worker task is running right now (each task publishes its own). */
  chatTurnsInFlight: "ChatTurnsInFlight",
  /** Turns in flight / the task's chat capacity × 100; its Average over tasks drives scaling. */
  chatSaturationPercent: "ChatSaturationPercent",
  /** Jobs moved to a dead-letter queue (retries exhausted) and not redriven yet. */
  deadLetterJobs: "DeadLetterJobs",
} as const;

export function stageDimension(stage: string) {
  return { Stage: stage };
}
