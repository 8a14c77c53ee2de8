import { type ChatRunDeps, executeChatRun } from "@finchat/core/chat/execute";
import { ChatRunJob, chatRunQueue } from "@finchat/core/chat/jobs";
import { Runs } from "@finchat/core/db";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

/** The `chat-run` handler: one agent turn per message; the last delivery of a failing one fails the run. */
export function chatRunHandler(deps: ChatRunDeps, maxReceiveCount: number): SQSHandler {
  return recordHandler(chatRunQueue, ChatRunJob, deps.logger, async (job, record) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    const startedAt = new Date().toISOString();
    await executeChatRun(deps, job, { finalAttempt: receiveCount >= maxReceiveCount });
    await logFailedTurn(deps, job, startedAt);
  });
}

/**
 * One warning per turn this delivery failed (model 500, unreachable, cut mid-answer, budget...),
 * with its code and run id, so an operator sees failures without reading the event streams. A run
 * that had failed before this delivery (a redelivery that only ends its stream) is not logged again.
 */
async function logFailedTurn(deps: ChatRunDeps, job: ChatRunJob, startedAt: string): Promise<void> {
  const run = await Runs.get(deps.db, job.userId, job.runId).catch(() => null);
  if (run?.status !== "failed" || run.updatedAt < startedAt) return;
  const error = (run.error ?? {}) as { code?: unknown; message?: unknown };
  deps.logger.warn(
    {
      runId: run.id,
      conversationId: run.conversationId,
      code: typeof error.code === "string" ? error.code : "unknown",
      reason: typeof error.message === "string" ? error.message : undefined,
    },
    "chat turn failed",
  );
}
