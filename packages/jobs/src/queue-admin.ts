import type { SQSMessageAttributes } from "aws-lambda";
import {
  closeConnection,
  openFailFastConnection,
  type RedisConnection,
  waitUntilReady,
  withDeadline,
} from "./connections.ts";
import { enqueue, type MessageJob, type MessageQueue, openMessageQueue } from "./enqueue.ts";
import { toQueueError } from "./errors.ts";
import { DEFAULT_PREFIX, deadLetterQueueName, registryKey } from "./keys.ts";
import { LuaScript } from "./lua-script.ts";
import { MessageGroups } from "./message-groups.ts";
import { assertQueueName } from "./validation.ts";

/**
 * A queue's state, named as SQS's `GetQueueAttributes` names it. Values are numbers (SQS sends
 * strings) because they feed metrics and JSON, not an SQS client.
 */
export interface QueueAttributes {
  /** Messages that can be received now, including grouped ones waiting behind their group's head. */
  ApproximateNumberOfMessages: number;
  /** Messages being handled (received, lock held). */
  ApproximateNumberOfMessagesNotVisible: number;
  /** Messages not yet visible: `DelaySeconds` not elapsed, or waiting for their retry backoff. */
  ApproximateNumberOfMessagesDelayed: number;
  /** Messages in the dead-letter queue (`<name>-dlq`). */
  deadLetters: number;
  /** Age of the oldest message that is visible or being handled; 0 when there is none. */
  oldestMessageAgeSeconds: number;
}

/** A dead-lettered message as `peekDeadLetters` shows it. */
export interface DeadLetterView {
  messageId: string;
  body: string;
  messageAttributes: SQSMessageAttributes;
  sentTimestamp: number;
  lastError: string | null;
  receiveCount: number | null;
  deadLetteredAt: number | null;
}

export interface QueueAdmin {
  getQueueAttributes(queueName: string): Promise<QueueAttributes>;
  /** Names of the queues this layer has sent to or consumed from, sorted. */
  listQueues(): Promise<string[]>;
  /** Moves up to `max` (default 1000) dead letters back to their source queue, oldest first. */
  redrive(queueName: string, options?: { max?: number }): Promise<{ moved: number }>;
  /** The oldest dead letters of `queueName`, with their last error (default limit 10). */
  peekDeadLetters(queueName: string, options?: { limit?: number }): Promise<DeadLetterView[]>;
  /**
   * The bodies of the messages `queueName` still holds: waiting, held behind their group, in their
   * retry backoff or being handled (a dead consumer's too, until another takes it over). At most
   * `limit` (default 10 000), so a caller can tell a message that exists from one that was lost.
   */
  listInFlight(queueName: string, options?: { limit?: number }): Promise<string[]>;
  close(): Promise<void>;
}

// KEYS: wait, paused, active. ARGV: job key prefix. The oldest sent time among the next message to
// be received and the messages being handled (a list keeps the next one at its right end).
const oldestTimestampScript = new LuaScript(`
local oldest = false
local function consider(id)
  if not id then return end
  local ts = tonumber(redis.call('HGET', ARGV[1] .. id, 'timestamp'))
  if ts and (not oldest or ts < oldest) then oldest = ts end
end
consider(redis.call('LINDEX', KEYS[1], -1))
consider(redis.call('LINDEX', KEYS[2], -1))
for _, id in ipairs(redis.call('LRANGE', KEYS[3], 0, 999)) do consider(id) end
return oldest`);

const pendingStates = ["waiting", "prioritized", "active", "delayed"] as const;

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

/**
 * Opens the admin side of the job layer (attributes for metrics and the Api, dead letters, redrive)
 * on a fail-fast connection: with Redis down every call rejects with `QueueUnavailableError`.
 */
export function createQueueAdmin(
  connection: RedisConnection,
  options: { prefix?: string; timeoutMs?: number } = {},
): QueueAdmin {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? 5000;
  const redis = openFailFastConnection(connection, timeoutMs);
  const queues = new Map<string, MessageQueue>();
  const queueFor = (name: string): MessageQueue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = openMessageQueue(name, redis, { prefix, skipMetasUpdate: true });
      queues.set(name, queue);
    }
    return queue;
  };
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      await waitUntilReady(redis, timeoutMs);
      return await withDeadline(work(), timeoutMs);
    } catch (err) {
      throw toQueueError(err);
    }
  };

  const getQueueAttributes = async (queueName: string): Promise<QueueAttributes> => {
    assertQueueName(queueName);
    return guarded(async () => {
      const queue = queueFor(queueName);
      const keys = queue.keys as Record<string, string>;
      const [counts, deadCounts, held, oldestInQueue] = await Promise.all([
        queue.getJobCounts(...pendingStates),
        queueFor(deadLetterQueueName(queueName)).getJobCounts(...pendingStates),
        new MessageGroups(redis, prefix, queueName).heldSummary(),
        oldestTimestampScript.run(
          redis,
          [keys.wait ?? "", keys.paused ?? "", keys.active ?? ""],
          [`${prefix}:${queueName}:`],
        ),
      ]);
      const oldest = [oldestInQueue, held.oldestSentAt].filter((t): t is number => typeof t === "number");
      return {
        ApproximateNumberOfMessages: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + held.count,
        ApproximateNumberOfMessagesNotVisible: counts.active ?? 0,
        ApproximateNumberOfMessagesDelayed: Math.max(0, (counts.delayed ?? 0) - held.count),
        deadLetters: sum(deadCounts),
        oldestMessageAgeSeconds:
          oldest.length === 0 ? 0 : Math.max(0, Math.floor((Date.now() - Math.min(...oldest)) / 1000)),
      };
    });
  };

  const deadLetterJobs = (queueName: string, count: number): Promise<MessageJob[]> =>
    queueFor(deadLetterQueueName(queueName)).getJobs(
      ["waiting", "prioritized", "delayed"],
      0,
      count - 1,
      true,
    );

  const redrive = async (queueName: string, { max = 1000 } = {}) => {
    assertQueueName(queueName);
    return guarded(async () => {
      const target = { queue: queueFor(queueName), groups: new MessageGroups(redis, prefix, queueName) };
      let moved = 0;
      while (moved < max) {
        const jobs = await deadLetterJobs(queueName, Math.min(100, max - moved));
        if (jobs.length === 0) break;
        const messages = jobs.map((job) => {
          const { deadLetter: _, ...stored } = job.data;
          return { stored, delayMs: 0, deduplicate: false };
        });
        await enqueue(target.queue, target.groups, messages);
        // A dead letter taken by a consumer of the dead-letter queue meanwhile stays there too.
        await Promise.allSettled(jobs.map((job) => job.remove()));
        moved += jobs.length;
      }
      return { moved };
    });
  };

  const peekDeadLetters = async (queueName: string, { limit = 10 } = {}): Promise<DeadLetterView[]> => {
    assertQueueName(queueName);
    return guarded(async () =>
      (await deadLetterJobs(queueName, limit)).map((job) => ({
        messageId: job.data.id,
        body: job.data.body,
        messageAttributes: job.data.attributes ?? {},
        sentTimestamp: job.timestamp,
        lastError: job.data.deadLetter?.lastError ?? null,
        receiveCount: job.data.deadLetter?.receiveCount ?? null,
        deadLetteredAt: job.data.deadLetter?.deadLetteredAt ?? null,
      })),
    );
  };

  const listInFlight = async (queueName: string, { limit = 10_000 } = {}): Promise<string[]> => {
    assertQueueName(queueName);
    return guarded(async () => {
      const jobs = await queueFor(queueName).getJobs([...pendingStates], 0, limit - 1, true);
      // A job removed between listing and reading comes back undefined.
      return jobs.flatMap((job) => (job?.data ? [job.data.body] : []));
    });
  };

  return {
    getQueueAttributes,
    listInFlight,
    listQueues: () => guarded(async () => (await redis.smembers(registryKey(prefix))).sort()),
    redrive,
    peekDeadLetters,
    async close() {
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      queues.clear();
      await closeConnection(redis);
    },
  };
}
