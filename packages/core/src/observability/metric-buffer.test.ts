import { describe, expect, it } from "vitest";
import { MetricBuffer, requestLimits, roundSignificant, toRequests } from "./metric-buffer.ts";

const at = new Date("2025-03-01T12:00:00.000Z");

describe("MetricBuffer", () => {
  it("sums counters exactly into one statistic set per metric and dimension set", () => {
    const buffer = new MetricBuffer(10);
    buffer.add("count", "ModelTokens", 1234, "Count", { Kind: "prompt", Stage: "dev" });
    buffer.add("count", "ModelTokens", 5678, "Count", { Stage: "dev", Kind: "prompt" });
    buffer.add("count", "ModelTokens", 10, "Count", { Stage: "dev", Kind: "completion" });
    const datums = buffer.drain(at);
    expect(datums).toHaveLength(2);
    expect(datums[0]).toEqual({
      MetricName: "ModelTokens",
      Dimensions: [
        { Name: "Kind", Value: "prompt" },
        { Name: "Stage", Value: "dev" },
      ],
      Unit: "Count",
      Timestamp: at,
      StatisticValues: { SampleCount: 2, Sum: 6912, Minimum: 1234, Maximum: 5678 },
    });
    expect(buffer.size).toBe(0);
  });

  it("keeps observations as a distribution of rounded values, 150 distinct values per datum", () => {
    const buffer = new MetricBuffer(10);
    for (const ms of [12.3, 12.4, 120, 1234]) buffer.add("observe", "Latency", ms, "Milliseconds", {});
    const [datum] = buffer.drain(at);
    expect(datum).toMatchObject({ Values: [12, 120, 1200], Counts: [2, 1, 1] });

    for (let i = 1; i <= 400; i++) buffer.add("observe", "Spread", i * 1000 + i, "None", {});
    const spread = buffer.drain(at);
    expect(spread.every((d) => (d.Values?.length ?? 0) <= requestLimits.valuesPerDatum)).toBe(true);
    expect(spread.flatMap((d) => d.Counts ?? []).reduce((a, b) => a + b, 0)).toBe(400);
  });

  it("refuses new metrics beyond its bound but still adds to the ones it holds", () => {
    const buffer = new MetricBuffer(2);
    expect(buffer.add("count", "A", 1, "Count", {})).toBe(true);
    expect(buffer.add("count", "B", 1, "Count", {})).toBe(true);
    expect(buffer.add("count", "C", 1, "Count", {})).toBe(false);
    expect(buffer.add("count", "A", 1, "Count", {})).toBe(true);
    expect(buffer.add("count", "A", Number.NaN, "Count", {})).toBe(false);
    expect(buffer.drain(at).map((d) => d.StatisticValues?.Sum)).toEqual([2, 1]);
  });

  it("names an empty dimension value instead of sending one CloudWatch refuses", () => {
    const buffer = new MetricBuffer(2);
    buffer.add("count", "A", 1, "Count", { Route: "" });
    expect(buffer.drain(at)[0]?.Dimensions).toEqual([{ Name: "Route", Value: "none" }]);
  });
});

describe("roundSignificant", () => {
  it("keeps two significant digits", () => {
    expect([0, 0.0456, 7, 12.5, 999, 1234, -87].map(roundSignificant)).toEqual([
      0, 0.046, 7, 13, 1000, 1200, -87,
    ]);
  });
});

describe("toRequests", () => {
  it("puts at most 1000 datums and under 1 MB in one request", () => {
    const small = Array.from({ length: 2500 }, (_, i) => ({ MetricName: `M${i}`, Value: i }));
    expect(toRequests(small).map((r) => r.length)).toEqual([1000, 1000, 500]);

    const wide = Array.from({ length: 600 }, (_, i) => ({
      MetricName: `Wide${i}`,
      Values: Array.from({ length: 150 }, (_, v) => v + 0.123456789),
      Counts: Array.from({ length: 150 }, () => 1000),
    }));
    const requests = toRequests(wide);
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) {
      expect(JSON.stringify(request).length).toBeLessThanOrEqual(requestLimits.payloadBytes + request.length);
    }
    expect(requests.flat()).toHaveLength(600);
  });
});
