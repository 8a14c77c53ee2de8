import { LuaScript } from "@finchat/jobs";
import type { Redis } from "ioredis";
import { reservePoints } from "./rate-limit.ts";

export interface LoginLimits {
  loginMaxPerAccount: number;
  loginMaxPerIp: number;
  loginWindowSeconds: number;
  signupMaxPerIp: number;
  signupWindowSeconds: number;
}

/** The outcome of one password check, reported back to the limiter. */
export type LoginOutcome = "success" | "failure";

export interface LoginLimiter {
  /**
   * Takes one point from the account's and the address's counters before a password is checked,
   * atomically across both; throws `rate_limited` (with retryAfter) when either has none left.
   * Every successful reserve must be followed by exactly one `settle`.
   */
  reserve(email: string, ip: string): Promise<void>;
  /** Reports how the check went: a success gives the address its point back and forgets the
   *  account's settled failures. */
  settle(email: string, ip: string, outcome: LoginOutcome): Promise<void>;
  /** Takes one sign-up point from the address (kept whatever the outcome) or throws `rate_limited`. */
  reserveSignup(ip: string): Promise<void>;
}

/**
 * After a success: the attempt leaves the in-flight count, the account's counter drops to the
 * attempts still in flight (their points stay taken), and the address gets its point back.
 * KEYS: account counter, account in-flight, address counter; ARGV[1]: "1" for a success.
 */
const settleScript = new LuaScript(`
local busy = tonumber(redis.call("GET", KEYS[2]) or "0")
if busy > 0 then
  busy = redis.call("DECR", KEYS[2])
end
if ARGV[1] == "1" then
  if busy > 0 then
    redis.call("SET", KEYS[1], busy, "KEEPTTL")
  else
    redis.call("DEL", KEYS[1])
  end
  if tonumber(redis.call("GET", KEYS[3]) or "0") > 0 then redis.call("DECR", KEYS[3]) end
end
return 0
`);

/**
 * Limits password checks per account and per client address in Redis, so every Api task sees the
 * same counts. Each attempt takes its points before the (slow) hash is computed, so however many
 * requests arrive at once, at most `loginMaxPerAccount` checks run against one account and at most
 * `loginMaxPerIp` from one address per window. Failures keep their points; a success gives back
 * the address's point and clears the account's failures. Sign-ups are counted per address too.
 */
export function createLoginLimiter(redis: Redis, limits: LoginLimits, keyPrefix = "login"): LoginLimiter {
  const keys = (email: string, ip: string) => {
    const account = `${keyPrefix}:account:${email.trim().toLowerCase()}`;
    return { account, inFlight: `${account}:in-flight`, address: `${keyPrefix}:ip:${ip}` };
  };

  return {
    async reserve(email, ip) {
      const k = keys(email, ip);
      await reservePoints(
        redis,
        [
          { key: k.account, max: limits.loginMaxPerAccount },
          { key: k.address, max: limits.loginMaxPerIp },
        ],
        limits.loginWindowSeconds,
        "Too many sign-in attempts; try again later",
        [k.inFlight],
      );
    },
    async settle(email, ip, outcome) {
      const k = keys(email, ip);
      await settleScript.run(redis, [k.account, k.inFlight, k.address], [outcome === "success" ? "1" : "0"]);
    },
    async reserveSignup(ip) {
      await reservePoints(
        redis,
        [{ key: `${keyPrefix}:signup:${ip}`, max: limits.signupMaxPerIp }],
        limits.signupWindowSeconds,
        "Too many sign-ups from this address; try again later",
      );
    },
  };
}
