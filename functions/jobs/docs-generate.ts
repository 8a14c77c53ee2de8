import { type DocsGenerateDeps, generateDocSet } from "@finchat/core/docs/generate";
import { DocsGenerateJob, docsGenerateQueue } from "@finchat/core/docs/jobs";
import type { SQSHandler } from "aws-lambda";
import { recordHandler } from "./records.ts";

export type { DocsGenerateDeps } from "@finchat/core/docs/generate";
export { docsGenerateQueue } from "@finchat/core/docs/jobs";

/**
 * The `docs-generate` handler: one documentation run per message. A redelivered message resumes
 * the run from the pages it already stored; the last delivery of a failing one fails the run.
 */
export function docsGenerateHandler(deps: DocsGenerateDeps, maxReceiveCount: number): SQSHandler {
  return recordHandler(docsGenerateQueue, DocsGenerateJob, deps.logger, async (job, record) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    await generateDocSet(deps, job, { finalAttempt: receiveCount >= maxReceiveCount });
  });
}
