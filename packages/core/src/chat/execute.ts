import type { Client } from "@libsql/client";
import type { Redis } from "ioredis";
import {
  type ChatModel,
  generateTitle,
  type PriceTable,
  type RunEvent,
  runTurn,
  type ToolRegistry,
  type TurnLimits,
  type TurnOutcome,
} from "../agent/index.ts";
import { Runs } from "../db/index.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { appendRunEvent } from "../runs/events.ts";
import { isCancelRequested, watchCancel } from "./cancel.ts";
import type { ChatRunJob } from "./jobs.ts";
import { observeRun } from "./run-metrics.ts";

export interface ChatRunDeps {
  db: Client;
  redis: Redis;
  model: ChatModel | null;
  registry: ToolRegistry;
  limits: TurnLimits;
  prices?: PriceTable;
  logger: Logger;
  metrics: Metrics;
}

const cancelledEvent = { code: "cancelled", message: "Stopped at your request" };

/**
 * Runs one delivery of a `chat-run` message: moves the run to `running`, lets the agent loop
 * answer (streaming every event to the run's stream), and records the outcome. Safe to run twice:
 * a finished run is left alone, and the loop resumes from what it stored. A redelivered run emits
 * `run.started` again, which tells clients to drop the partial answer they were showing.
 *
 * Unexpected errors are thrown so the job layer retries; on the last delivery (`finalAttempt`) the
 * run is failed instead, so nobody waits on it forever.
 */
export async function executeChatRun(
  deps: ChatRunDeps,
  job: ChatRunJob,
  options: { finalAttempt: boolean },
): Promise<void> {
  const { db, redis } = deps;
  const run = await Runs.get(db, job.userId, job.runId);
  if (!run || Runs.isFinished(run.status) || !run.conversationId) return;
  const observed = observeRun(deps.metrics, (name) => deps.registry.get(name) !== undefined);
  const emit = (event: RunEvent) => {
    observed.event(event);
    return appendRunEvent(redis, run.id, event.type, event.data).then(() => undefined);
  };

  if (await isCancelRequested(redis, run.id)) {
    await Runs.setStatus(db, run.id, "cancelled");
    await emit({ type: "run.failed", data: cancelledEvent });
    observed.outcome("cancelled");
    return;
  }
  try {
    await Runs.setStatus(db, run.id, "running");
    await emit({ type: "run.started", data: {} });
    const outcome = await answer(deps, run.id, job.userId, run.conversationId, emit);
    await record(deps, run.id, job.userId, run.conversationId, outcome, emit);
    observed.outcome(outcome.status);
  } catch (err) {
    if (!options.finalAttempt) {
      observed.outcome("retried");
      throw err;
    }
    deps.logger.error({ err, runId: run.id }, "chat run failed on its last delivery");
    await Runs.setStatus(db, run.id, "failed", { error: { code: "internal", message: "The run failed" } });
    await emit({
      type: "run.failed",
      data: { code: "internal", message: "Something went wrong; try again" },
    });
    observed.outcome("failed");
  }
}

async function answer(
  deps: ChatRunDeps,
  runId: string,
  userId: string,
  conversationId: string,
  emit: (event: RunEvent) => Promise<void>,
): Promise<TurnOutcome> {
  const controller = new AbortController();
  const stopWatching = watchCancel(deps.redis, runId, controller);
  try {
    return await runTurn({
      db: deps.db,
      userId,
      conversationId,
      runId,
      model: deps.model,
      registry: deps.registry,
      limits: deps.limits,
      signal: controller.signal,
      emit,
      ...(deps.prices ? { prices: deps.prices } : {}),
    });
  } finally {
    stopWatching();
  }
}

async function record(
  deps: ChatRunDeps,
  runId: string,
  userId: string,
  conversationId: string,
  outcome: TurnOutcome,
  emit: (event: RunEvent) => Promise<void>,
): Promise<void> {
  const { db } = deps;
  switch (outcome.status) {
    case "completed":
      await generateTitle({ db, model: deps.model, userId, conversationId, runId });
      await Runs.setStatus(db, runId, "completed", { usage: outcome.usage });
      await emit({ type: "run.completed", data: {} });
      return;
    case "awaiting_approval":
      await Runs.setStatus(db, runId, "awaiting_approval");
      return;
    case "failed":
      await Runs.setStatus(db, runId, "failed", { error: { code: outcome.code, message: outcome.message } });
      await emit({ type: "run.failed", data: { code: outcome.code, message: outcome.message } });
      return;
    case "cancelled":
      await Runs.setStatus(db, runId, "cancelled");
      await emit({ type: "run.failed", data: cancelledEvent });
      return;
  }
}
