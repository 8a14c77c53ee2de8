import type { SQSMessageAttributes } from "aws-lambda";

/** One message attribute as `SendMessage` takes it. `BinaryValue` is bytes or their base64 text. */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array | string;
}

/** The input of `sendMessage`, named as in the SQS API. */
export interface SendMessageInput {
  /** The message text (JSON by convention), 1 byte to 1 MiB of UTF-8 together with the attributes. */
  MessageBody: string;
  /** 0–900 seconds before the message can be received. Not allowed with `MessageGroupId`. */
  DelaySeconds?: number;
  /** A second send with the same id inside the deduplication window is dropped. */
  MessageDeduplicationId?: string;
  /** Messages of one group are delivered one at a time, in send order. */
  MessageGroupId?: string;
  /** Up to 10 typed attributes, delivered as the record's `messageAttributes`. */
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

/** One entry of `sendMessageBatch`; `Id` is the caller's name for it in the result. */
export interface SendMessageBatchEntry extends SendMessageInput {
  Id: string;
}

export interface SendMessageResult {
  /** The new message's id, or the first message's id when this send was a duplicate. */
  MessageId: string;
  MD5OfMessageBody: string;
}

export interface SendMessageBatchResult {
  Successful: Array<SendMessageResult & { Id: string }>;
  /** Always empty: invalid input throws `InvalidMessageError` and Redis trouble `QueueUnavailableError`. */
  Failed: Array<{ Id: string; Code: string; Message: string; SenderFault: boolean }>;
}

/** Where a dead-lettered message came from and why it failed. */
export interface DeadLetterInfo {
  sourceQueue: string;
  lastError: string;
  receiveCount: number;
  deadLetteredAt: number;
}

/**
 * What a BullMQ job of this layer carries as its `data`. The message id lives here rather than in
 * the BullMQ job id: it survives dead-lettering and redrive, and BullMQ's own ids are cheaper.
 */
export interface StoredMessage {
  id: string;
  body: string;
  attributes?: SQSMessageAttributes;
  groupId?: string;
  deduplicationId?: string;
  deadLetter?: DeadLetterInfo;
}
