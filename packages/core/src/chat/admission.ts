import { monitorEventLoopDelay } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { Logger } from "../observability/logger.ts";
import { metricNames } from "../observability/metric-names.ts";
import type { Metrics } from "../observability/metrics.ts";

/**
 * How many chat turns one Worker takes on. A turn is mostly a wait on the model, so the limit is
 * not a small fixed number but what actually runs out: the event loop (every streamed delta is
 * work on it), the heap, and the model provider's rate limit. While any of them is short the
 * Worker stops fetching new turns (they wait in the queue for a Worker that has room, or for this
 * one to recover) and keeps running the ones it has.
 */
export interface AdmissionSettings {
  /** Most turns at once, however healthy the process is. */
  maxConcurrency: number;
  /** p99 event-loop delay over the last sample (ms) above which new turns wait. */
  maxLoopDelayMs: number;
  /** Heap in use, as a percentage of V8's heap limit, above which new turns wait. */
  maxHeapPercent: number;
  /** How long new turns wait after a 429 from the model provider (its retry-after when longer); 0 ignores 429s. */
  rateLimitPauseMs: number;
}

/** What the process looked like over the last sample. */
export interface LoadSample {
  loopDelayP99Ms: number;
  heapPercent: number;
}

export type HoldReason = "event_loop" | "heap" | "rate_limited";

/**
 * The admission decision, without timers: counts turns in flight, and at each sample either holds
 * the capacity at what runs (none replaced while overloaded) or gives the whole maximum back. A
 * gradual refill kept a Worker below its capacity for seconds after a momentary lag (a collection, a
 * neighbour's burst of CPU); BullMQ fetches one turn per round trip anyway, so a recovered Worker
 * refills at the pace of its own fetches, and a Worker that is really short holds again a second later.
 */
export class ChatAdmission {
  readonly #settings: AdmissionSettings;
  readonly #apply: (capacity: number) => void;
  readonly #now: () => number;
  #capacity: number;
  #inFlight = 0;
  #pausedUntil = 0;
  #holding: HoldReason | undefined;
  #window = { samples: 0, inFlight: 0, saturation: 0 };

  constructor(settings: AdmissionSettings, apply: (capacity: number) => void, now = Date.now) {
    this.#settings = settings;
    this.#apply = apply;
    this.#now = now;
    this.#capacity = settings.maxConcurrency;
  }

  get capacity(): number {
    return this.#capacity;
  }
  get inFlight(): number {
    return this.#inFlight;
  }
  /** Why new turns are held back, or undefined while they are admitted. */
  get holding(): HoldReason | undefined {
    return this.#holding;
  }
  /** Turns in flight against the current capacity, in percent. */
  get saturationPercent(): number {
    return (this.#inFlight / this.#capacity) * 100;
  }

  started(): void {
    this.#inFlight++;
  }
  finished(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
  }

  /** Notes a model response; a 429 holds new turns back for the pause or its retry-after. */
  modelResponded(status: number, retryAfterMs?: number): void {
    if (status !== 429 || this.#settings.rateLimitPauseMs === 0) return;
    const pause = Math.max(this.#settings.rateLimitPauseMs, retryAfterMs ?? 0);
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + pause);
  }

  /** Decides the capacity from a sample and applies it when it changed; returns the reason to hold, if any. */
  adjust(sample: LoadSample): HoldReason | undefined {
    const reason = this.#reasonToHold(sample);
    const next = reason
      ? Math.max(1, Math.min(this.#capacity, this.#inFlight))
      : this.#settings.maxConcurrency;
    this.#holding = reason;
    if (next !== this.#capacity) {
      this.#capacity = next;
      this.#apply(next);
    }
    this.#window.samples++;
    this.#window.inFlight += this.#inFlight;
    this.#window.saturation += this.saturationPercent;
    return reason;
  }

  /** Means over the samples since the last call (the current values when there were none), then starts afresh. */
  takeWindow(): { inFlight: number; saturationPercent: number } {
    const { samples, inFlight, saturation } = this.#window;
    this.#window = { samples: 0, inFlight: 0, saturation: 0 };
    if (samples === 0) return { inFlight: this.#inFlight, saturationPercent: this.saturationPercent };
    return { inFlight: inFlight / samples, saturationPercent: saturation / samples };
  }

  #reasonToHold(sample: LoadSample): HoldReason | undefined {
    if (this.#now() < this.#pausedUntil) return "rate_limited";
    if (sample.heapPercent > this.#settings.maxHeapPercent) return "heap";
    if (sample.loopDelayP99Ms > this.#settings.maxLoopDelayMs) return "event_loop";
    return undefined;
  }
}

/** `retry-after-ms` or `retry-after` (seconds or an HTTP date) of a response, in ms. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const loopResolutionMs = 10;

export interface AdmissionLoopOptions {
  settings: AdmissionSettings;
  /** Receives each new capacity: the chat consumer's `setConcurrency`. */
  apply(capacity: number): void;
  /** Scoped to `{ Stage }`: the Worker's scaling reads that dimension set. */
  metrics: Metrics;
  logger: Logger;
  /** How often the load is sampled (default one second). */
  sampleMs?: number;
  /** How often `ChatTurnsInFlight` and `ChatSaturationPercent` are published (default one minute). */
  publishMs?: number;
}

/**
 * Samples event-loop delay and heap every `sampleMs` into a {@link ChatAdmission}, and publishes
 * the means of turns in flight and saturation every `publishMs`, zeros included.
 */
export function startChatAdmission(options: AdmissionLoopOptions) {
  const { logger } = options;
  const admission = new ChatAdmission(options.settings, options.apply);
  const delay = monitorEventLoopDelay({ resolution: loopResolutionMs });
  delay.enable();
  const sample = () => {
    const heap = getHeapStatistics();
    const was = admission.holding;
    const reason = admission.adjust({
      // The histogram records the time between its timer's runs: the delay is what exceeds the interval.
      loopDelayP99Ms: Math.max(0, delay.percentile(99) / 1e6 - loopResolutionMs),
      heapPercent: (heap.used_heap_size / heap.heap_size_limit) * 100,
    });
    delay.reset();
    if (reason && !was)
      logger.warn({ reason, inFlight: admission.inFlight }, "chat admission: holding new turns");
    if (!reason && was)
      logger.info({ capacity: admission.capacity }, "chat admission: taking new turns again");
  };
  const publish = () => {
    const window = admission.takeWindow();
    options.metrics.observe(metricNames.chatTurnsInFlight, window.inFlight, "Count");
    options.metrics.observe(metricNames.chatSaturation, window.saturationPercent, "Percent");
  };
  const sampler = setInterval(sample, options.sampleMs ?? 1000);
  const publisher = setInterval(publish, options.publishMs ?? 60_000);
  sampler.unref();
  publisher.unref();
  return {
    admission,
    /** For `createChatModel`'s `onResponse`. */
    onModelResponse: (response: Response) =>
      admission.modelResponded(response.status, retryAfterMs(response.headers)),
    stop() {
      clearInterval(sampler);
      clearInterval(publisher);
      delay.disable();
    },
  };
}
