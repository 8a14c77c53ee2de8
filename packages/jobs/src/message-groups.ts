import type { Redis } from "ioredis";
import { queueKeys } from "./keys.ts";
import { LuaScript } from "./lua-script.ts";

/**
 * How long a grouped message waits in BullMQ's delayed set before it checks its group again. Normally
 * the previous message's completion promotes it long before; the timer only matters when a process
 * died between finishing a message and releasing the next one.
 */
export const GROUP_HOLD_MS = 60_000;

// KEYS: group list, held zset. ARGV: id, sent time. Returns 1 when the message is its group's head.
const appendScript = new LuaScript(`
if redis.call('RPUSH', KEYS[1], ARGV[1]) == 1 then return 1 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 0`);

// KEYS: group list, held zset, holds hash. ARGV: id, job key prefix, sent time.
// Drops heads whose job no longer exists (finished, but the release was lost), then answers
// {1, holds} when the message is the head, or holds it back again and answers {0, holds}.
const checkHeadScript = new LuaScript(`
local id = ARGV[1]
while true do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head or head == id then break end
  if redis.call('EXISTS', ARGV[2] .. head) == 1 then
    if not redis.call('LPOS', KEYS[1], id) then redis.call('RPUSH', KEYS[1], id) end
    redis.call('ZADD', KEYS[2], ARGV[3], id)
    return {0, redis.call('HINCRBY', KEYS[3], id, 1)}
  end
  redis.call('LPOP', KEYS[1])
  redis.call('ZREM', KEYS[2], head)
  redis.call('HDEL', KEYS[3], head)
end
if redis.call('LINDEX', KEYS[1], 0) ~= id then redis.call('RPUSH', KEYS[1], id) end
redis.call('ZREM', KEYS[2], id)
return {1, tonumber(redis.call('HGET', KEYS[3], id) or '0')}`);

// KEYS: group list, held zset, holds hash. ARGV: finished id. Returns the next id to release, if any.
const advanceScript = new LuaScript(`
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then return false end
redis.call('LPOP', KEYS[1])
redis.call('HDEL', KEYS[3], ARGV[1])
local nextId = redis.call('LINDEX', KEYS[1], 0)
if not nextId then return false end
redis.call('ZREM', KEYS[2], nextId)
return nextId`);

// KEYS: group list, held zset, holds hash. ARGV: id. Takes a message that was never added (a
// duplicate) out of its group; returns the next id to release when it was the head.
const withdrawScript = new LuaScript(`
local wasHead = redis.call('LINDEX', KEYS[1], 0) == ARGV[1]
redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if not wasHead then return false end
local nextId = redis.call('LINDEX', KEYS[1], 0)
if not nextId then return false end
redis.call('ZREM', KEYS[2], nextId)
return nextId`);

// KEYS: held zset. Returns {count, oldest sent time or nil}.
const heldSummaryScript = new LuaScript(`
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {redis.call('ZCARD', KEYS[1]), oldest[2] or false}`);

/**
 * Per-group FIFO on open-source BullMQ (its groups are a Pro feature). A Redis list per group keeps
 * the send order; a message that heads its group is added as a waiting job, the others wait in the
 * delayed set until they head it. Finishing the head releases the next.
 */
export class MessageGroups {
  readonly #redis: Redis;
  readonly #keys: ReturnType<typeof queueKeys>;
  /** How long a grouped message waits before it checks its group again (see `GROUP_HOLD_MS`). */
  readonly holdMs: number;

  constructor(redis: Redis, prefix: string, queueName: string, holdMs = GROUP_HOLD_MS) {
    this.#redis = redis;
    this.#keys = queueKeys(prefix, queueName);
    this.holdMs = holdMs;
  }

  /** Records a newly sent message at the tail of its group; true when it is the head. */
  async append(id: string, groupId: string, sentAt: number): Promise<boolean> {
    const keys = [this.#keys.group(groupId), this.#keys.held];
    return (await appendScript.run(this.#redis, keys, [id, sentAt])) === 1;
  }

  /**
   * Asks whether a fetched message may run now. `holds` counts how often it was fetched early and
   * held back, which the receive count must not include.
   */
  async checkHead(id: string, groupId: string, sentAt: number): Promise<{ head: boolean; holds: number }> {
    const keys = [this.#keys.group(groupId), this.#keys.held, this.#keys.holds];
    const reply = (await checkHeadScript.run(this.#redis, keys, [id, this.#keys.jobPrefix, sentAt])) as [
      number,
      number,
    ];
    return { head: reply[0] === 1, holds: Number(reply[1]) };
  }

  /** Whether the message is its group's head now. */
  async isHead(id: string, groupId: string): Promise<boolean> {
    return (await this.#redis.lindex(this.#keys.group(groupId), 0)) === id;
  }

  /** Removes a finished message from its group's head; returns the next message id to release. */
  async advance(id: string, groupId: string): Promise<string | null> {
    const keys = [this.#keys.group(groupId), this.#keys.held, this.#keys.holds];
    const next = await advanceScript.run(this.#redis, keys, [id]);
    return typeof next === "string" ? next : null;
  }

  /** Takes out a message placed with `append` whose job was not added; returns the next id to release. */
  async withdraw(id: string, groupId: string): Promise<string | null> {
    const keys = [this.#keys.group(groupId), this.#keys.held, this.#keys.holds];
    const next = await withdrawScript.run(this.#redis, keys, [id]);
    return typeof next === "string" ? next : null;
  }

  /** How many grouped messages wait behind their group's head, and the oldest one's sent time. */
  async heldSummary(): Promise<{ count: number; oldestSentAt: number | null }> {
    const [count, oldest] = (await heldSummaryScript.run(this.#redis, [this.#keys.held], [])) as [
      number,
      string | null,
    ];
    return { count: Number(count), oldestSentAt: oldest === null ? null : Number(oldest) };
  }
}
