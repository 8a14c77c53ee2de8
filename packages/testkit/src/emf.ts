/**
 * Reads CloudWatch embedded-metric-format (EMF) lines the way CloudWatch Logs does: each JSON
 * line with an `_aws.CloudWatchMetrics` directive becomes datapoints, one per metric and
 * dimension set, with the values found under the metric's name. For tests: `captureEmf()`
 * collects what the process writes to stdout.
 */

export interface EmfDatapoint {
  namespace: string;
  name: string;
  unit: string;
  /** The dimension names of the set and their values in the record. */
  dimensions: Record<string, string>;
  values: number[];
  timestamp: number;
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit?: string }[];
}

/** Datapoints of one log line; none when it is not EMF. Throws on EMF that CloudWatch would reject. */
export function parseEmfLine(line: string): EmfDatapoint[] {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return [];
  }
  const aws = record._aws as { Timestamp?: number; CloudWatchMetrics?: Directive[] } | undefined;
  if (!aws?.CloudWatchMetrics) return [];
  if (typeof aws.Timestamp !== "number") throw new Error("EMF record without a numeric _aws.Timestamp");
  const points: EmfDatapoint[] = [];
  for (const directive of aws.CloudWatchMetrics) {
    for (const metric of directive.Metrics) {
      const raw = record[metric.Name];
      const values = Array.isArray(raw) ? raw : [raw];
      if (!values.every((v) => typeof v === "number")) {
        throw new Error(`EMF metric ${metric.Name} has no numeric value`);
      }
      if (values.length > 100) throw new Error(`EMF metric ${metric.Name} has more than 100 values`);
      for (const set of directive.Dimensions) {
        if (set.length > 30) throw new Error("EMF dimension set with more than 30 dimensions");
        const dimensions: Record<string, string> = {};
        for (const key of set) {
          const value = record[key];
          if (typeof value !== "string") throw new Error(`EMF dimension ${key} has no string value`);
          dimensions[key] = value;
        }
        points.push({
          namespace: directive.Namespace,
          name: metric.Name,
          unit: metric.Unit ?? "None",
          dimensions,
          values: values as number[],
          timestamp: aws.Timestamp,
        });
      }
    }
  }
  return points;
}

/** Collects the EMF datapoints the process writes to stdout until `stop()`. */
export function captureEmf() {
  const points: EmfDatapoint[] = [];
  const original = process.stdout.write.bind(process.stdout);
  let pending = "";
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    let passthrough = "";
    for (const line of lines) {
      const parsed = parseEmfLine(line);
      if (parsed.length > 0) points.push(...parsed);
      else passthrough += `${line}\n`;
    }
    if (passthrough === "") {
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }
    return (original as (chunk: string, ...args: unknown[]) => boolean)(passthrough, ...rest);
  }) as typeof process.stdout.write;
  return {
    points,
    /** Datapoints of metric `name`, optionally with these dimension values. */
    find(name: string, dimensions: Record<string, string> = {}) {
      return points.filter(
        (p) => p.name === name && Object.entries(dimensions).every(([k, v]) => p.dimensions[k] === v),
      );
    },
    stop() {
      process.stdout.write = original;
    },
  };
}
