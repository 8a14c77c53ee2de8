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
  it("keeps call order, gathering what one turn of the event loop appends into one round trip", async () => {
    const runId = randomUUID();
    const { client, calls } = counted();
    const writer = new RunEventWriter(client, runId);
    writer.append("run.started", {});
    await writer.flush();
    expect(calls).toEqual({ xadd: 1, multi: 0 });
    const sent = Array.from({ length: 21 }, (_, i) => String(i));
    for (const text of sent) writer.append("message.delta", { text });
    writer.append("run.completed", {});
    await writer.flush();

    const stored = await readRunEvents(redis, runId);
    expect(stored[0]?.event).toBe("run.started");
    expect(texts(stored.slice(1, -1))).toEqual(sent);
    expect(stored.at(-1)?.event).toBe("run.completed");
    expect(calls).toEqual({ xadd: 1, multi: 1 });
    expect(await redis.ttl(`run:${runId}:events`)).toBeGreaterThan(0);
  });

  it("sends what is appended while a round trip is in flight in the next one", async () => {
    const runId = randomUUID();
    const { client, calls } = counted();
    const writer = new RunEventWriter(client, runId);
    writer.append("message.delta", { text: "a" });
    await new Promise((resolve) => setImmediate(resolve));
    // The first append is on its way now.
    writer.append("message.delta", { text: "b" });
    writer.append("message.delta", { text: "c" });
    await writer.flush();
    expect(texts(await readRunEvents(redis, runId))).toEqual(["a", "b", "c"]);
    expect(calls).toEqual({ xadd: 1, multi: 1 });
  });

  it("stops at the first failed append: later events are refused, nothing after it is stored", async () => {
    const runId = randomUUID();
    const { client } = counted(() => Promise.reject(new Error("redis went away")));
    const writer = new RunEventWriter(client, runId);
    writer.append("message.delta", { text: "a" });
    await writer.flush();
    writer.append("message.delta", { text: "b" });
    writer.append("message.delta", { text: "c" });

    await expect(writer.flush()).rejects.toThrow("redis went away");
    expect(() => writer.append("message.delta", { text: "d" })).toThrow("redis went away");
    expect(texts(await readRunEvents(redis, runId))).toEqual(["a"]);
  });
});
