import type { Logger } from "@finchat/core/observability/logger";
import type { SQSBatchItemFailure, SQSHandler, SQSRecord } from "aws-lambda";
import type { z } from "zod";

/**
 * The shape every job handler shares: each record's JSON body is parsed with `schema`; a body that
 * can never succeed is logged and dropped; a record whose work throws is reported back alone
 * (`batchItemFailures`), so the layer retries it without redoing the others.
 */
export function recordHandler<S extends z.ZodType>(
  queue: string,
  schema: S,
  logger: Logger,
  work: (job: z.infer<S>, record: SQSRecord) => Promise<void>,
): SQSHandler {
  return async (event) => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
      const job = schema.safeParse(parseJson(record.body));
      if (!job.success) {
        logger.error(
          { messageId: record.messageId, issues: job.error.issues },
          `dropping malformed ${queue} message`,
        );
        continue;
      }
      try {
        await work(job.data, record);
      } catch (err) {
        logger.warn({ err, messageId: record.messageId }, `${queue} message will be retried`);
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
