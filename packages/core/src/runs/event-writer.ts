import type { Redis } from "ioredis";
import { appendRunEvents, type NewRunEvent } from "./events.ts";

/**
 * Appends one run's events in call order without making the caller wait for each round trip.
 * An event appended while nothing is in flight goes out at once; events appended while a round
 * trip is in flight wait and go together in the next one. With at most one round trip in flight,
 * a failed append stops every later one, so the stream never gets a gap or a reordering: the
 * failure is thrown by the next `append` and by `flush`.
 */
export class RunEventWriter {
  readonly #redis: Redis;
  readonly #runId: string;
  #waiting: NewRunEvent[] = [];
  #inFlight: Promise<void> | null = null;
  #failure: { error: unknown } | null = null;

  constructor(redis: Redis, runId: string) {
    this.#redis = redis;
    this.#runId = runId;
  }

  /** Queues an event; throws the failure of an earlier append instead, if there was one. */
  append(event: string, data: unknown): void {
    if (this.#failure) throw this.#failure.error;
    this.#waiting.push({ event, data });
    if (!this.#inFlight) this.#send();
  }

  /** Resolves once every event appended so far is stored; rejects with the first failure. */
  async flush(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
    if (this.#failure) throw this.#failure.error;
  }

  #send(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#inFlight = appendRunEvents(this.#redis, this.#runId, batch).then(
      () => {
        this.#inFlight = null;
        if (this.#waiting.length > 0) this.#send();
      },
      (error: unknown) => {
        this.#failure = { error };
        this.#waiting = [];
        this.#inFlight = null;
      },
    );
  }
}
