import type { Dimension, MetricDatum, StandardUnit } from "@aws-sdk/client-cloudwatch";

export type MetricUnit = StandardUnit;
export type Dimensions = Record<string, string>;

/** CloudWatch's limits on one PutMetricData request (the payload limit with room for the envelope). */
export const requestLimits = { datums: 1000, valuesPerDatum: 150, payloadBytes: 900_000 } as const;

interface Series {
  name: string;
  unit: MetricUnit;
  dimensions: Dimension[];
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Distributions only: rounded value → how often it was seen. */
  values: Map<number, number> | null;
}

/**
 * Samples of the current interval, aggregated per metric (name, unit and dimensions). `count`
 * samples become one statistic set (exact sum, count, min, max); `observe` samples become a
 * distribution of values rounded to two significant digits, so CloudWatch can compute
 * percentiles, at most 150 distinct values per datum. Holds at most `maxSeries` metrics; a sample
 * of a new metric beyond that is refused.
 */
export class MetricBuffer {
  readonly #series = new Map<string, Series>();
  /** How many metrics the buffer may hold; lowered while datums wait for a retry elsewhere. */
  maxSeries: number;

  constructor(maxSeries: number) {
    this.maxSeries = maxSeries;
  }

  /** Metrics with samples in this interval. */
  get size(): number {
    return this.#series.size;
  }

  /** Adds a sample; false when the buffer is full (or the value is not a finite number). */
  add(kind: "count" | "observe", name: string, value: number, unit: MetricUnit, dims: Dimensions): boolean {
    if (!Number.isFinite(value)) return false;
    const dimensions = toDimensions(dims);
    const key = `${kind}\u0000${name}\u0000${unit}\u0000${dimensions.map((d) => `${d.Name}=${d.Value}`).join("\u0000")}`;
    let series = this.#series.get(key);
    if (!series) {
      if (this.#series.size >= this.maxSeries) return false;
      series = { name, unit, dimensions, count: 0, sum: 0, min: value, max: value, values: null };
      if (kind === "observe") series.values = new Map();
      this.#series.set(key, series);
    }
    series.count += 1;
    series.sum += value;
    series.min = Math.min(series.min, value);
    series.max = Math.max(series.max, value);
    if (series.values) {
      const rounded = roundSignificant(value);
      series.values.set(rounded, (series.values.get(rounded) ?? 0) + 1);
    }
    return true;
  }

  /** The interval's datums, stamped `timestamp`, and an empty buffer for the next interval. */
  drain(timestamp: Date): MetricDatum[] {
    const datums = [...this.#series.values()].flatMap((series) => toDatums(series, timestamp));
    this.#series.clear();
    return datums;
  }
}

/** `value` rounded to two significant digits (1234 → 1200, 0.0456 → 0.046): at most 5% off. */
export function roundSignificant(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(2));
}

/** One datum carrying `value` as a single counter sample. */
export function counterDatum(name: string, value: number, dims: Dimensions, timestamp: Date): MetricDatum {
  return {
    MetricName: name,
    Dimensions: toDimensions(dims),
    Unit: "Count",
    Timestamp: timestamp,
    StatisticValues: { SampleCount: 1, Sum: value, Minimum: value, Maximum: value },
  };
}

function toDatums(series: Series, timestamp: Date): MetricDatum[] {
  const base = {
    MetricName: series.name,
    Dimensions: series.dimensions,
    Unit: series.unit,
    Timestamp: timestamp,
  };
  if (!series.values) {
    const { count: SampleCount, sum: Sum, min: Minimum, max: Maximum } = series;
    return [{ ...base, StatisticValues: { SampleCount, Sum, Minimum, Maximum } }];
  }
  const entries = [...series.values.entries()].sort(([a], [b]) => a - b);
  const datums: MetricDatum[] = [];
  for (let i = 0; i < entries.length; i += requestLimits.valuesPerDatum) {
    const chunk = entries.slice(i, i + requestLimits.valuesPerDatum);
    datums.push({ ...base, Values: chunk.map(([value]) => value), Counts: chunk.map(([, count]) => count) });
  }
  return datums;
}

/** Sorted by name, values cut to CloudWatch's 1024 characters, empty values named "none". */
export function toDimensions(dims: Dimensions): Dimension[] {
  return Object.keys(dims)
    .sort()
    .map((Name) => ({ Name, Value: (dims[Name] || "none").slice(0, 1024) }));
}

/**
 * Splits datums into PutMetricData requests within {@link requestLimits}: at most 1000 datums and
 * well under the 1 MB payload each.
 */
export function toRequests(datums: MetricDatum[]): MetricDatum[][] {
  const requests: MetricDatum[][] = [];
  let current: MetricDatum[] = [];
  let bytes = 0;
  for (const datum of datums) {
    const size = JSON.stringify(datum).length + 1;
    if (
      current.length === requestLimits.datums ||
      (current.length > 0 && bytes + size > requestLimits.payloadBytes)
    ) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
