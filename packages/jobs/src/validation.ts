import type { SQSMessageAttributes } from "aws-lambda";
import { InvalidMessageError } from "./errors.ts";
import type {
  MessageAttributeValue,
  SendMessageBatchEntry,
  SendMessageInput,
  StoredMessage,
} from "./message.ts";

/** The SQS limit for one message, body and attributes together, in bytes. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_DELAY_SECONDS = 900;
export const MAX_BATCH_ENTRIES = 10;
const MAX_ATTRIBUTES = 10;

const queueNamePattern = /^[A-Za-z0-9_-]{1,80}$/;
const tokenPattern = /^[\x21-\x7E]{1,128}$/;
const batchIdPattern = /^[A-Za-z0-9_-]{1,80}$/;
const attributeNamePattern = /^[A-Za-z0-9_.-]{1,256}$/;
const dataTypePattern = /^(String|Number|Binary)(\.[\x21-\x7E]+)?$/;
const numberPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Characters SQS refuses in a body: outside #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF. */
const forbiddenCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function fail(message: string): never {
  throw new InvalidMessageError(message);
}

/** Throws unless `name` is a valid queue name (1–80 letters, digits, `-`, `_`). */
export function assertQueueName(name: string): void {
  if (typeof name !== "string" || !queueNamePattern.test(name)) {
    fail(`queue name must be 1-80 letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
  }
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function assertToken(field: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || !tokenPattern.test(value)) {
    fail(`${field} must be 1-128 printable ASCII characters without spaces`);
  }
}

function assertAttributeName(name: string): void {
  const reserved = /^(aws\.|amazon\.)/i.test(name);
  if (!attributeNamePattern.test(name) || reserved || name.startsWith(".") || name.endsWith(".")) {
    fail(`MessageAttributes name ${JSON.stringify(name)} is not allowed`);
  }
  if (name.includes("..")) fail(`MessageAttributes name ${JSON.stringify(name)} has consecutive periods`);
}

function binaryToBase64(value: Uint8Array | string, name: string): string {
  if (typeof value === "string") {
    if (value.length === 0 || Buffer.from(value, "base64").toString("base64") !== value) {
      fail(`MessageAttributes.${name}.BinaryValue must be non-empty base64 text or bytes`);
    }
    return value;
  }
  if (!(value instanceof Uint8Array) || value.byteLength === 0) {
    fail(`MessageAttributes.${name}.BinaryValue must be non-empty base64 text or bytes`);
  }
  return Buffer.from(value).toString("base64");
}

/** Checks one attribute and returns it in the record shape with its size in bytes. */
function convertAttribute(
  name: string,
  value: MessageAttributeValue,
): { size: number; stored: SQSMessageAttributes[string] } {
  assertAttributeName(name);
  const dataType = value?.DataType;
  if (typeof dataType !== "string" || dataType.length > 256 || !dataTypePattern.test(dataType)) {
    fail(`MessageAttributes.${name}.DataType must be String, Number or Binary (with an optional .label)`);
  }
  const size = utf8Bytes(name) + utf8Bytes(dataType);
  if (dataType.startsWith("Binary")) {
    if (value.BinaryValue === undefined) fail(`MessageAttributes.${name}.BinaryValue is required`);
    const binaryValue = binaryToBase64(value.BinaryValue, name);
    return { size: size + Buffer.byteLength(binaryValue, "base64"), stored: { dataType, binaryValue } };
  }
  const stringValue = value.StringValue;
  if (typeof stringValue !== "string" || stringValue.length === 0) {
    fail(`MessageAttributes.${name}.StringValue must be a non-empty string`);
  }
  if (dataType.startsWith("Number") && !numberPattern.test(stringValue)) {
    fail(`MessageAttributes.${name}.StringValue must be a number`);
  }
  if (forbiddenCharacter.test(stringValue))
    fail(`MessageAttributes.${name}.StringValue has a forbidden character`);
  return { size: size + utf8Bytes(stringValue), stored: { dataType, stringValue } };
}

function convertAttributes(attributes: SendMessageInput["MessageAttributes"]) {
  if (attributes === undefined) return { size: 0, stored: undefined };
  if (typeof attributes !== "object" || attributes === null) fail("MessageAttributes must be an object");
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) fail(`MessageAttributes allows at most ${MAX_ATTRIBUTES} attributes`);
  if (entries.length === 0) return { size: 0, stored: undefined };
  const stored: SQSMessageAttributes = {};
  let size = 0;
  for (const [name, value] of entries) {
    const converted = convertAttribute(name, value);
    stored[name] = converted.stored;
    size += converted.size;
  }
  return { size, stored };
}

function assertDelay(delay: unknown, grouped: boolean): void {
  if (delay === undefined) return;
  if (typeof delay !== "number" || !Number.isInteger(delay) || delay < 0 || delay > MAX_DELAY_SECONDS) {
    fail(`DelaySeconds must be an integer from 0 to ${MAX_DELAY_SECONDS}`);
  }
  if (grouped && delay > 0) fail("DelaySeconds is not allowed with MessageGroupId (as on SQS FIFO queues)");
}

export interface ValidatedMessage {
  stored: StoredMessage;
  delayMs: number;
  /** Body and attributes in bytes, as SQS counts them. */
  size: number;
}

/** Checks a `SendMessage` input against the SQS rules and converts it to what the job stores. */
export function validateMessage(input: SendMessageInput, messageId: string): ValidatedMessage {
  if (typeof input !== "object" || input === null) fail("message must be an object");
  const body = input.MessageBody;
  if (typeof body !== "string" || body.length === 0) fail("MessageBody must be a non-empty string");
  if (input.MessageGroupId !== undefined) assertToken("MessageGroupId", input.MessageGroupId);
  if (input.MessageDeduplicationId !== undefined) {
    assertToken("MessageDeduplicationId", input.MessageDeduplicationId);
  }
  assertDelay(input.DelaySeconds, input.MessageGroupId !== undefined);
  const attributes = convertAttributes(input.MessageAttributes);
  const size = utf8Bytes(body) + attributes.size;
  if (size > MAX_MESSAGE_BYTES) {
    throw new InvalidMessageError(
      `message is ${size} bytes; body and attributes may hold at most ${MAX_MESSAGE_BYTES} bytes`,
      "too_large",
    );
  }
  if (forbiddenCharacter.test(body)) fail("MessageBody has a character SQS does not allow");
  const stored: StoredMessage = { id: messageId, body };
  if (attributes.stored) stored.attributes = attributes.stored;
  if (input.MessageGroupId !== undefined) stored.groupId = input.MessageGroupId;
  if (input.MessageDeduplicationId !== undefined) stored.deduplicationId = input.MessageDeduplicationId;
  return { stored, delayMs: (input.DelaySeconds ?? 0) * 1000, size };
}

/** Checks a `SendMessageBatch` input: 1–10 entries with unique ids, each valid, 1 MiB in total. */
export function validateBatch(entries: SendMessageBatchEntry[], newId: () => string): ValidatedMessage[] {
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_BATCH_ENTRIES) {
    fail(`a batch holds 1 to ${MAX_BATCH_ENTRIES} entries`);
  }
  const ids = new Set<string>();
  let total = 0;
  const validated = entries.map((entry) => {
    if (typeof entry?.Id !== "string" || !batchIdPattern.test(entry.Id)) {
      fail("each batch entry needs an Id of 1-80 letters, digits, '-' or '_'");
    }
    if (ids.has(entry.Id)) fail(`batch entry Id ${entry.Id} is used twice`);
    ids.add(entry.Id);
    try {
      const message = validateMessage(entry, newId());
      total += message.size;
      return message;
    } catch (err) {
      if (err instanceof InvalidMessageError)
        throw new InvalidMessageError(`entry ${entry.Id}: ${err.message}`, err.reason);
      throw err;
    }
  });
  if (total > MAX_MESSAGE_BYTES) {
    throw new InvalidMessageError(
      `batch is ${total} bytes; at most ${MAX_MESSAGE_BYTES} in total`,
      "too_large",
    );
  }
  return validated;
}
