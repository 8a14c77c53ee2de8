import { createHash } from "node:crypto";
import type { SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from "aws-lambda";
import type { StoredMessage } from "./message.ts";

/** What a record needs from a fetched BullMQ job. */
export interface ReceivedJob {
  /** The BullMQ job id (the message id is `data.id`). */
  id: string;
  data: StoredMessage;
  /** When the message was sent (ms since the epoch). */
  timestamp: number;
  /** When this receive started (ms since the epoch). */
  processedOn?: number | undefined;
}

export interface RecordSource {
  queueArn: string;
  region: string;
}

/** The ARN a record names as its `eventSourceARN`; the account is a placeholder. */
export function queueArn(region: string, queueName: string): string {
  return `arn:aws:sqs:${region}:000000000000:${queueName}`;
}

/** Hex MD5 of the UTF-8 body, as SQS reports `MD5OfMessageBody` and `md5OfBody`. */
export function md5OfBody(body: string): string {
  return createHash("md5").update(body, "utf8").digest("hex");
}

function withListValues(attributes: SQSMessageAttributes | undefined): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  if (attributes === undefined) return result;
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = { ...value, stringListValues: [], binaryListValues: [] };
  }
  return result;
}

/**
 * Builds the record a Lambda SQS handler receives. `ApproximateFirstReceiveTimestamp` is the start of
 * this receive; `receiptHandle` is opaque and only unique per receive. `md5OfBody` is computed when
 * read (few handlers do), which keeps a no-op batch of one about a microsecond cheaper.
 */
export function toSqsRecord(job: ReceivedJob, receiveCount: number, source: RecordSource): SQSRecord {
  const data = job.data;
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: String(job.timestamp),
    SenderId: "finchat",
    ApproximateFirstReceiveTimestamp: String(job.processedOn ?? Date.now()),
  };
  if (data.groupId !== undefined) attributes.MessageGroupId = data.groupId;
  if (data.deduplicationId !== undefined) attributes.MessageDeduplicationId = data.deduplicationId;
  if (data.deadLetter) {
    attributes.DeadLetterQueueSourceArn = queueArn(source.region, data.deadLetter.sourceQueue);
  }
  return {
    messageId: data.id,
    receiptHandle: `${job.id}#${receiveCount}`,
    body: data.body,
    attributes,
    messageAttributes: withListValues(data.attributes),
    get md5OfBody() {
      return md5OfBody(data.body);
    },
    eventSource: "aws:sqs",
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
}
