import { createHash } from "node:crypto";
import type { JobProducer } from "@finchat/jobs";
import { z } from "zod";

/** The queue documentation runs go through. */
export const docsGenerateQueue = "docs-generate";

/** A `docs-generate` message: ids only. */
export const DocsGenerateJob = z.object({
  docSetId: z.string().min(1).max(64),
  runId: z.string().min(1).max(64),
});
export type DocsGenerateJob = z.infer<typeof DocsGenerateJob>;

/**
 * Sends a doc set to the workers. The doc set's id deduplicates (a retried request sends one
 * message); runs of one repository share a message group, so they go one at a time, in order: a
 * second run for the same commit then finds the first one's set, and a run for a newer commit finds
 * the previous set to copy unchanged pages from.
 */
export async function enqueueDocsGeneration(
  producer: JobProducer,
  job: DocsGenerateJob & { label: string },
): Promise<void> {
  await producer.sendMessage(docsGenerateQueue, {
    MessageBody: JSON.stringify({ docSetId: job.docSetId, runId: job.runId } satisfies DocsGenerateJob),
    MessageGroupId: groupOf(job.label),
    MessageDeduplicationId: job.docSetId,
  });
}

/** Group ids are at most 128 characters: a long label is replaced by its hash. */
function groupOf(label: string): string {
  const group = `docs:${label}`;
  return group.length <= 128 ? group : `docs:${createHash("sha256").update(label).digest("hex")}`;
}
