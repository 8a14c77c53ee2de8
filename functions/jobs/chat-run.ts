import { type ChatRunDeps, executeChatRun } from "@finchat/core/chat/execute";
import { ChatRunJob } from "@finchat/core/chat/jobs";
import type { SQSBatchItemFailure, SQSHandler } from "aws-lambda";

/**
 * The `chat-run` handler: one agent turn per message. A malformed body is logged and dropped (it
 * can never succeed); a failed record is retried alone, and its last delivery fails the run.
 */
export function chatRunHandler(deps: ChatRunDeps, maxReceiveCount: number): SQSHandler {
  return async (event) => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const job = ChatRunJob.safeParse(parseJson(record.body));
      if (!job.success) {
        deps.logger.error(
          { messageId: record.messageId, issues: job.error.issues },
          "dropping malformed chat-run message",
        );
        continue;
      }
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      try {
        await executeChatRun(deps, job.data, { finalAttempt: receiveCount >= maxReceiveCount });
      } catch (err) {
        deps.logger.warn({ err, runId: job.data.runId, receiveCount }, "chat run will be retried");
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
