import type { JobProducer } from "@finchat/jobs";
import { z } from "zod";

/** The queue backup jobs run on. */
export const backupQueue = "backup";

/** A `backup` message: the interval slot to snapshot, as an ISO 8601 time. */
export const BackupJob = z.object({ slot: z.iso.datetime() });
export type BackupJob = z.infer<typeof BackupJob>;

/**
 * Asks for the snapshot of `slot`. The slot is the deduplication id, so every Worker task may ask
 * at the slot's start and the queue keeps one message; the job itself also skips a slot it has
 * already stored, which covers a task asking after the deduplication window.
 */
export async function enqueueBackup(producer: JobProducer, slot: string): Promise<void> {
  await producer.sendMessage(backupQueue, {
    MessageBody: JSON.stringify({ slot } satisfies BackupJob),
    MessageDeduplicationId: `backup-${slot}`,
  });
}
