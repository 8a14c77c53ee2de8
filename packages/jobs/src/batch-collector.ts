import type { ReceivedJob } from "./sqs-record.ts";

/** What becomes of one received message once its batch has run. */
export type MessageOutcome =
  | { kind: "done" }
  | { kind: "dead-lettered" }
  | { kind: "retry"; error: Error }
  /** The consumer is closing and the handler did not finish in time: hand the message back now. */
  | { kind: "release" };

export interface BatchEntry {
  job: ReceivedJob;
  receiveCount: number;
  settle(outcome: MessageOutcome): void;
}

export interface BatchCollectorOptions {
  batchSize: number;
  /** How long the first message of a batch waits for more; 0 waits for the current I/O turn only. */
  windowMs: number;
  /** Batches handled at the same time. */
  concurrency: number;
  run(entries: BatchEntry[]): Promise<void>;
}

/**
 * Gathers messages, each fetched and locked by BullMQ on its own, into handler batches. A batch is
 * ready when `batchSize` messages are in or the window after its first one has passed; it runs as
 * soon as fewer than `concurrency` batches are running. Ready messages that wait for a free slot are
 * merged into full batches, so the consumer can fetch the next batch while one runs.
 */
export class BatchCollector {
  readonly #options: BatchCollectorOptions;
  #concurrency: number;
  #filling: BatchEntry[] = [];
  #ready: BatchEntry[] = [];
  #running = 0;
  readonly #unsettled = new Set<BatchEntry>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #immediate: ReturnType<typeof setImmediate> | undefined;

  constructor(options: BatchCollectorOptions) {
    this.#options = options;
    this.#concurrency = options.concurrency;
  }

  /** Changes how many batches run at once; running batches above a lowered limit finish as they are. */
  setConcurrency(concurrency: number): void {
    this.#concurrency = concurrency;
    this.#startReadyBatches();
  }

  /** Adds a message to the next batch; resolves with its outcome once that batch has run. */
  submit(job: ReceivedJob, receiveCount: number): Promise<MessageOutcome> {
    return new Promise((resolve) => {
      const entry: BatchEntry = {
        job,
        receiveCount,
        settle: (outcome) => {
          if (this.#unsettled.delete(entry)) resolve(outcome);
        },
      };
      this.#unsettled.add(entry);
      this.#filling.push(entry);
      if (this.#filling.length >= this.#options.batchSize) this.flush();
      else if (this.#filling.length === 1) this.#scheduleFlush();
    });
  }

  #scheduleFlush(): void {
    const flush = () => this.flush();
    if (this.#options.windowMs > 0) this.#timer = setTimeout(flush, this.#options.windowMs);
    else this.#immediate = setImmediate(flush);
  }

  /** Makes every message gathered so far ready to run, without waiting for the window. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    if (this.#ready.length === 0) this.#ready = this.#filling;
    else this.#ready.push(...this.#filling);
    this.#filling = [];
    this.#startReadyBatches();
  }

  /** Takes the next batch off the ready list (the list itself when it fits, the common case). */
  #takeBatch(): BatchEntry[] {
    if (this.#ready.length <= this.#options.batchSize) {
      const batch = this.#ready;
      this.#ready = [];
      return batch;
    }
    return this.#ready.splice(0, this.#options.batchSize);
  }

  #startReadyBatches(): void {
    while (this.#running < this.#concurrency && this.#ready.length > 0) {
      const batch = this.#takeBatch();
      this.#running++;
      this.#options.run(batch).finally(() => {
        this.#running--;
        this.#startReadyBatches();
      });
    }
  }

  /** Settles every message still waiting for a batch or for its handler with `release`. */
  releaseAll(): void {
    for (const entry of [...this.#unsettled]) entry.settle({ kind: "release" });
    this.#filling = [];
    this.#ready = [];
  }
}
