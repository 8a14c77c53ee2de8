import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { appendRunEvent, followRunEvents, isEventId, readRunEvents } from "./events.ts";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

describe("run events", () => {
  it("replays from the start or after an id, in order, with growing ids", async () => {
    const runId = randomUUID();
    const ids = [];
    for (const [event, data] of [
      ["run.started", {}],
      ["message.delta", { text: "Hel" }],
      ["message.delta", { text: "lo" }],
    ] as const) {
      ids.push(await appendRunEvent(redis, runId, event, data));
    }
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every(isEventId)).toBe(true);
    const all = await readRunEvents(redis, runId);
    expect(all.map((e) => e.event)).toEqual(["run.started", "message.delta", "message.delta"]);
    const after = await readRunEvents(redis, runId, ids[1]);
    expect(after).toEqual([{ id: ids[2], event: "message.delta", data: { text: "lo" } }]);
  });

  it("follows live events until the terminal one, then expires the stream", async () => {
    const runId = randomUUID();
    const blocking = redis.duplicate();
    const seen: string[] = [];
    const following = (async () => {
      for await (const e of followRunEvents(blocking, runId, "0-0", new AbortController().signal, {
        blockMs: 1000,
      })) {
        seen.push(e.event);
      }
    })();
    await appendRunEvent(redis, runId, "run.started", {});
    await appendRunEvent(redis, runId, "message.delta", { text: "x" });
    await appendRunEvent(redis, runId, "run.completed", {});
    await following;
    blocking.disconnect();
    expect(seen).toEqual(["run.started", "message.delta", "run.completed"]);
    expect(await redis.ttl(`run:${runId}:events`)).toBeGreaterThan(0);
  });

  it("calls onIdle after each empty wait and stops once aborted", async () => {
    const blocking = redis.duplicate();
    const controller = new AbortController();
    let idle = 0;
    const onIdle = () => {
      idle += 1;
      if (idle === 2) controller.abort();
    };
    const seen = [];
    for await (const e of followRunEvents(blocking, randomUUID(), "0-0", controller.signal, {
      blockMs: 20,
      onIdle,
    })) {
      seen.push(e);
    }
    blocking.disconnect();
    expect(seen).toEqual([]);
    expect(idle).toBe(2);
  });
});
