import type { Redis } from "ioredis";
import { appendRunEvents, type NewRunEvent } from "./events.ts";

/**
 * Appends one run's events in call order without making the caller wait for each round trip.
 * Events appended in one turn of the event loop go together, and so do events appended while a
 * round trip is in flight: one XADD, or several in one MULTI/EXEC, so readers wake once for them.
 * With at most one round trip in flight, a failed append stops every later one, so the stream
 * never gets a gap or a reordering: the failure is thrown by the next `append` and by `flush`.
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
    this.#inFlight ??= this.#pump();
  }

  /** Resolves once every event appended so far is stored; rejects with the first failure. */
  async flush(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
    if (this.#failure) throw this.#failure.error;
  }

  async #pump(): Promise<void> {
    // What the rest of this turn of the event loop appends (the deltas of one network read of
    // the model's stream, an answer's last events) goes in the same round trip.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await appendRunEvents(this.#redis, this.#runId, batch);
      } catch (error) {
        this.#failure = { error };
        this.#waiting = [];
      }
    }
    this.#inFlight = null;
  }
}
