import type { Client, Transaction } from "@libsql/client";
import type { Redis } from "ioredis";
import { redisTokenBudget, type TokenBudget } from "../agent/budget.ts";
import { dayOf, tokensOf, tokensUsedTodayStatement } from "../agent/daily-usage.ts";
import {
  type ChatModel,
  generateTitle,
  type PriceTable,
  type RunEvent,
  runTurn,
  storeEnding,
  type ToolRegistry,
  type TurnEnding,
  type TurnInput,
  type TurnLimits,
  type TurnOutcome,
  type Usage,
} from "../agent/index.ts";
import { Conversations, Messages, Runs } from "../db/index.ts";
import { isLocal } from "../db/serialized-client.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { RunEventWriter } from "../runs/event-writer.ts";
import { appendRunEvent } from "../runs/events.ts";
import { isCancelRequested, watchCancel } from "./cancel.ts";
import { cancelledEvent, endStreamOfFinishedRun, internalFailure } from "./end-stream.ts";
import type { ChatRunJob } from "./jobs.ts";
import { observeRun } from "./run-metrics.ts";

export interface ChatRunDeps {
  db: Client;
  redis: Redis;
  model: ChatModel | null;
  registry: ToolRegistry;
  limits: TurnLimits;
  prices?: PriceTable;
  /** Where model calls reserve the daily budget (default: in `redis`, shared by every Worker). */
  budget?: TokenBudget;
  logger: Logger;
  metrics: Metrics;
}

type Emit = (event: RunEvent) => Promise<void>;
/**
 * What one delivery has written about the run's status so far, and the answer text streamed since
 * the last stored step (kept as a partial answer when the turn stops or fails).
 */
type StatusWritten = { running: boolean; completed: boolean; partial: string };

/**
 * Runs one delivery of a `chat-run` message: lets the agent loop answer (streaming every event to
 * the run's stream) and records the outcome. Safe to run twice: a finished run only gets the end
 * of its stream if that is missing, and the loop resumes from what it stored. A redelivered run emits `run.started` again, which tells
 * clients to drop the partial answer they were showing.
 *
 * The run stays `queued` until the delivery stores something: `running` is written with the first
 * tool step, and a run whose conversation already has a title goes straight to `completed` in the
 * transaction that stores its answer. So a plain answer costs one write transaction.
 *
 * Unexpected errors are thrown so the job layer retries; on the last delivery (`finalAttempt`) the
 * run is failed instead, so nobody waits on it forever.
 */
export async function executeChatRun(
  deps: ChatRunDeps,
  job: ChatRunJob,
  options: { finalAttempt: boolean },
): Promise<ChatRunFailure | null> {
  const { db, redis } = deps;
  // Its round trip overlaps the read of the run.
  const cancelled = isCancelRequested(redis, job.runId);
  cancelled.catch(() => {});
  const { run, preloaded } = await readRun(db, job);
  if (!run?.conversationId) return null;
  if (Runs.isFinished(run.status)) {
    await endStreamOfFinishedRun(deps, { ...run, conversationId: run.conversationId });
    return null;
  }
  const observed = observeRun(deps.metrics, (name) => deps.registry.get(name) !== undefined);
  const events = new RunEventWriter(redis, run.id);
  const written: StatusWritten = { running: false, completed: false, partial: "" };
  const emit: Emit = async (event) => {
    observed.event(event);
    if (event.type === "message.delta") written.partial += event.data.text;
    // A model stream asked for again starts its answer over: clients drop what they showed, and so does the partial.
    else if (event.type === "run.started") written.partial = "";
    events.append(event.type, event.data);
  };
  const target = { runId: run.id, userId: job.userId, conversationId: run.conversationId };

  if (await cancelled) {
    await end(deps, target, { status: "cancelled" }, { emit, events, written });
    await events.flush();
    observed.outcome("cancelled");
    return null;
  }
  try {
    await emit({ type: "run.started", data: {} });
    const outcome = await answer(deps, target, { emit, events, written }, preloaded);
    await record(deps, target, outcome, { emit, events, written });
    await events.flush();
    observed.outcome(outcome.status);
    return outcome.status === "failed" ? { ...target, code: outcome.code, message: outcome.message } : null;
  } catch (err) {
    if (!options.finalAttempt) {
      observed.outcome("retried");
      throw err;
    }
    deps.logger.error({ err, runId: run.id }, "chat run failed on its last delivery");
    await Runs.setStatus(db, run.id, "failed", { error: { code: "internal", message: "The run failed" } });
    // The writer stops at its first failure; what it had sent goes before the last word.
    await events.flush().catch(() => {});
    observed.event({ type: "run.failed", data: internalFailure });
    await appendRunEvent(redis, run.id, "run.failed", internalFailure);
    observed.outcome("failed");
    return { ...target, code: "internal", message: "The run failed" };
  }
}

/** How this delivery failed its run, for the caller's log; null when it did not fail one. */
export type ChatRunFailure = {
  runId: string;
  userId: string;
  conversationId: string;
  code: string;
  message: string;
};

type Target = { runId: string; userId: string; conversationId: string };
type Delivery = { emit: Emit; events: RunEventWriter; written: StatusWritten };

/**
 * The run; on a remote database also, in the same round trip (one read batch), what the turn's
 * first pass reads next: the conversation's messages and the user's tokens recorded today.
 */
async function readRun(
  db: Client,
  job: ChatRunJob,
): Promise<{ run: Runs.Run | null; preloaded?: TurnInput["preloaded"] }> {
  if (isLocal(db)) return { run: await Runs.get(db, job.userId, job.runId) };
  const now = new Date();
  const [run, messages, tokens] = await db.batch(
    [
      Runs.getStatement(job.userId, job.runId),
      Messages.listWithRunsOfRun(job.userId, job.runId),
      tokensUsedTodayStatement(job.userId, now),
    ],
    "read",
  );
  const row = run?.rows[0];
  if (!row || !messages || !tokens) return { run: null };
  return {
    run: Runs.toRun(row),
    preloaded: {
      messages: Messages.branchMessagesOf(messages),
      tokensToday: { day: dayOf(now), tokens: tokensOf(tokens) },
    },
  };
}

async function answer(
  deps: ChatRunDeps,
  target: Target,
  delivery: Delivery,
  preloaded?: TurnInput["preloaded"],
): Promise<TurnOutcome> {
  const controller = new AbortController();
  const stopWatching = watchCancel(deps.redis, target.runId, controller);
  try {
    return await runTurn({
      db: deps.db,
      ...target,
      model: deps.model,
      registry: deps.registry,
      limits: deps.limits,
      budget: budgetOf(deps),
      signal: controller.signal,
      emit: delivery.emit,
      eventsStored: () => delivery.events.flush(),
      onStored: (tx, stored) => recordProgress(tx, target, stored, delivery.written),
      ...(preloaded ? { preloaded } : {}),
      onBatched: (stored) => batchedProgress(stored, delivery.written),
      ...(deps.prices ? { prices: deps.prices } : {}),
    });
  } finally {
    stopWatching();
  }
}

const budgets = new WeakMap<Redis, TokenBudget>();

function budgetOf(deps: ChatRunDeps): TokenBudget {
  if (deps.budget) return deps.budget;
  let budget = budgets.get(deps.redis);
  if (!budget) {
    budget = redisTokenBudget(deps.redis);
    budgets.set(deps.redis, budget);
  }
  return budget;
}

/**
 * The run's status, written in the transaction that stores an assistant message: `running` with
 * the first step; `completed` with the answer, unless a title is still to be written after it.
 */
async function recordProgress(
  tx: Transaction,
  target: Target,
  stored: { kind: "step" } | { kind: "final"; usage: Usage },
  written: StatusWritten,
): Promise<void> {
  if (stored.kind === "final") {
    const conversation = await Conversations.find(tx, target.userId, target.conversationId);
    if (conversation && conversation.title !== Conversations.DEFAULT_TITLE) {
      await Runs.setStatus(tx, target.runId, "completed", { usage: stored.usage });
      written.completed = true;
      return;
    }
  }
  // The text streamed before the step's tool calls is stored with the step.
  written.partial = "";
  if (written.running) return;
  await Runs.setStatus(tx, target.runId, "running");
  written.running = true;
}

/** What {@link recordProgress} would have noted, for a step or answer stored in one batch with the run's status. */
function batchedProgress(
  stored: { kind: "step" } | { kind: "final"; status: "completed" | "running" },
  written: StatusWritten,
): void {
  if (stored.kind === "final" && stored.status === "completed") {
    written.completed = true;
    return;
  }
  written.partial = "";
  written.running = true;
}

async function record(
  deps: ChatRunDeps,
  target: Target,
  outcome: TurnOutcome,
  delivery: Delivery,
): Promise<void> {
  const { emit, events, written } = delivery;
  const { db } = deps;
  const { runId } = target;
  if (outcome.status === "completed") {
    if (!written.completed) {
      // The run is completed in the batch that stores the title, or on its own when there is none.
      await generateTitle({
        db,
        model: deps.model,
        ...target,
        budget: { tokens: budgetOf(deps), daily: deps.limits.dailyTokenBudget },
        alsoWrite: {
          statements: [Runs.setStatusStatement(runId, "completed", { usage: outcome.usage })],
          written: () => {
            written.completed = true;
          },
        },
      });
      if (!written.completed) await Runs.setStatus(db, runId, "completed", { usage: outcome.usage });
    }
    await emit({ type: "run.completed", data: {} });
    return;
  }
  // What the loop emitted is stored before the run's status says where it stopped.
  await events.flush();
  switch (outcome.status) {
    case "awaiting_approval":
      await Runs.setStatus(db, runId, "awaiting_approval");
      return;
    case "failed":
      return end(
        deps,
        target,
        { status: "failed", error: { code: outcome.code, message: outcome.message } },
        delivery,
      );
    case "cancelled":
      return end(deps, target, { status: "cancelled" }, delivery);
  }
}

/**
 * Stores how a turn that did not complete ended (its partial answer, its calls that never ran, a
 * title), then tells the stream: each closed call, then `run.failed`.
 */
async function end(deps: ChatRunDeps, target: Target, ending: TurnEnding, delivery: Delivery): Promise<void> {
  const closed = await storeEnding(deps.db, target, ending, delivery.written.partial);
  for (const call of closed) {
    await delivery.emit({
      type: "tool.completed",
      data: { callId: call.id, ok: false, summary: call.summary, outcome: call.outcome },
    });
  }
  await delivery.emit({
    type: "run.failed",
    data: ending.status === "failed" ? ending.error : cancelledEvent,
  });
}
