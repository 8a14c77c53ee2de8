/** BullMQ's default key prefix; every key of this layer lives under it. */
export const DEFAULT_PREFIX = "bull";

/** The dead-letter queue that receives `queueName`'s messages after `maxReceiveCount` receives. */
export function deadLetterQueueName(queueName: string): string {
  return `${queueName}-dlq`;
}

/** Redis keys of one queue: BullMQ's job keys plus this layer's message-group state. */
export function queueKeys(prefix: string, queueName: string) {
  const base = `${prefix}:${queueName}`;
  return {
    /** BullMQ stores job `id` under `${jobPrefix}${id}`. */
    jobPrefix: `${base}:`,
    /** List of a group's message ids in send order; the head is the one released. */
    group: (groupId: string) => `${base}:sqs:group:${groupId}`,
    /** Sorted set (score: sent time) of grouped messages held behind their group's head. */
    held: `${base}:sqs:held`,
    /** Hash: how often each grouped message was fetched early and held back again. */
    holds: `${base}:sqs:holds`,
  };
}

/** The set of queue names this layer has sent to or consumed from, for `listQueues`. */
export function registryKey(prefix: string): string {
  return `${prefix}:sqs:queues`;
}
