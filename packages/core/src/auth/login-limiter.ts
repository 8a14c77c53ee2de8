import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors.ts";

export interface LoginLimits {
  loginMaxPerAccount: number;
  loginMaxPerIp: number;
  loginWindowSeconds: number;
}

export interface LoginLimiter {
  /** Throws `rate_limited` (with retryAfter) when the account or the address has failed too often. */
  check(email: string, ip: string): Promise<void>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

/**
 * Counts failed sign-ins per account and per client address in Redis, so every Api task sees the
 * same counts. Only failures count; a success clears the account's count.
 */
export function createLoginLimiter(redis: Redis, limits: LoginLimits, keyPrefix = "login"): LoginLimiter {
  const common = { storeClient: redis, duration: limits.loginWindowSeconds, rejectIfRedisNotReady: true };
  const byAccount = new RateLimiterRedis({
    ...common,
    keyPrefix: `${keyPrefix}:account`,
    points: limits.loginMaxPerAccount,
  });
  const byIp = new RateLimiterRedis({
    ...common,
    keyPrefix: `${keyPrefix}:ip`,
    points: limits.loginMaxPerIp,
  });
  const accountKey = (email: string) => email.trim().toLowerCase();

  const blockedFor = async (limiter: RateLimiterRedis, key: string, points: number) => {
    const res = await limiter.get(key);
    return res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  };

  const consume = async (limiter: RateLimiterRedis, key: string) => {
    try {
      await limiter.consume(key);
    } catch (err) {
      // Over the limit is expected here; the next check() reports it.
      if (!(err instanceof RateLimiterRes)) throw err;
    }
  };

  return {
    async check(email, ip) {
      const wait = Math.max(
        await blockedFor(byAccount, accountKey(email), limits.loginMaxPerAccount),
        await blockedFor(byIp, ip, limits.loginMaxPerIp),
      );
      if (wait > 0) {
        throw new AppError("rate_limited", "Too many failed sign-in attempts; try again later", {
          retryAfter: wait,
        });
      }
    },
    async recordFailure(email, ip) {
      await Promise.all([consume(byAccount, accountKey(email)), consume(byIp, ip)]);
    },
    async recordSuccess(email) {
      await byAccount.delete(accountKey(email));
    },
  };
}
