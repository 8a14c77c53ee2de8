/**
 * Every metric Finchat publishes, in the CloudWatch namespace {@link metricsNamespace}. The alarms,
 * dashboard and Worker scaling in stacks/ read some of them by these exact names (a test keeps
 * stacks/metrics.ts in step); docs/operations.md lists them with their dimensions.
 */
export const metricsNamespace = "Finchat";

export const metricNames = {
  /** Api requests, by `Route` (the matched pattern) and `Method`. */
  requests: "Requests",
  /** Api time to the response's headers (ms), by `Route` and `Method`. */
  requestLatency: "RequestLatency",
  /** 1 for a 5xx answer, 0 otherwise: Sum counts them, Average is the error rate. */
  serverErrors: "ServerErrors",
  /** 1 for a 4xx answer, 0 otherwise. */
  clientErrors: "ClientErrors",
  /** Chat runs that ended a delivery, by `Outcome` (completed, failed, cancelled, awaiting_approval). */
  runs: "Runs",
  /** From a run's start to the model's first streamed text (ms). */
  timeToFirstToken: "TimeToFirstToken",
  /** Tool calls by `Tool` and `Ok` (true, false). */
  toolCalls: "ToolCalls",
  /** From a tool call's start to its result (ms), by `Tool`. */
  toolLatency: "ToolLatency",
  /** Model tokens of stored answers, by `Kind` (prompt, completion). */
  modelTokens: "ModelTokens",
  /** Model cost of stored answers in US dollars. */
  modelCost: "ModelCostUsd",
  /** Jobs waiting, summed over queues (dimension `Stage` alone) and per `Queue`. */
  queueDepth: "QueueDepth",
  /** Age of the oldest waiting job in seconds: the largest over queues, and per `Queue`. */
  oldestJobAge: "OldestJobAgeSeconds",
  /** Dead-lettered jobs not redriven yet: summed over queues, and per `Queue`. */
  deadLetterJobs: "DeadLetterJobs",
  /** Chat turns a Worker is running: the mean over the minute, from each Worker (dimension `Stage`). */
  chatTurnsInFlight: "ChatTurnsInFlight",
  /**
   * Turns in flight against the Worker's current capacity (its concurrency, lowered while admission
   * holds new turns back), in percent: the mean over the minute, per Worker, dimension `Stage`. Scale
   * out on its average over the Workers; 100 means every Worker is full or overloaded.
   */
  chatSaturation: "ChatSaturationPercent",
  /** Requests left in the current rate-limit window of an external API, by `Api` (github, jira). */
  rateLimitRemaining: "RateLimitRemaining",
  /** Database backup jobs by `Outcome` (stored, exists, skipped, failed). */
  backups: "Backups",
  /** Size of the last stored backup in bytes. */
  backupBytes: "BackupBytes",
  /** Metric samples this process dropped because CloudWatch was unreachable for too long. */
  metricsDropped: "MetricsDropped",
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];
