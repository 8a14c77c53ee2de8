import { randomUUID } from "node:crypto";
import type { Context, SQSBatchResponse, SQSEvent, SQSHandler } from "aws-lambda";

export interface InvocationInfo {
  functionName: string;
  invokedFunctionArn: string;
  /** How long the handler may take, for `getRemainingTimeInMillis` (not enforced). */
  timeoutMs: number;
}

/** The `context` of one handler call; a class so a call allocates one object, not a set of closures. */
class InvocationContext implements Context {
  callbackWaitsForEmptyEventLoop = false;
  functionVersion = "$LATEST";
  memoryLimitInMB = "0";
  logStreamName = "local";
  functionName: string;
  invokedFunctionArn: string;
  logGroupName: string;
  readonly #deadline: number;
  #requestId: string | undefined;

  constructor(info: InvocationInfo) {
    this.functionName = info.functionName;
    this.invokedFunctionArn = info.invokedFunctionArn;
    this.logGroupName = `/finchat/${info.functionName}`;
    this.#deadline = Date.now() + info.timeoutMs;
  }

  /** Made on first read: few handlers look at it. */
  get awsRequestId(): string {
    this.#requestId ??= randomUUID();
    return this.#requestId;
  }

  getRemainingTimeInMillis(): number {
    return Math.max(0, this.#deadline - Date.now());
  }

  done(): never {
    throw new Error("context.done is not supported; return or throw instead");
  }

  fail(): never {
    throw new Error("context.fail is not supported; throw instead");
  }

  succeed(): never {
    throw new Error("context.succeed is not supported; return instead");
  }
}

function invokeWithCallback(
  handler: SQSHandler,
  event: SQSEvent,
  info: InvocationInfo,
): Promise<SQSBatchResponse | undefined> {
  return new Promise((resolve, reject) => {
    const callback: Parameters<SQSHandler>[2] = (error, result) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result || undefined);
    };
    try {
      const returned = handler(event, new InvocationContext(info), callback);
      if (returned && typeof returned.then === "function") {
        returned.then((result) => resolve(result || undefined), reject);
      }
    } catch (err) {
      reject(err);
    }
  });
}

const noCallback: Parameters<SQSHandler>[2] = () => {
  throw new Error("this handler declared no callback parameter; return or throw instead");
};

/**
 * Calls a Lambda-style handler; await the answer. Handlers that declare a third parameter may answer
 * through the callback; the others answer by returning (or throwing, possibly synchronously).
 * Not `async` itself: one promise hop less per batch, which shows with batches of one.
 */
export function invokeHandler(
  handler: SQSHandler,
  event: SQSEvent,
  info: InvocationInfo,
): ReturnType<SQSHandler> {
  if (handler.length >= 3) return invokeWithCallback(handler, event, info);
  return handler(event, new InvocationContext(info), noCallback);
}

const noFailures: ReadonlySet<string> = new Set();

/**
 * The message ids to retry, following Lambda's partial batch response rules: nothing or an empty
 * list means all succeeded; an entry that names no message of the batch fails the whole batch.
 */
export function failedMessageIds(
  response: SQSBatchResponse | undefined,
  batchIds: () => string[],
): ReadonlySet<string> {
  const failures = response?.batchItemFailures;
  if (failures === undefined || failures === null) return noFailures;
  const known = new Set(batchIds());
  if (!Array.isArray(failures)) return known;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    if (typeof id !== "string" || !known.has(id)) return known;
    failed.add(id);
  }
  return failed;
}
