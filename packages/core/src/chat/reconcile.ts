import type { JobProducer, QueueAdmin } from "@finchat/jobs";
import type { Client } from "@libsql/client";
import type { Redis } from "ioredis";
import { type PendingCall, pendingApproval } from "../agent/approvals.ts";
import { Runs } from "../db/index.ts";
import type { Run } from "../db/runs.ts";
import type { Logger } from "../observability/logger.ts";
import {
  allRunEvents,
  appendRunEvent,
  appendRunEvents,
  lastRunEvent,
  type StoredRunEvent,
  terminalEvents,
  truncateRunEvents,
} from "../runs/events.ts";
import { ChatRunJob, chatRunQueue, enqueueChatRun } from "./jobs.ts";

/**
 * Runs changed more recently than this are left alone: the Api may be between committing a turn (or
 * an approval) and sending its job. Far longer than that window, far shorter than anyone waits.
 */
export const RECONCILE_GRACE_MS = 2 * 60_000;
/** Sends of one run by the reconciler before it fails the run instead of sending it again. */
export const MAX_RECONCILE_SENDS = 3;
/** What a run the reconciler gives up on fails with. */
export const interruptedFailure = {
  code: "interrupted",
  message: "This answer was interrupted and could not be resumed; ask again.",
};

export interface ReconcileDeps {
  db: Client;
  redis: Redis;
  producer: JobProducer;
  admin: Pick<QueueAdmin, "listInFlight">;
  logger: Logger;
}
export type ReconcileOptions = { graceMs?: number; now?: Date; limit?: number; maxSends?: number };
export type ReconcileReport = { checked: number; resent: number; failed: number; streamsCut: number };

/**
 * Brings every chat run that stopped short of a final state back on track: a run with no message in
 * the queue (its enqueue was lost, or the database was restored to before it finished) is sent
 * again, from where its stored steps leave off, or failed with `interrupted` once it has been sent
 * `maxSends` times; a run waiting for an approval that is still pending is left to the person. A
 * run's event stream that ran ahead of the database (it ends, though the run did not) is cut back
 * first, so what clients replay matches what is stored. Safe to run from several Workers at once:
 * sends are deduplicated per attempt and handling a run twice is harmless.
 */
export async function reconcileChatRuns(
  deps: ReconcileDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const updatedBefore = new Date(now.getTime() - (options.graceMs ?? RECONCILE_GRACE_MS)).toISOString();
  const candidates = await Runs.listUnfinished(deps.db, {
    kind: "chat",
    updatedBefore,
    limit: options.limit ?? 500,
  });
  const report: ReconcileReport = { checked: candidates.length, resent: 0, failed: 0, streamsCut: 0 };
  if (candidates.length === 0) return report;
  // Listed after the runs: a message that finished in between leaves its run finished, which the
  // re-read below sees; one sent in between belongs to a run changed within the grace period.
  const live = await liveRunIds(deps.admin);
  for (const candidate of candidates) {
    if (live.has(candidate.id)) continue;
    const run = await Runs.get(deps.db, candidate.userId, candidate.id);
    if (!run?.conversationId || Runs.isFinished(run.status) || run.updatedAt !== candidate.updatedAt)
      continue;
    const outcome = await reconcileRun(deps, { ...run, conversationId: run.conversationId }, options);
    if (outcome.cut > 0) report.streamsCut += 1;
    if (outcome.action === "resent") report.resent += 1;
    if (outcome.action === "failed") report.failed += 1;
  }
  if (report.resent + report.failed + report.streamsCut > 0) deps.logger.warn(report, "reconciled chat runs");
  return report;
}

type ChatRun = Run & { conversationId: string };
type Outcome = { action: "resent" | "failed" | "left"; cut: number };

async function reconcileRun(deps: ReconcileDeps, run: ChatRun, options: ReconcileOptions): Promise<Outcome> {
  const { db, redis } = deps;
  if (run.status === "awaiting_approval") {
    const pending = await pendingApproval(db, run.id);
    if (pending) return { action: "left", cut: await alignAwaitingStream(redis, run.id, pending) };
  }
  const cut = await cutEndedStream(redis, run.id);
  const sendsKey = `run:${run.id}:reconciled`;
  const [[, sends] = [null, 1]] = ((await redis
    .multi()
    .incr(sendsKey)
    .expire(sendsKey, 24 * 3600)
    .exec()) ?? []) as [unknown, number][];
  if (Number(sends) > (options.maxSends ?? MAX_RECONCILE_SENDS)) {
    if (!(await Runs.failIfUnchanged(db, run, interruptedFailure))) return { action: "left", cut };
    await appendRunEvent(redis, run.id, "run.failed", interruptedFailure);
    deps.logger.warn({ runId: run.id, sends: Number(sends) - 1 }, "chat run failed: sent again too often");
    return { action: "failed", cut };
  }
  await enqueueChatRun(
    deps.producer,
    { runId: run.id, userId: run.userId, conversationId: run.conversationId },
    `reconcile-${sends}`,
  );
  return { action: "resent", cut };
}

/** The run ids of the chat-run messages still queued or being handled. */
async function liveRunIds(admin: ReconcileDeps["admin"]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const body of await admin.listInFlight(chatRunQueue)) {
    try {
      const job = ChatRunJob.safeParse(JSON.parse(body));
      if (job.success) ids.add(job.data.runId);
    } catch {
      // Not a chat-run body: it names no run.
    }
  }
  return ids;
}

/**
 * An unfinished run's stream that ends (or holds an answer) ran ahead of the database: cut it, so
 * the delivery about to be sent starts it afresh. A stream that merely stops mid-answer is kept:
 * the next delivery's `run.started` tells clients to drop the partial answer.
 */
async function cutEndedStream(redis: Redis, runId: string): Promise<number> {
  const last = await lastRunEvent(redis, runId);
  if (!last || !(terminalEvents.has(last.event) || last.event === "message.completed")) return 0;
  return truncateRunEvents(redis, runId);
}

/**
 * A run paused for `pending` replays up to the `approval.required` that asked for it and no
 * further; when the stream lost that event (or never had it), the stream restarts with it.
 */
async function alignAwaitingStream(redis: Redis, runId: string, pending: PendingCall): Promise<number> {
  const asksFor = (e: StoredRunEvent) =>
    e.event === "approval.required" && (e.data as { callId?: unknown }).callId === pending.callId;
  const last = await lastRunEvent(redis, runId);
  if (last && asksFor(last)) return 0;
  const events = await allRunEvents(redis, runId);
  const asked = events.findLastIndex(asksFor);
  if (asked >= 0) return truncateRunEvents(redis, runId, events[asked]?.id);
  const cut = events.length > 0 ? await truncateRunEvents(redis, runId) : 0;
  await appendRunEvents(redis, runId, [
    { event: "run.started", data: {} },
    { event: "approval.required", data: pending },
  ]);
  return cut;
}
