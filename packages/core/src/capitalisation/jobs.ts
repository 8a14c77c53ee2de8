import type { JobProducer } from "@finchat/jobs";
import { z } from "zod";
import { parseJob } from "../search/jobs.ts";

/** The queue the capitalisation data sync runs on. */
export const worklogSyncQueue = "worklog-sync";

/** How often every Worker asks for a sync (one runs per slot). */
export const WORKLOG_SYNC_INTERVAL_MS = 15 * 60_000;

/**
 * A `worklog-sync` message. The sync always covers every allowed project (JIRA_PROJECTS), so the
 * body only says why it runs and, when a person asked, who.
 */
export const WorklogSyncJob = z.strictObject({
  trigger: z.enum(["schedule", "request"]),
  requestedBy: z.string().min(1).max(100).optional(),
});
export type WorklogSyncJob = z.infer<typeof WorklogSyncJob>;

/**
 * Asks for a worklog sync. Every sync goes through one message group, so two never overlap (they
 * share the feed cursors); `slot` (a schedule interval's start) makes the deduplication id, so every
 * Worker may ask and one sync runs per slot.
 * @throws AppError `invalid_request` for a body the job would refuse.
 */
export async function enqueueWorklogSync(
  producer: JobProducer,
  body: WorklogSyncJob,
  options: { slot?: string } = {},
): Promise<void> {
  const job = parseJob(WorklogSyncJob, body, worklogSyncQueue);
  await producer.sendMessage(worklogSyncQueue, {
    MessageBody: JSON.stringify(job),
    MessageGroupId: "worklog-sync",
    ...(options.slot ? { MessageDeduplicationId: `worklog-sync:${options.slot}` } : {}),
  });
}
