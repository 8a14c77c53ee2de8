import { describe, expect, it } from "vitest";
import { FifoLock } from "./fifo-lock.ts";

describe("FifoLock", () => {
  it("grants the lock in request order, one holder at a time", async () => {
    const lock = new FifoLock();
    const order: number[] = [];
    const release = await lock.acquire(1000);
    const waiting = [1, 2, 3].map(async (n) => {
      const done = await lock.acquire(1000);
      order.push(n);
      await new Promise((r) => setTimeout(r, 1));
      done();
    });
    expect(order).toEqual([]);
    release();
    release(); // a second release must not hand the lock out twice
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it("rejects with `unavailable` when the wait is too long, and keeps serving the queue", async () => {
    const lock = new FifoLock();
    const release = await lock.acquire(1000);
    await expect(lock.acquire(20)).rejects.toMatchObject({ code: "unavailable", retryAfter: 1 });
    const next = lock.acquire(1000);
    release();
    (await next)();
    (await lock.acquire(10))();
  });
});
