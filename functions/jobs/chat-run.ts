import { type ChatRunDeps, type ChatRunFailure, executeChatRun } from "@finchat/core/chat/execute";
import { ChatRunJob, chatRunQueue } from "@finchat/core/chat/jobs";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

/** The `chat-run` handler: one agent turn per message; the last delivery of a failing one fails the run. */
export function chatRunHandler(deps: ChatRunDeps, maxReceiveCount: number): SQSHandler {
  return recordHandler(chatRunQueue, ChatRunJob, deps.logger, async (job, record) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    const failed = await executeChatRun(deps, job, { finalAttempt: receiveCount >= maxReceiveCount });
    if (failed) logFailedTurn(deps, failed);
  });
}

/**
 * One warning per turn this delivery failed (model 500, unreachable, cut mid-answer, budget...),
 * with its code and run id, so an operator sees failures without reading the event streams. A
 * delivery that only ends the stream of a run failed before reports nothing, so it is not logged again.
 */
function logFailedTurn(deps: ChatRunDeps, failed: ChatRunFailure): void {
  deps.logger.warn(
    { runId: failed.runId, conversationId: failed.conversationId, code: failed.code, reason: failed.message },
    "chat turn failed",
  );
}
