/**
 * The SQS-compatible job layer on BullMQ. Producers send with SQS semantics; consumers run unchanged
 * Lambda SQS handlers (`SQSHandler`); the admin side reports queue attributes and redrives dead letters.
 */
export type { JobsLogger, RedisConnection } from "./connections.ts";
export { type ConsumeOptions, type Consumer, consume } from "./consumer.ts";
export { MAX_RECEIVE_COUNT } from "./enqueue.ts";
export { InvalidMessageError, type InvalidMessageReason, QueueUnavailableError } from "./errors.ts";
export { checkRedisEvictionPolicy, type EvictionPolicyCheck } from "./eviction-policy.ts";
export { deadLetterQueueName } from "./keys.ts";
export { LuaScript } from "./lua-script.ts";
export type {
  DeadLetterInfo,
  MessageAttributeValue,
  SendMessageBatchEntry,
  SendMessageBatchResult,
  SendMessageInput,
  SendMessageResult,
} from "./message.ts";
export { createProducer, type JobProducer, type ProducerOptions } from "./producer.ts";
export {
  createQueueAdmin,
  type DeadLetterView,
  type QueueAdmin,
  type QueueAttributes,
} from "./queue-admin.ts";
export { MAX_BATCH_ENTRIES, MAX_DELAY_SECONDS, MAX_MESSAGE_BYTES } from "./validation.ts";
