import type { SQSHandler } from "aws-lambda";
import type { BatchEntry, MessageOutcome } from "./batch-collector.ts";
import type { JobsLogger } from "./connections.ts";
import type { DeadLetter } from "./dead-letters.ts";
import { failedMessageIds, type InvocationInfo, invokeHandler } from "./lambda-invoke.ts";
import { type RecordSource, toSqsRecord } from "./sqs-record.ts";

export interface BatchRunnerOptions {
  handler: SQSHandler;
  invocation: InvocationInfo;
  source: RecordSource;
  maxReceiveCount: number;
  deadLetter(letters: DeadLetter[]): Promise<void>;
  logger: JobsLogger;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

const done: MessageOutcome = { kind: "done" };
const deadLettered: MessageOutcome = { kind: "dead-lettered" };

interface HandlerVerdict {
  failed: ReadonlySet<string>;
  /** Set when the handler threw; failures it reported get a generic error. */
  error: Error | undefined;
}

async function runHandler(options: BatchRunnerOptions, entries: BatchEntry[]): Promise<HandlerVerdict> {
  const batchIds = () => entries.map((entry) => entry.job.data.id);
  try {
    const records = entries.map((entry) => toSqsRecord(entry.job, entry.receiveCount, options.source));
    const response = await invokeHandler(options.handler, { Records: records }, options.invocation);
    return { failed: failedMessageIds(response || undefined, batchIds), error: undefined };
  } catch (err) {
    return { failed: new Set(batchIds()), error: asError(err) };
  }
}

async function deadLetterExhausted(options: BatchRunnerOptions, exhausted: BatchEntry[], error: Error) {
  try {
    const letters = exhausted.map((entry) => ({
      job: entry.job,
      lastError: error.message,
      receiveCount: entry.receiveCount,
    }));
    await options.deadLetter(letters);
    return true;
  } catch (err) {
    // They stay retryable; the next receive finds them past maxReceiveCount and dead-letters them.
    const queue = options.source.queueArn;
    options.logger.error({ err, queue }, "could not move messages to the dead-letter queue");
    return false;
  }
}

/**
 * Runs one batch through the handler and settles each message: done, retry (BullMQ backs off and
 * delivers it again), or dead-lettered when this was its `maxReceiveCount`-th receive.
 */
export function createBatchRunner(options: BatchRunnerOptions): (entries: BatchEntry[]) => Promise<void> {
  return async (entries) => {
    const result = await runHandler(options, entries);
    if (result.failed.size === 0) {
      for (const entry of entries) entry.settle(done);
      return;
    }
    const failed = result.failed;
    // Built only on failure: an Error captures a stack trace, too dear for every batch.
    const error = result.error ?? new Error("the handler reported the message in batchItemFailures");
    const isExhausted = (entry: BatchEntry) =>
      failed.has(entry.job.data.id) && entry.receiveCount >= options.maxReceiveCount;
    const exhausted = entries.filter(isExhausted);
    const moved = exhausted.length > 0 && (await deadLetterExhausted(options, exhausted, error));
    for (const entry of entries) {
      if (!failed.has(entry.job.data.id)) entry.settle(done);
      else if (moved && isExhausted(entry)) entry.settle(deadLettered);
      else entry.settle({ kind: "retry", error });
    }
  };
}
