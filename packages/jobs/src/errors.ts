/** Why a message was refused: `too_large` maps to HTTP 413 upstream, `invalid` to 400. */
export type InvalidMessageReason = "invalid" | "too_large";

/**
 * A message (or a batch, or consumer options) broke an SQS rule. Nothing was enqueued.
 * The message names the field and the rule, so it can be shown to the caller as is.
 */
export class InvalidMessageError extends Error {
  override name = "InvalidMessageError";
  readonly reason: InvalidMessageReason;

  constructor(message: string, reason: InvalidMessageReason = "invalid") {
    super(message);
    this.reason = reason;
  }
}

/**
 * Redis could not take the message (down, unreachable, out of memory, too slow). The producer fails
 * fast with this instead of queueing commands, so the Api can answer 503 with `Retry-After`.
 */
export class QueueUnavailableError extends Error {
  override name = "QueueUnavailableError";
  /** Seconds a client should wait before trying again. */
  readonly retryAfterSeconds: number;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
  }
}

/** Redis replies that mean "the server cannot serve now", not "the command was wrong". */
const transientReplyPrefixes = [
  "OOM",
  "LOADING",
  "BUSY",
  "READONLY",
  "MASTERDOWN",
  "TRYAGAIN",
  "CLUSTERDOWN",
];

/**
 * Maps a failure from a Redis call to `QueueUnavailableError` when it is about reaching Redis (closed
 * connection, timeout, refused, server busy or full) and returns any other error unchanged.
 */
export function toQueueError(err: unknown): unknown {
  if (err instanceof InvalidMessageError || err instanceof QueueUnavailableError) return err;
  if (!(err instanceof Error)) return err;
  if (err.name === "ReplyError" && !transientReplyPrefixes.some((p) => err.message.startsWith(p))) {
    return err;
  }
  return new QueueUnavailableError(`queue unavailable: ${err.message}`, { cause: err });
}
