import { Redis, type RedisOptions } from "ioredis";

export type { Redis };

/**
 * Opens a Redis connection for request-path work (sessions, cache, rate limits). It fails fast
 * when Redis is down instead of queueing commands, so a request answers 503 at once rather than
 * hanging; the caller maps the error.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    ...options,
  });
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForRedis(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off("ready", onReady);
    };
    redis.on("ready", onReady);
  });
}

/**
 * Whether an error means Redis could not be reached (closed, not yet connected, too slow), as
 * ioredis reports it, so callers can answer 503 + Retry-After instead of 500.
 */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === "MaxRetriesPerRequestError" ||
    /Stream isn't writeable|Connection is closed|Command timed out|Redis connection is not ready/.test(
      err.message,
    )
  );
}
