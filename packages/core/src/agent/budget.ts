import { randomUUID } from "node:crypto";
import { LuaScript } from "@finchat/jobs";
import type { Redis } from "ioredis";
import type { Queryable } from "../db/client.ts";
import { dayOf, tokensUsedToday } from "./daily-usage.ts";

/**
 * How long a reservation holds budget unless it is settled first: longer than any model call may
 * take (three attempts of `MODEL_TIMEOUT_MS` and the SDK's backoff), so only the reservation of a
 * Worker that died runs out on its own.
 */
export const RESERVATION_TTL_MS = 5 * 60_000;
/** Day keys outlive their day, so a call settled just after midnight still finds its key. */
const DAY_KEY_TTL_SECONDS = 2 * 24 * 3600;

/** Budget held for one model call; settle it once the call's usage is stored, or with 0 when it failed. */
export interface BudgetReservation {
  readonly tokens: number;
  /**
   * Replaces the hold with the tokens the call used (0 releases it); later calls do nothing. Never
   * throws. The Redis budget resolves once the settle is sent: commands sent after it on the same
   * connection see it applied.
   */
  settle(usedTokens: number): Promise<void>;
}

/** The user's daily token budget, shared by every Worker through Redis. */
export interface TokenBudget {
  /**
   * Holds `tokens` (the call's worst case) for the user's UTC day if some of `budget` is neither
   * used nor held; null when it is all spoken for. Concurrent calls can therefore overshoot the
   * budget by at most one call's worst case.
   */
  reserve(request: {
    db: Queryable;
    userId: string;
    tokens: number;
    budget: number;
    now?: Date;
    /** The user's tokens in `usage_daily` for `day`, read already; used when `day` is today. */
    recorded?: { day: string; tokens: number };
  }): Promise<BudgetReservation | null>;
}

// KEYS: day hash (field `settled`), held zset (member `<id>:<tokens>`, score: expiry ms).
// ARGV: id, tokens, tokens recorded in the database today, budget, now ms, ttl ms, key ttl s.
// The hash starts from the database's figure and then counts every settled call, so a database
// read that missed a call settled a moment ago still sees it here. Answers {reserved, used, held}.
const reserveScript = new LuaScript(`
local now = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('HSETNX', KEYS[1], 'settled', ARGV[3]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[7]) end
local used = math.max(tonumber(redis.call('HGET', KEYS[1], 'settled')), tonumber(ARGV[3]))
local held = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  held = held + tonumber(string.match(member, ':(%d+)$'))
end
if used + held >= tonumber(ARGV[4]) then return {0, used, held} end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[1] .. ':' .. ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[7])
return {1, used, held}`);

// KEYS: day hash, held zset. ARGV: member, tokens used. Moves the call from held to settled in one
// step, so no reservation sees it in neither. A day whose hash is gone restarts from the database.
const settleScript = new LuaScript(`
redis.call('ZREM', KEYS[2], ARGV[1])
if tonumber(ARGV[2]) > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'settled', ARGV[2])
end
return 1`);

/** The keys of one user's day; the hash tag keeps both in one cluster slot. */
function dayKeys(userId: string, now: Date): [string, string] {
  const tag = `{${userId}:${now.toISOString().slice(0, 10)}}`;
  return [`budget:${tag}`, `budget:${tag}:held`];
}

/** A {@link TokenBudget} in Redis: reserving and settling are one Lua script each, atomic across Workers. */
export function redisTokenBudget(redis: Redis, options: { ttlMs?: number } = {}): TokenBudget {
  const ttlMs = options.ttlMs ?? RESERVATION_TTL_MS;
  return {
    async reserve({ db, userId, tokens, budget, now = new Date(), recorded: read }) {
      const amount = Math.max(0, Math.ceil(tokens));
      const recorded = read?.day === dayOf(now) ? read.tokens : await tokensUsedToday(db, userId, now);
      const keys = dayKeys(userId, now);
      const id = randomUUID();
      const member = `${id}:${amount}`;
      const args = [id, amount, recorded, budget, now.getTime(), ttlMs, DAY_KEY_TTL_SECONDS];
      const [reserved] = (await reserveScript.run(redis, keys, args)) as [number, number, number];
      if (reserved !== 1) return null;
      let settled = false;
      return {
        tokens: amount,
        async settle(usedTokens) {
          // Counted once, however often it is called.
          if (settled) return;
          settled = true;
          const used = Math.max(0, Math.round(usedTokens));
          // Sent, not waited for: whatever this connection sends next (the next call's reservation,
          // the run's closing events) reaches Redis after it, and until it lands the hold still
          // counts, so a late settle, like a failed one (the hold runs out), errs on the side of
          // refusing. The turn's end does not wait a round trip for it.
          settleScript.run(redis, keys, [member, used]).catch(() => {});
        },
      };
    },
  };
}
