import { LuaScript } from "@finchat/jobs";
import type { Redis } from "ioredis";
import { AppError } from "../errors.ts";

/**
 * Fixed-window counters in Redis, shared by every Api process. A point is taken *before* the work
 * it pays for, by one Lua script that checks and increments every key it is given: either all the
 * keys have room and each gets a point, or none does. So concurrent requests cannot all pass a
 * check made before any of them is counted, and no burst of any size gets more than `max` points
 * per key per window. A window starts at the first point its key takes.
 */

/**
 * KEYS: the counters, then keys that only count along (in-flight markers); ARGV: window ms, the
 * number of counters, then one maximum per counter. Returns 0, or the ms to wait.
 */
const reserveScript = new LuaScript(`
local window = tonumber(ARGV[1])
local counters = tonumber(ARGV[2])
local wait = 0
for i = 1, counters do
  local key = KEYS[i]
  local used = tonumber(redis.call("GET", key) or "0")
  if used >= tonumber(ARGV[i + 2]) then
    local ttl = redis.call("PTTL", key)
    if ttl < 0 then
      redis.call("PEXPIRE", key, window)
      ttl = window
    end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  if redis.call("INCR", key) == 1 or i > counters then redis.call("PEXPIRE", key, window) end
end
return 0
`);

/** KEYS: counters to give one point back to (never below zero). */
const refundScript = new LuaScript(`
for _, key in ipairs(KEYS) do
  if tonumber(redis.call("GET", key) or "0") > 0 then redis.call("DECR", key) end
end
return 0
`);

export interface Counter {
  key: string;
  max: number;
}

/**
 * Takes one point from every counter, atomically, or throws `rate_limited` with the seconds until
 * the fullest counter's window ends. `alsoCount` keys are incremented with them (no maximum; their
 * expiry is renewed), for callers that track work in flight. Redis errors propagate (the Api
 * answers 503).
 */
export async function reservePoints(
  redis: Redis,
  counters: Counter[],
  windowSeconds: number,
  message: string,
  alsoCount: string[] = [],
): Promise<void> {
  const keys = [...counters.map((c) => c.key), ...alsoCount];
  const waitMs = Number(
    await reserveScript.run(redis, keys, [
      windowSeconds * 1000,
      counters.length,
      ...counters.map((c) => c.max),
    ]),
  );
  if (waitMs > 0) {
    throw new AppError("rate_limited", message, { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) });
  }
}

/** Gives back one point to each key (for work that turned out not to count). */
export async function refundPoints(redis: Redis, keys: string[]): Promise<void> {
  if (keys.length) await refundScript.run(redis, keys, []);
}
