import { randomUUID } from "node:crypto";
import {
  closeConnection,
  openFailFastConnection,
  type RedisConnection,
  waitUntilReady,
  withDeadline,
} from "./connections.ts";
import { enqueue, type MessageQueue, type OutgoingMessage, openMessageQueue } from "./enqueue.ts";
import { QueueUnavailableError, toQueueError } from "./errors.ts";
import { DEFAULT_PREFIX, registryKey } from "./keys.ts";
import type {
  SendMessageBatchEntry,
  SendMessageBatchResult,
  SendMessageInput,
  SendMessageResult,
} from "./message.ts";
import { MessageGroups } from "./message-groups.ts";
import { md5OfBody } from "./sqs-record.ts";
import { assertQueueName, type ValidatedMessage, validateBatch, validateMessage } from "./validation.ts";

export interface ProducerOptions {
  /** BullMQ key prefix (default `bull`). */
  prefix?: string;
  /** Longest a send may take before it fails with `QueueUnavailableError` (default 2000). */
  timeoutMs?: number;
  /** How long a grouped message waits for its turn before it checks its group (default 60 s). */
  groupHoldMs?: number;
}

/** Sends messages with SQS semantics. Every send either enqueues everything it was given or throws. */
export interface JobProducer {
  /** Throws `InvalidMessageError` (nothing enqueued) or `QueueUnavailableError` (Redis down or slow). */
  sendMessage(queueName: string, input: SendMessageInput): Promise<SendMessageResult>;
  /** Sends 1–10 entries in one round trip; all-or-nothing validation like `sendMessage`. */
  sendMessageBatch(queueName: string, entries: SendMessageBatchEntry[]): Promise<SendMessageBatchResult>;
  close(): Promise<void>;
}

interface QueueTarget {
  queue: MessageQueue;
  groups: MessageGroups;
}

function outgoing(message: ValidatedMessage): OutgoingMessage {
  return { stored: message.stored, delayMs: message.delayMs, deduplicate: true };
}

/** The answer to a send; the MD5 is computed only when read, as few callers look at it. */
function sendResult(messageId: string, body: string): SendMessageResult {
  return {
    MessageId: messageId,
    get MD5OfMessageBody() {
      return md5OfBody(body);
    },
  };
}

/**
 * Opens a producer on its own fail-fast Redis connection (no offline queue), so a send fails at once
 * with `QueueUnavailableError` when Redis is down, and after `timeoutMs` when it does not answer.
 */
export function createProducer(connection: RedisConnection, options: ProducerOptions = {}): JobProducer {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? 2000;
  const redis = openFailFastConnection(connection, timeoutMs);
  const targets = new Map<string, Promise<QueueTarget>>();

  const openTarget = async (queueName: string): Promise<QueueTarget> => {
    await waitUntilReady(redis, timeoutMs);
    const queue = openMessageQueue(queueName, redis, { prefix });
    try {
      await Promise.all([queue.waitUntilReady(), redis.sadd(registryKey(prefix), queueName)]);
    } catch (err) {
      await queue.close().catch(() => {});
      throw err;
    }
    return { queue, groups: new MessageGroups(redis, prefix, queueName, options.groupHoldMs) };
  };

  const target = (queueName: string): Promise<QueueTarget> => {
    let opened = targets.get(queueName);
    if (!opened) {
      opened = openTarget(queueName);
      // A queue that could not open (Redis down) is tried afresh on the next send.
      opened.catch(() => targets.delete(queueName));
      targets.set(queueName, opened);
    }
    return opened;
  };

  const send = async (queueName: string, messages: OutgoingMessage[]): Promise<string[]> => {
    if (redis.status === "end") throw new QueueUnavailableError("producer is closed");
    try {
      const sending = target(queueName).then(({ queue, groups }) => enqueue(queue, groups, messages));
      return await withDeadline(sending, timeoutMs);
    } catch (err) {
      throw toQueueError(err);
    }
  };

  return {
    async sendMessage(queueName, input) {
      assertQueueName(queueName);
      const message = outgoing(validateMessage(input, randomUUID()));
      const [messageId = message.stored.id] = await send(queueName, [message]);
      return sendResult(messageId, input.MessageBody);
    },

    async sendMessageBatch(queueName, entries) {
      assertQueueName(queueName);
      const messages = validateBatch(entries, randomUUID).map(outgoing);
      const ids = await send(queueName, messages);
      const Successful = entries.map((entry, index) => ({
        Id: entry.Id,
        MessageId: ids[index] ?? "",
        get MD5OfMessageBody() {
          return md5OfBody(entry.MessageBody);
        },
      }));
      return { Successful, Failed: [] };
    },

    async close() {
      const opened = await Promise.allSettled(targets.values());
      targets.clear();
      for (const result of opened) {
        if (result.status === "fulfilled") await result.value.queue.close().catch(() => {});
      }
      await closeConnection(redis);
    },
  };
}
