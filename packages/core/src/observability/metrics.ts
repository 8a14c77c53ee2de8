import { Metrics as EmfMetrics } from "@aws-lambda-powertools/metrics";
import type { Config } from "../config.ts";
import type { Logger } from "./logger.ts";
import { metricNames, metricsNamespace } from "./metric-names.ts";

export type MetricUnit = "Count" | "Milliseconds" | "Seconds" | "Bytes" | "Percent" | "None";
export type Dimensions = Record<string, string>;

/** Records metric samples. Calls are synchronous, never throw and never wait on the network. */
export interface Metrics {
  /** Adds `value` to a counter: one value per interval, the interval's sum. */
  count(name: string, value: number, unit: MetricUnit, dimensions?: Dimensions): void;
  /** Records one observation of a distribution (latency, size, a gauge), for percentiles. */
  observe(name: string, value: number, unit: MetricUnit, dimensions?: Dimensions): void;
  /** The same recorder with `dimensions` as the base instead of this one's (e.g. `{ Stage }` alone). */
  scoped(dimensions: Dimensions): Metrics;
}

/** A {@link Metrics} that also writes what it recorded. */
export interface MetricsPublisher extends Metrics {
  /** Writes everything recorded since the last flush (never rejects). */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time. */
  close(): Promise<void>;
}

export interface EmfOptions {
  namespace?: string;
  /** Base dimensions of every sample, e.g. `{ Stage, Service }`. */
  dimensions: Dimensions;
  flushIntervalMs: number;
  /** Bound on distinct metric series (name and dimensions) held in one interval. */
  maxSeries: number;
  logger: Logger;
}

/**
 * Creates the metrics of `service`: CloudWatch embedded metric format (EMF) lines on stdout, which
 * the container's log driver sends to CloudWatch Logs, where CloudWatch turns them into metrics. No
 * API calls, credentials or retries: a record that reaches the log group is a metric. When
 * metrics are disabled (the local default) nothing is recorded.
 */
export function createMetrics(
  config: Config["metrics"],
  options: { stage: string; service: string; logger: Logger },
): MetricsPublisher {
  if (!config.enabled) return disabledMetrics();
  return createEmfPublisher({
    dimensions: { Stage: options.stage, Service: options.service },
    flushIntervalMs: config.flushIntervalMs,
    maxSeries: config.maxSeries,
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
  };
  return metrics;
}

interface Series {
  /** Powertools' EMF writer for this dimension set: it buffers observations (flushing on its own
   * at 100 values of one metric) and writes one EMF line per publish. */
  emf: EmfMetrics;
  counters: Map<string, { sum: number; unit: MetricUnit }>;
}

/**
 * Aggregates counters per interval and hands observations to Powertools Metrics, one instance per
 * dimension set; every `flushIntervalMs` each series with samples becomes an EMF line. At most
 * `maxSeries` series are held: a sample of a new series beyond that is dropped, and the number
 * dropped is published as `MetricsDropped` with the base dimensions. Memory stays bounded.
 */
export function createEmfPublisher(options: EmfOptions): MetricsPublisher {
  const namespace = options.namespace ?? metricsNamespace;
  const series = new Map<string, Series>();
  let dropped = 0;
  let closed = false;

  const seriesFor = (dimensions: Dimensions, beyondLimit = false): Series | undefined => {
    const key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    const found = series.get(key);
    if (found) return found;
    if (series.size >= options.maxSeries && !beyondLimit) return undefined;
    const emf = new EmfMetrics({ namespace, serviceName: "finchat" });
    // Powertools adds a `service` dimension by default; Finchat's metrics carry exactly theirs.
    emf.clearDefaultDimensions();
    emf.setDefaultDimensions(dimensions);
    const created = { emf, counters: new Map() };
    series.set(key, created);
    return created;
  };

  const record = (
    kind: "count" | "observe",
    name: string,
    value: number,
    unit: MetricUnit,
    dims: Dimensions,
    beyondLimit = false,
  ) => {
    if (closed || !Number.isFinite(value)) return;
    if (name.length < 1 || name.length > 255) {
      options.logger.warn({ metric: name }, "metrics: sample refused (name must have 1 to 255 characters)");
      return;
    }
    const target = seriesFor(dims, beyondLimit);
    if (!target) {
      dropped++;
      return;
    }
    try {
      if (kind === "observe") {
        target.emf.addMetric(name, unit, value);
        return;
      }
      const counter = target.counters.get(name);
      if (counter) counter.sum += value;
      else target.counters.set(name, { sum: value, unit });
    } catch (err) {
      // Powertools refuses invalid names or too many dimensions: a bug at the call site, never a crash.
      options.logger.warn({ err: String(err), metric: name }, "metrics: sample refused");
    }
  };

  const flush = async () => {
    if (dropped > 0) {
      // The one series allowed past the limit: the report of what the limit dropped.
      record("count", metricNames.metricsDropped, dropped, "Count", options.dimensions, true);
      dropped = 0;
    }
    for (const [key, { emf, counters }] of series) {
      series.delete(key);
      try {
        for (const [name, { sum, unit }] of counters) emf.addMetric(name, unit, sum);
        if (emf.hasStoredMetrics()) emf.publishStoredMetrics();
      } catch (err) {
        options.logger.warn({ err: String(err) }, "metrics: series not written");
      }
    }
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();

  const view = (base: Dimensions): Metrics => ({
    count: (name, value, unit, dimensions) => record("count", name, value, unit, { ...base, ...dimensions }),
    observe: (name, value, unit, dimensions) =>
      record("observe", name, value, unit, { ...base, ...dimensions }),
    scoped: (dimensions) => view(dimensions),
  });
  return {
    ...view(options.dimensions),
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
      closed = true;
    },
  };
}
