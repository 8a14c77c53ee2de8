import { type Job, type JobsOptions, Queue, type QueueOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { StoredMessage } from "./message.ts";
import type { MessageGroups } from "./message-groups.ts";

/** BullMQ job name of every message. */
export const JOB_NAME = "message";
/** SQS's upper bound for `maxReceiveCount`; BullMQ's `attempts` is set to it so the consumer decides. */
export const MAX_RECEIVE_COUNT = 1000;
/** Backoff type whose delays the consumer's `backoffStrategy` computes. */
export const BACKOFF_TYPE = "sqs";
/** SQS keeps deduplication ids for five minutes. */
export const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

export type MessageQueue = Queue<StoredMessage, unknown, string>;
export type MessageJob = Job<StoredMessage, unknown, string>;

/**
 * A BullMQ queue on a shared connection. Its connection errors are ignored here: every call that
 * needs Redis fails on its own, and consumers log the worker's errors. (Without a listener BullMQ
 * prints each one to the console.)
 */
export function openMessageQueue(
  name: string,
  connection: Redis,
  options: Omit<QueueOptions, "connection">,
): MessageQueue {
  const queue: MessageQueue = new Queue(name, { ...options, connection });
  queue.on("error", () => {});
  return queue;
}

export interface OutgoingMessage {
  stored: StoredMessage;
  delayMs: number;
  /** Whether `MessageDeduplicationId` applies (a redriven message skips it). */
  deduplicate: boolean;
}

function isDeduplicated(message: OutgoingMessage): boolean {
  return message.deduplicate && message.stored.deduplicationId !== undefined;
}

/**
 * BullMQ options of a message. Only a deduplicated message gets its message id as BullMQ job id: a
 * duplicate send then answers with the first message's id even after that job is gone. Every other
 * message takes BullMQ's own id, which costs Redis less than a custom one.
 */
function jobOptions(message: OutgoingMessage, groupHoldMs: number): JobsOptions {
  const options: JobsOptions = {
    attempts: MAX_RECEIVE_COUNT,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: true,
  };
  const delay = message.stored.groupId === undefined ? message.delayMs : groupHoldMs;
  if (delay > 0) options.delay = delay;
  const deduplicationId = message.stored.deduplicationId;
  if (isDeduplicated(message) && deduplicationId !== undefined) {
    options.jobId = message.stored.id;
    options.deduplication = { id: deduplicationId, ttl: DEDUPLICATION_WINDOW_MS };
  }
  return options;
}

/** A send answered by an earlier message with the same deduplication id added nothing. */
function isDuplicate(message: OutgoingMessage, job: MessageJob): boolean {
  return isDeduplicated(message) && jobId(job) !== message.stored.id;
}

async function releaseGroupHeads(groups: MessageGroups, messages: OutgoingMessage[], jobs: MessageJob[]) {
  for (const [index, message] of messages.entries()) {
    const job = jobs[index];
    const groupId = message.stored.groupId;
    if (groupId === undefined || job === undefined || isDuplicate(message, job)) continue;
    if (await groups.append(jobId(job), groupId, job.timestamp)) await job.promote();
  }
}

/**
 * Adds messages as BullMQ jobs in one round trip, then places grouped ones in their group's order.
 * Returns each message's id: its own, or the first message's id when it was a duplicate.
 */
export async function enqueue(
  queue: MessageQueue,
  groups: MessageGroups,
  messages: OutgoingMessage[],
): Promise<string[]> {
  const jobs =
    messages.length === 1 && messages[0]
      ? [await queue.add(JOB_NAME, messages[0].stored, jobOptions(messages[0], groups.holdMs))]
      : await queue.addBulk(
          messages.map((m) => ({ name: JOB_NAME, data: m.stored, opts: jobOptions(m, groups.holdMs) })),
        );
  if (messages.some((message) => message.stored.groupId !== undefined)) {
    await releaseGroupHeads(groups, messages, jobs);
  }
  return messages.map((message, index) => {
    const job = jobs[index];
    return job && isDuplicate(message, job) ? jobId(job) : message.stored.id;
  });
}

/** A job's id; BullMQ types it as optional, but every added or fetched job has one. */
export function jobId(job: { id?: string | undefined }): string {
  if (job.id === undefined) throw new Error("BullMQ job without an id");
  return job.id;
}
