import { Job, type JobsOptions, Queue, type QueueOptions } from "bullmq";
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
 * BullMQ options of a message. A grouped message (its job id known before it is added, for its
 * group) waits only when it does not head its group. A deduplicated message gets its message id as
 * job id too: a duplicate send then answers with the first message's id even after that job is
 * gone. Every other message takes BullMQ's own id, which costs Redis less than a custom one.
 */
function jobOptions(message: OutgoingMessage, groupHoldMs: number, head: boolean | undefined): JobsOptions {
  const options: JobsOptions = {
    attempts: MAX_RECEIVE_COUNT,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: true,
  };
  const delay = head === undefined ? message.delayMs : head ? 0 : groupHoldMs;
  if (delay > 0) options.delay = delay;
  if (head !== undefined) options.jobId = message.stored.id;
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

/**
 * Places grouped messages at the tail of their groups, in send order, before their jobs exist.
 * Answers per message: whether it heads its group, or undefined when it has none.
 */
function placeInGroups(groups: MessageGroups, messages: OutgoingMessage[]): Promise<(boolean | undefined)[]> {
  const sentAt = Date.now();
  return Promise.all(
    messages.map(({ stored }) =>
      stored.groupId === undefined ? undefined : groups.append(stored.id, stored.groupId, sentAt),
    ),
  );
}

/**
 * Settles the groups once the jobs are added: a duplicate leaves its group again (releasing the next
 * message if it was the head), and a message added to wait checks whether the head finished in the
 * meantime without releasing it, as its job did not exist yet.
 */
async function settleGroups(
  queue: MessageQueue,
  groups: MessageGroups,
  placed: { message: OutgoingMessage; job: MessageJob; head: boolean }[],
): Promise<void> {
  for (const { message, job, head } of placed) {
    const { id, groupId } = message.stored;
    if (groupId === undefined) continue;
    if (isDuplicate(message, job)) {
      const next = await groups.withdraw(id, groupId);
      if (next !== null) await (await Job.fromId(queue, next))?.promote().catch(() => {});
    } else if (!head && (await groups.isHead(id, groupId))) {
      await job.promote().catch(() => {});
    }
  }
}

/**
 * Adds messages as BullMQ jobs: grouped ones first take their place in their group's order, then
 * every job is added in one round trip. Returns each message's id: its own, or the first message's
 * id when it was a duplicate.
 */
export async function enqueue(
  queue: MessageQueue,
  groups: MessageGroups,
  messages: OutgoingMessage[],
): Promise<string[]> {
  const heads = messages.some((m) => m.stored.groupId !== undefined)
    ? await placeInGroups(groups, messages)
    : [];
  const options = messages.map((m, i) => jobOptions(m, groups.holdMs, heads[i]));
  const jobs =
    messages.length === 1 && messages[0]
      ? [await queue.add(JOB_NAME, messages[0].stored, options[0])]
      : await queue.addBulk(messages.map((m, i) => ({ name: JOB_NAME, data: m.stored, opts: options[i] })));
  const placed = messages.flatMap((message, i) => {
    const job = jobs[i];
    const head = heads[i];
    return job && head !== undefined ? [{ message, job, head }] : [];
  });
  if (placed.some(({ message, job, head }) => !head || isDuplicate(message, job))) {
    await settleGroups(queue, groups, placed);
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
