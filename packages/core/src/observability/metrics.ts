import { CloudWatchClient, type MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { Config } from "../config.ts";
import type { Logger } from "./logger.ts";
import { counterDatum, type Dimensions, MetricBuffer, type MetricUnit, toRequests } from "./metric-buffer.ts";
import { metricNames, metricsNamespace } from "./metric-names.ts";

export type { Dimensions, MetricUnit } from "./metric-buffer.ts";

/** Records metric samples. Calls are synchronous, never throw and never wait on the network. */
export interface Metrics {
  /** Adds `value` to a counter (sent as an exact statistic set: sum, count, min, max). */
  count(name: string, value: number, unit: MetricUnit, dimensions?: Dimensions): void;
  /** Records one observation of a distribution (latency, size, a gauge), for percentiles. */
  observe(name: string, value: number, unit: MetricUnit, dimensions?: Dimensions): void;
  /** The same buffer with `dimensions` as the base instead of this one's (e.g. `{ Stage }` alone). */
  scoped(dimensions: Dimensions): Metrics;
}

export interface MetricsStats {
  /** Samples refused and aggregated datums discarded because the buffer was full. */
  dropped: number;
  /** Datums sent and accepted. */
  sent: number;
  /** Datums waiting to be retried after a failed flush. */
  pending: number;
}

/** A {@link Metrics} that also sends what it recorded. */
export interface MetricsPublisher extends Metrics {
  /** Sends everything recorded so far; resolves (never rejects) once sent or put back for retry. */
  flush(): Promise<void>;
  /** Stops the timer, flushes one last time and releases the client. */
  close(): Promise<void>;
  stats(): MetricsStats;
}

export interface PublisherOptions {
  client: CloudWatchClient;
  namespace?: string;
  /** Base dimensions of every sample, e.g. `{ Stage, Service }`. */
  dimensions: Dimensions;
  flushIntervalMs: number;
  /** Bound on datums held (this interval's metrics plus those waiting for a retry). */
  maxBufferedDatums: number;
  logger: Logger;
  /** Longest one PutMetricData call may take, retries included (default 5000). */
  requestTimeoutMs?: number;
}

/**
 * Creates the CloudWatch publisher for `service`, or one that records nothing when metrics are
 * disabled (the local default).
 */
export function createMetrics(
  config: Config["metrics"],
  options: { stage: string; service: string; logger: Logger },
): MetricsPublisher {
  if (!config.enabled) return disabledMetrics();
  const client = new CloudWatchClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 },
  });
  return createPublisher({
    client,
    dimensions: { Stage: options.stage, Service: options.service },
    flushIntervalMs: config.flushIntervalMs,
    maxBufferedDatums: config.maxBufferedDatums,
    logger: options.logger,
  });
}

/** A publisher that records nothing; for disabled metrics and for tests that do not look at them. */
export function disabledMetrics(): MetricsPublisher {
  const metrics: MetricsPublisher = {
    count: () => {},
    observe: () => {},
    scoped: () => metrics,
    flush: async () => {},
    close: async () => {},
    stats: () => ({ dropped: 0, sent: 0, pending: 0 }),
  };
  return metrics;
}

/**
 * Aggregates samples per flush interval and sends them with PutMetricData. While CloudWatch is
 * unreachable, unsent datums are kept for the next flush up to `maxBufferedDatums`; beyond that
 * the oldest are discarded and counted, and the count is published as `MetricsDropped` once
 * CloudWatch answers again. Memory stays bounded whatever happens to the network.
 */
export function createPublisher(options: PublisherOptions): MetricsPublisher {
  const publisher = new CloudWatchPublisher(options);
  const view = (base: Dimensions): Metrics => ({
    count: (name, value, unit, dimensions) =>
      publisher.record("count", name, value, unit, { ...base, ...dimensions }),
    observe: (name, value, unit, dimensions) =>
      publisher.record("observe", name, value, unit, { ...base, ...dimensions }),
    scoped: (dimensions) => view(dimensions),
  });
  return {
    ...view(options.dimensions),
    flush: () => publisher.flush(),
    close: () => publisher.close(),
    stats: () => publisher.stats(),
  };
}

class CloudWatchPublisher {
  readonly #options: PublisherOptions;
  readonly #buffer: MetricBuffer;
  readonly #timer: NodeJS.Timeout;
  #pending: MetricDatum[] = [];
  #dropped = 0;
  #droppedUnreported = 0;
  #sent = 0;
  #failing = false;
  #closed = false;
  #inFlight: Promise<void> | null = null;

  constructor(options: PublisherOptions) {
    this.#options = options;
    this.#buffer = new MetricBuffer(options.maxBufferedDatums);
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs);
    this.#timer.unref();
  }

  record(kind: "count" | "observe", name: string, value: number, unit: MetricUnit, dims: Dimensions): void {
    if (this.#closed) return;
    if (!this.#buffer.add(kind, name, value, unit, dims)) this.#drop(1);
  }

  flush(): Promise<void> {
    this.#inFlight ??= this.#sendAll().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#inFlight;
    await this.flush();
    this.#closed = true;
    this.#options.client.destroy();
  }

  stats(): MetricsStats {
    return { dropped: this.#dropped, sent: this.#sent, pending: this.#pending.length };
  }

  async #sendAll(): Promise<void> {
    const now = new Date();
    const datums = [...this.#pending, ...this.#buffer.drain(now)];
    const report = this.#dropReport(now);
    const requests = toRequests(report ? [report, ...datums] : datums);
    for (const [index, request] of requests.entries()) {
      try {
        await this.#send(request);
      } catch (err) {
        const unsent = requests.slice(index).flat();
        if (report && unsent.includes(report)) this.#droppedUnreported += report.StatisticValues?.Sum ?? 0;
        this.#keepForRetry(unsent.filter((datum) => datum !== report));
        if (!this.#failing) {
          this.#options.logger.warn(
            { err, pending: this.#pending.length },
            "metrics: CloudWatch unreachable, will retry",
          );
        }
        this.#failing = true;
        return;
      }
    }
    this.#keepForRetry([]);
    if (this.#failing)
      this.#options.logger.info({ dropped: this.#dropped }, "metrics: CloudWatch reachable again");
    this.#failing = false;
  }

  async #send(datums: MetricDatum[]): Promise<void> {
    const command = new PutMetricDataCommand({
      Namespace: this.#options.namespace ?? metricsNamespace,
      MetricData: datums,
    });
    await this.#options.client.send(command, {
      abortSignal: AbortSignal.timeout(this.#options.requestTimeoutMs ?? 5000),
    });
    this.#sent += datums.length;
  }

  // The drop count rides along with the next flush but takes no room in the retry buffer: when
  // that flush fails, the count goes back to be reported later.
  #dropReport(now: Date): MetricDatum | null {
    if (this.#droppedUnreported === 0) return null;
    const report = counterDatum(
      metricNames.metricsDropped,
      this.#droppedUnreported,
      this.#options.dimensions,
      now,
    );
    this.#droppedUnreported = 0;
    return report;
  }

  #keepForRetry(datums: MetricDatum[]): void {
    const max = this.#options.maxBufferedDatums;
    const excess = Math.max(0, datums.length - max);
    this.#drop(excess);
    this.#pending = datums.slice(excess);
    this.#buffer.maxSeries = Math.max(0, max - this.#pending.length);
  }

  #drop(count: number): void {
    this.#dropped += count;
    this.#droppedUnreported += count;
  }
}
