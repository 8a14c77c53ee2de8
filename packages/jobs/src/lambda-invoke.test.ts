import type { SQSHandler } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { failedMessageIds, invokeHandler } from "./lambda-invoke.ts";

const ids = () => ["a", "b", "c"];
const info = {
  functionName: "jobs",
  invokedFunctionArn: "arn:aws:sqs:local:000000000000:jobs",
  timeoutMs: 60_000,
};
const event = { Records: [] };

describe("failedMessageIds", () => {
  it("reads no answer or an empty list as success", () => {
    expect([...failedMessageIds(undefined, ids)]).toEqual([]);
    expect([...failedMessageIds({ batchItemFailures: [] }, ids)]).toEqual([]);
  });

  it("retries only the listed messages", () => {
    expect([...failedMessageIds({ batchItemFailures: [{ itemIdentifier: "b" }] }, ids)]).toEqual(["b"]);
  });

  it("fails the whole batch when an entry names no message of it, as Lambda does", () => {
    expect([...failedMessageIds({ batchItemFailures: [{ itemIdentifier: "zzz" }] }, ids)]).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect([...failedMessageIds({ batchItemFailures: [{ itemIdentifier: "" }] }, ids)]).toEqual([
      "a",
      "b",
      "c",
    ]);
  });
});

describe("invokeHandler", () => {
  it("settles with what an async handler returns and gives it a Lambda context", async () => {
    let remaining = 0;
    const handler: SQSHandler = async (_event, context) => {
      remaining = context.getRemainingTimeInMillis();
      expect(context.functionName).toBe("jobs");
      expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
      return { batchItemFailures: [{ itemIdentifier: "a" }] };
    };
    await expect(invokeHandler(handler, event, info)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: "a" }],
    });
    expect(remaining).toBeGreaterThan(59_000);
  });

  it("supports callback-style handlers, both for answers and for errors", async () => {
    const answers: SQSHandler = (_event, _context, callback) => {
      setTimeout(() => callback(null, { batchItemFailures: [] }), 5);
    };
    await expect(invokeHandler(answers, event, info)).resolves.toEqual({ batchItemFailures: [] });
    const fails: SQSHandler = (_event, _context, callback) => callback("boom");
    await expect(invokeHandler(fails, event, info)).rejects.toThrow("boom");
  });

  it("rejects when the handler throws", async () => {
    const throws: SQSHandler = async () => {
      throw new Error("handler broke");
    };
    await expect(invokeHandler(throws, event, info)).rejects.toThrow("handler broke");
  });
});
