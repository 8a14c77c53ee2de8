import { type ChatRunDeps, executeChatRun } from "@finchat/core/chat/execute";
import { ChatRunJob, chatRunQueue } from "@finchat/core/chat/jobs";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

/** The `chat-run` handler: one agent turn per message; the last delivery of a failing one fails the run. */
export function chatRunHandler(deps: ChatRunDeps, maxReceiveCount: number): SQSHandler {
  return recordHandler(chatRunQueue, ChatRunJob, deps.logger, async (job, record) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    await executeChatRun(deps, job, { finalAttempt: receiveCount >= maxReceiveCount });
  });
}
