import type { JobProducer } from "@finchat/jobs";
import { z } from "zod";

/** The queue chat turns run on. */
export const chatRunQueue = "chat-run";

/** A `chat-run` message: ids only, never content or secrets. */
export const ChatRunJob = z.object({ runId: z.string().min(1).max(64), userId: z.string().min(1).max(64) });
export type ChatRunJob = z.infer<typeof ChatRunJob>;

/**
 * Sends a run to the workers. `reason` makes the deduplication id, so a retried POST sends one
 * message for its run while a later resume (after an approval) sends another. Runs of one
 * conversation go through one message group: a conversation's turns run one at a time, in order.
 */
export async function enqueueChatRun(
  producer: JobProducer,
  job: ChatRunJob & { conversationId: string },
  reason: string,
): Promise<void> {
  await producer.sendMessage(chatRunQueue, {
    MessageBody: JSON.stringify({ runId: job.runId, userId: job.userId } satisfies ChatRunJob),
    MessageGroupId: job.conversationId,
    MessageDeduplicationId: `${job.runId}:${reason}`,
  });
}
