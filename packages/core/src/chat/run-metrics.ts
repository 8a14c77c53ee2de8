import type { RunEvent, TurnOutcome } from "../agent/index.ts";
import { metricNames } from "../observability/metric-names.ts";
import type { Metrics } from "../observability/metrics.ts";

/** How one delivery of a chat run ended: the turn's outcome, or an error left to the job layer. */
export type RunDeliveryOutcome = TurnOutcome["status"] | "retried";

export interface RunMetrics {
  /** Call with every event the run emits, before it is appended. */
  event(event: RunEvent): void;
  outcome(outcome: RunDeliveryOutcome): void;
}

/**
 * Turns one delivery's run events into metrics: time to first token (from the delivery's start),
 * tool calls and their latency by tool, model tokens and cost of the stored answer, and the
 * outcome. Tool names the registry does not know (the model invented them) count as `unknown`,
 * so a model cannot create new metrics.
 */
export function observeRun(
  metrics: Metrics,
  knownTools: (name: string) => boolean,
  now: () => number = () => performance.now(),
): RunMetrics {
  const started = now();
  let firstTokenSeen = false;
  const openCalls = new Map<string, { tool: string; at: number }>();
  return {
    event(event) {
      switch (event.type) {
        case "message.delta":
          if (firstTokenSeen) return;
          firstTokenSeen = true;
          metrics.observe(metricNames.timeToFirstToken, now() - started, "Milliseconds");
          return;
        case "tool.started":
          openCalls.set(event.data.callId, {
            tool: knownTools(event.data.name) ? event.data.name : "unknown",
            at: now(),
          });
          return;
        case "tool.completed": {
          const call = openCalls.get(event.data.callId);
          if (!call) return;
          openCalls.delete(event.data.callId);
          metrics.count(metricNames.toolCalls, 1, "Count", { Tool: call.tool, Ok: String(event.data.ok) });
          metrics.observe(metricNames.toolLatency, now() - call.at, "Milliseconds", { Tool: call.tool });
          return;
        }
        case "message.completed": {
          const { usage } = event.data;
          metrics.count(metricNames.modelTokens, usage.promptTokens, "Count", { Kind: "prompt" });
          metrics.count(metricNames.modelTokens, usage.completionTokens, "Count", { Kind: "completion" });
          metrics.count(metricNames.modelCost, Number(usage.costUsd), "None");
          return;
        }
      }
    },
    outcome(outcome) {
      metrics.count(metricNames.runs, 1, "Count", { Outcome: outcome });
    },
  };
}
