import type { Redis } from "ioredis";
import type { JobsLogger } from "./connections.ts";

export interface EvictionPolicyCheck {
  /** Redis's `maxmemory-policy`, or `unknown` when INFO does not report it. */
  policy: string;
  /** True only for `noeviction`, the one policy under which Redis never drops queued jobs. */
  ok: boolean;
}

/**
 * Reads Redis's `maxmemory-policy` (through INFO, which managed Redis services allow where CONFIG is
 * blocked) and logs a loud warning unless it is `noeviction`: any other policy lets Redis delete
 * queued jobs and locks when memory runs short.
 */
export async function checkRedisEvictionPolicy(
  redis: Redis,
  logger: Pick<JobsLogger, "warn">,
): Promise<EvictionPolicyCheck> {
  const info = await redis.info("memory");
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1] ?? "unknown";
  const ok = policy === "noeviction";
  if (!ok) {
    logger.warn(
      { maxmemoryPolicy: policy, expected: "noeviction" },
      `REDIS EVICTION POLICY IS "${policy}", NOT "noeviction": Redis may silently delete queued jobs and locks under memory pressure. Set maxmemory-policy noeviction.`,
    );
  }
  return { policy, ok };
}
