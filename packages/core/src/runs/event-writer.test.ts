import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RunEventWriter } from "./event-writer.ts";
import { readRunEvents } from "./events.ts";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

/** `redis` with its round trips counted: lone XADDs and MULTI/EXEC transactions. */
function counted(exec?: () => Promise<unknown>) {
  const calls = { xadd: 0, multi: 0 };
  const client = {
    xadd: (...args: Parameters<Redis["xadd"]>) => {
      calls.xadd += 1;
      return redis.xadd(...args);
    },
    multi: () => {
      calls.multi += 1;
      const transaction = redis.multi();
      if (exec) transaction.exec = exec as typeof transaction.exec;
      return transaction;
    },
  } as unknown as Redis;
  return { client, calls };
}

const texts = (events: { data: unknown }[]) => events.map((e) => (e.data as { text: string }).text);

describe("RunEventWriter", () => {
  it("keeps call order and sends what waited behind a round trip in the next one", async () => {
    const runId = randomUUID();
    const { client, calls } = counted();
    const writer = new RunEventWriter(client, runId);
    const sent = Array.from({ length: 21 }, (_, i) => String(i));
    for (const text of sent) writer.append("message.delta", { text });
    writer.append("run.completed", {});
    await writer.flush();

    const stored = await readRunEvents(redis, runId);
    expect(texts(stored.slice(0, -1))).toEqual(sent);
    expect(stored.at(-1)?.event).toBe("run.completed");
    expect(calls).toEqual({ xadd: 1, multi: 1 });
    expect(await redis.ttl(`run:${runId}:events`)).toBeGreaterThan(0);
  });

  it("stops at the first failed append: later events are refused, nothing after it is stored", async () => {
    const runId = randomUUID();
    const { client } = counted(() => Promise.reject(new Error("redis went away")));
    const writer = new RunEventWriter(client, runId);
    writer.append("message.delta", { text: "a" });
    writer.append("message.delta", { text: "b" });
    writer.append("message.delta", { text: "c" });

    await expect(writer.flush()).rejects.toThrow("redis went away");
    expect(() => writer.append("message.delta", { text: "d" })).toThrow("redis went away");
    expect(texts(await readRunEvents(redis, runId))).toEqual(["a"]);
  });
});
