import type { SQSHandler } from "aws-lambda";
import { DelayedError, Job, WaitingError } from "bullmq";
import type { Redis } from "ioredis";
import { BatchCollector } from "./batch-collector.ts";
import { createBatchRunner } from "./batch-runner.ts";
import { closeConnection, openWorkerConnection } from "./connections.ts";
import {
  type ConsumeOptions,
  MAX_CONCURRENCY,
  type ResolvedConsumeOptions,
  resolveConsumeOptions,
} from "./consumer-options.ts";
import { DeadLetterQueue } from "./dead-letters.ts";
import { jobId, type MessageJob, type MessageQueue, openMessageQueue } from "./enqueue.ts";
import { checkRedisEvictionPolicy } from "./eviction-policy.ts";
import { registryKey } from "./keys.ts";
import type { StoredMessage } from "./message.ts";
import { MessageGroups } from "./message-groups.ts";
import { MessageWorker, workerConcurrency } from "./message-worker.ts";
import { queueArn, type ReceivedJob } from "./sqs-record.ts";
import { assertQueueName } from "./validation.ts";

export type { ConsumeOptions };

/** A running consumer. */
export interface Consumer {
  readonly queueName: string;
  /** Resolves once the consumer's connections are ready. */
  ready(): Promise<void>;
  /**
   * Stops fetching, lets running batches finish for up to `timeoutMs` (default 10 s), then hands the
   * unfinished messages back to the queue (visible at once, receive count kept) and closes Redis.
   */
  close(timeoutMs?: number): Promise<void>;
  /**
   * Changes how many batches run at once (1 to 1000). Lowering it stops fetching until fewer run;
   * messages already received run on. For admission control: stop taking work while overloaded.
   */
  setConcurrency(concurrency: number): void;
}

interface ConsumerParts {
  queueName: string;
  options: ResolvedConsumeOptions;
  connection: Redis;
  groups: MessageGroups;
  deadLetters: DeadLetterQueue;
  collector: BatchCollector;
}

/** A fetched job is a `ReceivedJob` once its id is known to be set. */
function received(job: MessageJob): ReceivedJob {
  jobId(job);
  return job as ReceivedJob;
}

/** The BullMQ processor of one message: group gate, receive count, batch, then the outcome. */
function messageProcessor(parts: ConsumerParts) {
  const { groups, options, deadLetters, collector } = parts;
  return async (job: MessageJob, token?: string): Promise<void> => {
    const message = received(job);
    let holds = 0;
    // A message added as its group's head stays the head until it finishes (only finishing it
    // advances the group), so only one that was added held back asks its group again.
    if (message.data.groupId !== undefined && (job.opts.delay ?? 0) > 0) {
      const gate = await groups.checkHead(message.id, message.data.groupId, message.timestamp);
      if (!gate.head) {
        await job.moveToDelayed(Date.now() + groups.holdMs, token);
        // The head may have finished meanwhile and failed to promote this message, which was busy.
        if (await groups.isHead(message.id, message.data.groupId)) await job.promote().catch(() => {});
        throw new DelayedError();
      }
      holds = gate.holds;
    }
    const receiveCount = job.attemptsStarted - holds;
    if (receiveCount > options.maxReceiveCount) {
      const lastError = "received more than maxReceiveCount times without an answer (consumer crashed?)";
      await deadLetters.add([{ job: message, lastError, receiveCount: receiveCount - 1 }]);
      return;
    }
    const outcome = await collector.submit(message, receiveCount);
    if (outcome.kind === "retry") throw outcome.error;
    if (outcome.kind === "release") {
      await job.moveToWait(token);
      throw new WaitingError();
    }
  };
}

/** After a grouped message is finished, promotes the next message of its group. */
function groupReleaser(parts: ConsumerParts, sourceQueue: MessageQueue) {
  const pending = new Set<Promise<void>>();
  const release = async (job: MessageJob) => {
    const groupId = job.data.groupId;
    if (groupId === undefined) return;
    const nextId = await parts.groups.advance(jobId(job), groupId);
    if (nextId === null) return;
    const next = await Job.fromId<StoredMessage, unknown, string>(sourceQueue, nextId);
    // Already promoted by its own hold timer: nothing left to do.
    await next?.promote().catch(() => {});
  };
  return {
    onCompleted(job: MessageJob) {
      if (job.data.groupId === undefined) return;
      const running = release(job)
        .catch((err) =>
          parts.options.logger.error(
            { err, queue: parts.queueName },
            "could not release the next grouped message",
          ),
        )
        .finally(() => pending.delete(running));
      pending.add(running);
    },
    settled: () => Promise.allSettled(pending),
  };
}

function createParts(queueName: string, handler: SQSHandler, consumeOptions: ConsumeOptions): ConsumerParts {
  const options = resolveConsumeOptions(queueName, consumeOptions);
  const connection = openWorkerConnection(consumeOptions.connection);
  const deadLetters = new DeadLetterQueue(connection, options.prefix, queueName);
  const arn = queueArn(options.region, queueName);
  const runBatch = createBatchRunner({
    handler,
    invocation: { functionName: options.functionName, invokedFunctionArn: arn, timeoutMs: options.timeoutMs },
    source: { queueArn: arn, region: options.region },
    maxReceiveCount: options.maxReceiveCount,
    deadLetter: (letters) => deadLetters.add(letters),
    logger: options.logger,
  });
  const collector = new BatchCollector({
    batchSize: options.batchSize,
    windowMs: options.batchWindowMs,
    concurrency: options.concurrency,
    run: runBatch,
  });
  const groups = new MessageGroups(connection, options.prefix, queueName, options.groupHoldMs);
  return { queueName, options, connection, groups, deadLetters, collector };
}

/**
 * Consumes `queueName` with a Lambda SQS handler: up to `batchSize` records per call, partial batch
 * failures, retries with backoff, the dead-letter queue after `maxReceiveCount` receives, and
 * redelivery of messages whose consumer died. Warns at start when Redis may evict jobs.
 */
export function consume(queueName: string, handler: SQSHandler, consumeOptions: ConsumeOptions): Consumer {
  assertQueueName(queueName);
  const parts = createParts(queueName, handler, consumeOptions);
  const { options, connection, collector } = parts;
  const sourceQueue = openMessageQueue(queueName, connection, { prefix: options.prefix });
  const releaser = groupReleaser(parts, sourceQueue);
  const worker = new MessageWorker(queueName, messageProcessor(parts), connection, options);
  worker.on("error", (err) => options.logger.error({ err, queue: queueName }, "job worker error"));
  worker.on("completed", (job) => releaser.onCompleted(job));
  let closing: Promise<void> | undefined;
  Promise.all([
    checkRedisEvictionPolicy(connection, options.logger),
    connection.sadd(registryKey(options.prefix), queueName),
  ]).catch((err) => {
    if (!closing) options.logger.error({ err, queue: queueName }, "consumer start-up checks failed");
  });

  const shutdown = async (timeoutMs: number) => {
    const handBack = setTimeout(() => collector.releaseAll(), timeoutMs);
    const closed = worker.close().then(() => true);
    collector.flush();
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    // Handing back needs Redis; when it is away too, stop waiting a little after the bound.
    const gaveUp = new Promise<false>((resolve) => {
      giveUp = setTimeout(() => resolve(false), timeoutMs + 1000);
    });
    const finished = await Promise.race([closed, gaveUp]);
    clearTimeout(handBack);
    clearTimeout(giveUp);
    if (finished) await releaser.settled();
    else await worker.abandon();
    await Promise.allSettled([parts.deadLetters.close(), sourceQueue.close()]);
    await closeConnection(connection);
  };

  return {
    queueName,
    ready: () => worker.waitUntilReady(),
    close: (timeoutMs = 10_000) => {
      closing ??= shutdown(timeoutMs);
      return closing;
    },
    setConcurrency: (concurrency) => {
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new RangeError(
          `concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got ${concurrency}`,
        );
      }
      collector.setConcurrency(concurrency);
      worker.concurrency = workerConcurrency({ batchSize: options.batchSize, concurrency });
    },
  };
}
