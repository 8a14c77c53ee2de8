import type { Redis } from "ioredis";
import { BACKOFF_TYPE, JOB_NAME, MAX_RECEIVE_COUNT, type MessageQueue, openMessageQueue } from "./enqueue.ts";
import { deadLetterQueueName } from "./keys.ts";
import type { ReceivedJob } from "./sqs-record.ts";

export interface DeadLetter {
  job: ReceivedJob;
  lastError: string;
  receiveCount: number;
}

/**
 * The dead-letter queue of one source queue: a real queue (`<name>-dlq`) that can be consumed,
 * inspected and redriven. A dead letter keeps its message id, body and attributes, plus where it came
 * from, how often it was received and its last error.
 */
export class DeadLetterQueue {
  readonly queue: MessageQueue;
  readonly #sourceQueue: string;

  constructor(connection: Redis, prefix: string, sourceQueue: string) {
    this.#sourceQueue = sourceQueue;
    this.queue = openMessageQueue(deadLetterQueueName(sourceQueue), connection, { prefix });
  }

  /**
   * Adds dead letters in one round trip. Their BullMQ job id is the message id, so adding one twice
   * (a consumer died between this and finishing the message) keeps one.
   */
  async add(letters: DeadLetter[]): Promise<void> {
    const deadLetteredAt = Date.now();
    await this.queue.addBulk(
      letters.map(({ job, lastError, receiveCount }) => ({
        name: JOB_NAME,
        data: {
          ...job.data,
          deadLetter: { sourceQueue: this.#sourceQueue, lastError, receiveCount, deadLetteredAt },
        },
        opts: {
          jobId: job.data.id,
          // SQS keeps the original sent time when it moves a message to the dead-letter queue.
          timestamp: job.timestamp,
          attempts: MAX_RECEIVE_COUNT,
          backoff: { type: BACKOFF_TYPE },
          removeOnComplete: true,
        },
      })),
    );
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
