import { describe, expect, it } from "vitest";
import { InvalidMessageError } from "./errors.ts";
import { assertQueueName, MAX_MESSAGE_BYTES, validateBatch, validateMessage } from "./validation.ts";

const id = "message-id";
const newId = () => id;

function reason(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    if (err instanceof InvalidMessageError) return `${err.reason}: ${err.message}`;
    throw err;
  }
  return "accepted";
}

describe("validateMessage", () => {
  it("stores the body, attributes, group and deduplication id, and converts the delay", () => {
    const { stored, delayMs } = validateMessage(
      {
        MessageBody: '{"a":1}',
        DelaySeconds: 5,
        MessageDeduplicationId: "run-1:start",
        MessageAttributes: {
          kind: { DataType: "String", StringValue: "chat" },
          size: { DataType: "Number.int", StringValue: "-1.5e3" },
          blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      },
      id,
    );
    expect(delayMs).toBe(5000);
    expect(stored).toEqual({
      id,
      body: '{"a":1}',
      deduplicationId: "run-1:start",
      attributes: {
        kind: { dataType: "String", stringValue: "chat" },
        size: { dataType: "Number.int", stringValue: "-1.5e3" },
        blob: { dataType: "Binary", binaryValue: "AQID" },
      },
    });
  });

  it("accepts a delay of 0 and 900 seconds and refuses 901, -1 and 1.5", () => {
    expect(reason(() => validateMessage({ MessageBody: "x", DelaySeconds: 0 }, id))).toBe("accepted");
    expect(reason(() => validateMessage({ MessageBody: "x", DelaySeconds: 900 }, id))).toBe("accepted");
    for (const DelaySeconds of [901, -1, 1.5]) {
      expect(reason(() => validateMessage({ MessageBody: "x", DelaySeconds }, id))).toMatch(
        /^invalid: DelaySeconds/,
      );
    }
  });

  it("counts the limit in UTF-8 bytes, attributes included", () => {
    const euro = "€"; // three bytes
    const fits = "a".repeat(MAX_MESSAGE_BYTES - 3) + euro;
    expect(reason(() => validateMessage({ MessageBody: fits }, id))).toBe("accepted");
    expect(reason(() => validateMessage({ MessageBody: `a${fits}` }, id))).toMatch(
      /^too_large: message is 1048577 bytes/,
    );
    const attributes = { k: { DataType: "String", StringValue: "v" } }; // 1 + 6 + 1 bytes
    expect(
      reason(() =>
        validateMessage(
          { MessageBody: "a".repeat(MAX_MESSAGE_BYTES - 7), MessageAttributes: attributes },
          id,
        ),
      ),
    ).toMatch(/^too_large/);
  });

  it("refuses empty bodies, characters SQS refuses, and a delay on a grouped message", () => {
    expect(reason(() => validateMessage({ MessageBody: "" }, id))).toMatch(
      /MessageBody must be a non-empty string/,
    );
    expect(reason(() => validateMessage({ MessageBody: "a\u0000b" }, id))).toMatch(
      /character SQS does not allow/,
    );
    expect(reason(() => validateMessage({ MessageBody: "\uD800" }, id))).toMatch(
      /character SQS does not allow/,
    );
    expect(reason(() => validateMessage({ MessageBody: "tab\tnewline\n😀" }, id))).toBe("accepted");
    expect(
      reason(() => validateMessage({ MessageBody: "x", MessageGroupId: "g", DelaySeconds: 1 }, id)),
    ).toMatch(/not allowed with MessageGroupId/);
  });

  it("refuses group and deduplication ids that are empty, too long or contain spaces", () => {
    for (const bad of ["", "a b", "x".repeat(129)]) {
      expect(reason(() => validateMessage({ MessageBody: "x", MessageGroupId: bad }, id))).toMatch(
        /MessageGroupId/,
      );
      expect(reason(() => validateMessage({ MessageBody: "x", MessageDeduplicationId: bad }, id))).toMatch(
        /MessageDeduplicationId/,
      );
    }
  });

  it("checks attribute names, types and values", () => {
    const attempt = (MessageAttributes: Record<string, unknown>) =>
      reason(() => validateMessage({ MessageBody: "x", MessageAttributes } as never, id));
    expect(attempt({ "AWS.trace": { DataType: "String", StringValue: "v" } })).toMatch(/not allowed/);
    expect(attempt({ "a..b": { DataType: "String", StringValue: "v" } })).toMatch(/consecutive periods/);
    expect(attempt({ k: { DataType: "Text", StringValue: "v" } })).toMatch(/DataType must be/);
    expect(attempt({ k: { DataType: "String" } })).toMatch(/StringValue must be a non-empty string/);
    expect(attempt({ k: { DataType: "Number", StringValue: "12abc" } })).toMatch(/must be a number/);
    expect(attempt({ k: { DataType: "Binary", BinaryValue: "not base64!" } })).toMatch(/base64/);
    const eleven = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`k${i}`, { DataType: "String", StringValue: "v" }]),
    );
    expect(attempt(eleven)).toMatch(/at most 10 attributes/);
  });
});

describe("validateBatch", () => {
  it("takes 1 to 10 entries with unique ids and names the entry at fault", () => {
    expect(reason(() => validateBatch([], newId))).toMatch(/1 to 10 entries/);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: "x" }));
    expect(reason(() => validateBatch(eleven, newId))).toMatch(/1 to 10 entries/);
    expect(
      reason(() =>
        validateBatch(
          [
            { Id: "a", MessageBody: "x" },
            { Id: "a", MessageBody: "y" },
          ],
          newId,
        ),
      ),
    ).toMatch(/Id a is used twice/);
    expect(
      reason(() =>
        validateBatch(
          [
            { Id: "ok", MessageBody: "x" },
            { Id: "bad", MessageBody: "" },
          ],
          newId,
        ),
      ),
    ).toMatch(/^invalid: entry bad: MessageBody/);
  });

  it("limits the whole batch to 1 MiB", () => {
    const half = "a".repeat(MAX_MESSAGE_BYTES / 2);
    expect(
      reason(() =>
        validateBatch(
          [
            { Id: "a", MessageBody: half },
            { Id: "b", MessageBody: half },
          ],
          newId,
        ),
      ),
    ).toBe("accepted");
    const over = [
      { Id: "a", MessageBody: half },
      { Id: "b", MessageBody: `${half}!` },
    ];
    expect(reason(() => validateBatch(over, newId))).toMatch(/^too_large: batch is 1048577 bytes/);
  });
});

describe("assertQueueName", () => {
  it("allows SQS queue names only", () => {
    expect(reason(() => assertQueueName("chat-run_2"))).toBe("accepted");
    for (const bad of ["", "a:b", "a b", "x".repeat(81)]) {
      expect(reason(() => assertQueueName(bad))).toMatch(/queue name/);
    }
  });
});
