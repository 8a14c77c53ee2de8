import type { BackoffStrategy } from "bullmq";
import type { JobsLogger, RedisConnection } from "./connections.ts";
import { MAX_RECEIVE_COUNT } from "./enqueue.ts";
import { DEFAULT_PREFIX } from "./keys.ts";
import { GROUP_HOLD_MS } from "./message-groups.ts";

export interface ConsumeOptions {
  /** A Redis URL or client; the consumer opens its own connections from it and closes them. */
  connection: RedisConnection;
  /** Most messages per handler call, 1–100 (default 10, as Lambda). */
  batchSize?: number;
  /** How long a batch waits to fill after its first message (default 0: only what is at hand). */
  batchWindowMs?: number;
  /** Batches handled at the same time, 1–1000 (default 1); `Consumer.setConcurrency` changes it later. */
  concurrency?: number;
  /** Lock on a received message; renewed while its handler runs, lost when the process dies (default 30 s). */
  visibilityTimeoutMs?: number;
  /**
   * How often expired locks are looked for and their messages made visible again (default: a tenth
   * of the visibility timeout, so a dead consumer's message is taken over within 1.1 times it).
   */
  stalledIntervalMs?: number;
  /** How often a running message's lock is renewed (default: a tenth of the visibility timeout). */
  lockRenewMs?: number;
  /** Receives before a failing message moves to the dead-letter queue, 1–1000 (default 5). */
  maxReceiveCount?: number;
  /** Exponential retry delay with jitter: about `baseDelayMs * 2^(failures-1)`, at most `maxDelayMs`. */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How long a grouped message fetched before its turn waits before it looks again (default 60 s). */
  groupHoldMs?: number;
  /** Default 15 minutes; only reported by `context.getRemainingTimeInMillis()`. */
  timeoutMs?: number;
  /** BullMQ key prefix (default `bull`). */
  prefix?: string;
  /** Region in records and ARNs (default `local`). */
  region?: string;
  /** `context.functionName` (default: the queue name). */
  functionName?: string;
  /** Where worker errors and the eviction-policy warning go (default: JSON lines on stderr). */
  logger?: JobsLogger;
}

export interface ResolvedConsumeOptions {
  batchSize: number;
  batchWindowMs: number;
  concurrency: number;
  visibilityTimeoutMs: number;
  stalledIntervalMs: number;
  lockRenewMs: number;
  maxReceiveCount: number;
  backoffStrategy: BackoffStrategy;
  groupHoldMs: number;
  timeoutMs: number;
  prefix: string;
  region: string;
  functionName: string;
  logger: JobsLogger;
}

/** Most batches one consumer handles at the same time. */
export const MAX_CONCURRENCY = 1000;

const stderrLogger: JobsLogger = {
  warn: (obj, msg) => console.error(JSON.stringify({ level: "warn", msg, ...obj })),
  error: (obj, msg) =>
    console.error(
      JSON.stringify({ level: "error", msg, ...obj, err: String((obj as { err?: unknown }).err) }),
    ),
};

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${resolved}`);
  }
  return resolved;
}

function exponentialBackoff(baseDelayMs: number, maxDelayMs: number): BackoffStrategy {
  return (failures) => {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failures - 1));
    // "Equal jitter": at least half the delay, so retries of one failing batch spread out.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  };
}

/**
 * The visibility timeout over the default stalled-check and lock-renewal intervals. A lock is at
 * most one renewal old when its consumer dies, so it runs out between 0.9 and 1 times the timeout
 * later, and the next check (one interval at most) makes the message visible: within 1.1 times the
 * timeout. Each check is one Redis call per consumer (BullMQ's check key lets one of them do the
 * work per interval); renewals are one call per interval for all of a consumer's running messages.
 */
export const TAKEOVER_DIVISOR = 10;

/** Fills in defaults and rejects out-of-range settings with a RangeError. */
export function resolveConsumeOptions(queueName: string, options: ConsumeOptions): ResolvedConsumeOptions {
  const day = 24 * 60 * 60 * 1000;
  const visibilityTimeoutMs = integer("visibilityTimeoutMs", options.visibilityTimeoutMs, 30_000, 100, day);
  const tenth = Math.max(50, Math.ceil(visibilityTimeoutMs / TAKEOVER_DIVISOR));
  const baseDelayMs = integer("backoff.baseDelayMs", options.backoff?.baseDelayMs, 1000, 0, day);
  const maxDelayMs = integer("backoff.maxDelayMs", options.backoff?.maxDelayMs, 300_000, baseDelayMs, day);
  return {
    batchSize: integer("batchSize", options.batchSize, 10, 1, 100),
    batchWindowMs: integer("batchWindowMs", options.batchWindowMs, 0, 0, 300_000),
    concurrency: integer("concurrency", options.concurrency, 1, 1, MAX_CONCURRENCY),
    visibilityTimeoutMs,
    stalledIntervalMs: integer("stalledIntervalMs", options.stalledIntervalMs, tenth, 50, day),
    lockRenewMs: integer("lockRenewMs", options.lockRenewMs, tenth, 10, Math.floor(visibilityTimeoutMs / 2)),
    maxReceiveCount: integer("maxReceiveCount", options.maxReceiveCount, 5, 1, MAX_RECEIVE_COUNT),
    backoffStrategy: exponentialBackoff(baseDelayMs, maxDelayMs),
    groupHoldMs: integer("groupHoldMs", options.groupHoldMs, GROUP_HOLD_MS, 10, day),
    timeoutMs: integer("timeoutMs", options.timeoutMs, 15 * 60 * 1000, 1, day),
    prefix: options.prefix ?? DEFAULT_PREFIX,
    region: options.region ?? "local",
    functionName: options.functionName ?? queueName,
    logger: options.logger ?? stderrLogger,
  };
}
