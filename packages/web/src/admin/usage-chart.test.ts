import { describe, expect, it } from "vitest";
import { drawableMetric, usageBars } from "./usage-chart.tsx";

describe("usage per user and model", () => {
  const rows = [
    { email: "a@x.com", userId: "u1", model: "gpt-4.1-mini", totalTokens: 100, costUsd: "0.0010" },
    { email: "a@x.com", userId: "u1", model: "gpt-4.1-mini", totalTokens: 50, costUsd: "0.0005" },
    { email: "a@x.com", userId: "u1", model: "gpt-4.1", totalTokens: 10, costUsd: "0.0100" },
    { email: "b@x.com", userId: "u2", model: "gpt-4.1-mini", totalTokens: 400, costUsd: "0.0040" },
  ];

  it("sums each user's rows per model, biggest spender first", () => {
    const { bars, models } = usageBars(rows, "cost");
    expect(models).toEqual(["gpt-4.1", "gpt-4.1-mini"]);
    expect(bars.map((b) => b.user)).toEqual(["a@x.com", "b@x.com"]);
    expect(bars[0]?.segments).toEqual([
      { model: "gpt-4.1-mini", value: 0.0015 },
      { model: "gpt-4.1", value: 0.01 },
    ]);
  });

  it("ranks by tokens when asked", () => {
    expect(usageBars(rows, "tokens").bars.map((b) => [b.user, b.total])).toEqual([
      ["b@x.com", 400],
      ["a@x.com", 160],
    ]);
  });

  it("draws tokens when no model has a price, instead of saying there was no usage", () => {
    const unpriced = rows.map((row) => ({ ...row, costUsd: "0.0000000000" }));
    expect(drawableMetric(unpriced, "cost")).toBe("tokens");
    expect(drawableMetric(rows, "cost")).toBe("cost");
    expect(drawableMetric([], "cost")).toBe("cost");
  });
});
