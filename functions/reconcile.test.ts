import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { reconcileSlots } from "./reconcile.ts";

const redis = new Redis(inject("redisUrl"));
afterAll(() => redis.disconnect());

describe("reconcileSlots", () => {
  it("runs a pass at every Worker's start, then once per slot across Workers", async () => {
    const passes: string[] = [];
    const workers = ["a", "b"].map((name) =>
      reconcileSlots({ redis }, async () => {
        passes.push(name);
      }),
    );
    const slot = (n: number) => `${randomUUID()}-slot-${n}`;
    const first = slot(0);

    await Promise.all(workers.map((request) => request(first)));
    expect(passes.sort()).toEqual(["a", "b"]);

    passes.length = 0;
    for (const n of [1, 2, 3]) {
      const next = slot(n);
      await Promise.all(workers.map((request) => request(next)));
    }
    expect(passes).toHaveLength(3);
  });
});
