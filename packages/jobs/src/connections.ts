import { Redis, type RedisOptions } from "ioredis";
import { QueueUnavailableError } from "./errors.ts";

/** A Redis URL, or an ioredis client whose settings (host, auth, TLS) are copied. */
export type RedisConnection = string | Redis;

/** Receives warnings and errors; pino's logger fits. */
export interface JobsLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Connections that reached `ready` at least once: losing Redis later is an outage, not start-up. */
const connectedOnce = new WeakSet<Redis>();

function open(connection: RedisConnection, overrides: RedisOptions): Redis {
  const redis =
    typeof connection === "string" ? new Redis(connection, overrides) : connection.duplicate(overrides);
  // ioredis prints unhandled 'error' events; reconnect errors are expected while Redis is away.
  redis.on("error", () => {});
  redis.once("ready", () => connectedOnce.add(redis));
  return redis;
}

/**
 * A connection for consumers: commands wait for Redis to come back instead of failing
 * (`maxRetriesPerRequest: null`, as BullMQ requires for workers). The caller owns and closes it.
 */
export function openWorkerConnection(connection: RedisConnection): Redis {
  return open(connection, { maxRetriesPerRequest: null });
}

/**
 * A connection for producers and admin calls: with Redis down, commands fail at once instead of
 * queueing. Callers bound each call with `withDeadline` rather than ioredis's `commandTimeout`, which
 * arms a timer per command and cost the producer a quarter of its throughput.
 */
export function openFailFastConnection(connection: RedisConnection, connectTimeoutMs = 2000): Redis {
  return open(connection, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
  });
}

/** Rejects with `QueueUnavailableError` when `work` has not settled after `timeoutMs`. */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueueUnavailableError(`Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for the first connection (up to `timeoutMs`); once a connection has been up, a lost one
 * fails at once, so callers answer 503 instead of waiting while Redis is away.
 */
export async function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  if (redis.status === "end") throw new Error("Redis connection is closed");
  if (connectedOnce.has(redis)) throw new Error(`Redis connection lost (${redis.status})`);
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("end", onEnd);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error("Redis connection is closed"));
    const timer = setTimeout(() => done(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.once("ready", onReady);
    redis.once("end", onEnd);
  });
}

/** Closes a connection politely, or drops it when Redis does not answer. */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status === "end") return;
  if (redis.status !== "ready") {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
