import type { Redis } from "ioredis";

/**
 * The side effect of the crash tests' idempotent handler: it counts a message's effect only the
 * first time, keyed by the message id, as a real handler would with an idempotency key.
 */
export async function applyOnce(redis: Redis, prefix: string, messageId: string): Promise<boolean> {
  const first = await redis.set(`${prefix}:effect:${messageId}`, "done", "EX", 600, "NX");
  if (first === null) return false;
  await redis.incr(`${prefix}:effects`);
  return true;
}
