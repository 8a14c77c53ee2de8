import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createReaderPool } from "./reader-pool.ts";

const source = new Redis(inject("redisUrl"));
afterAll(() => source.disconnect());

describe("reader pool", () => {
  it("hands a released reader to the next stream and closes discarded ones", async () => {
    const pool = createReaderPool(source, 1);
    const first = pool.acquire();
    await first.ping();
    pool.release(first);
    expect(pool.acquire()).toBe(first);

    const second = pool.acquire();
    expect(second).not.toBe(first);
    await second.ping();
    pool.discard(second);
    await expect(second.ping()).rejects.toThrow();

    pool.release(first);
    const third = pool.acquire();
    await third.ping();
    pool.release(third);
    pool.close();
    await expect(third.ping()).rejects.toThrow();
  });
});
