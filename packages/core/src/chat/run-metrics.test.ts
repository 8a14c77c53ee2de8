import { describe, expect, it } from "vitest";
import type { Dimensions, Metrics, MetricUnit } from "../observability/metrics.ts";
import { observeRun } from "./run-metrics.ts";

type Sample = { kind: string; name: string; value: number; unit: MetricUnit; dimensions: Dimensions };

function recorder(): Metrics & { samples: Sample[] } {
  const samples: Sample[] = [];
  const metrics = {
    samples,
    count: (name: string, value: number, unit: MetricUnit, dimensions: Dimensions = {}) =>
      samples.push({ kind: "count", name, value, unit, dimensions }),
    observe: (name: string, value: number, unit: MetricUnit, dimensions: Dimensions = {}) =>
      samples.push({ kind: "observe", name, value, unit, dimensions }),
    scoped: () => metrics,
  };
  return metrics;
}

describe("observeRun", () => {
  it("measures first token, tools, tokens, cost and outcome from a run's events", () => {
    const metrics = recorder();
    let clock = 1000;
    const run = observeRun(
      metrics,
      (name) => name === "npv",
      () => clock,
    );
    clock = 1250;
    run.event({ type: "message.delta", data: { text: "Let me" } });
    clock = 1300;
    run.event({ type: "message.delta", data: { text: " check" } });
    run.event({ type: "tool.started", data: { callId: "a", name: "npv", args: {} } });
    run.event({ type: "tool.started", data: { callId: "b", name: "made_up", args: {} } });
    clock = 1340;
    run.event({ type: "tool.completed", data: { callId: "a", ok: true, summary: "" } });
    run.event({ type: "tool.completed", data: { callId: "b", ok: false, summary: "" } });
    run.event({
      type: "message.completed",
      data: {
        messageId: "m",
        content: "",
        citations: [],
        usage: { promptTokens: 900, completionTokens: 40, totalTokens: 940, costUsd: "0.0012500000" },
      },
    });
    run.outcome("completed");

    expect(metrics.samples).toEqual([
      { kind: "observe", name: "TimeToFirstToken", value: 250, unit: "Milliseconds", dimensions: {} },
      { kind: "count", name: "ToolCalls", value: 1, unit: "Count", dimensions: { Tool: "npv", Ok: "true" } },
      { kind: "observe", name: "ToolLatency", value: 40, unit: "Milliseconds", dimensions: { Tool: "npv" } },
      {
        kind: "count",
        name: "ToolCalls",
        value: 1,
        unit: "Count",
        dimensions: { Tool: "unknown", Ok: "false" },
      },
      {
        kind: "observe",
        name: "ToolLatency",
        value: 40,
        unit: "Milliseconds",
        dimensions: { Tool: "unknown" },
      },
      { kind: "count", name: "ModelTokens", value: 900, unit: "Count", dimensions: { Kind: "prompt" } },
      { kind: "count", name: "ModelTokens", value: 40, unit: "Count", dimensions: { Kind: "completion" } },
      { kind: "count", name: "ModelCostUsd", value: 0.00125, unit: "None", dimensions: {} },
      { kind: "count", name: "Runs", value: 1, unit: "Count", dimensions: { Outcome: "completed" } },
    ]);
  });
});
