import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../observability/logger.ts";
import { intervalSlot, startSlotScheduler } from "./slots.ts";

const logger = createLogger({ level: "silent", service: "test" });

describe("intervalSlot", () => {
  it("is the start of the interval the time falls in", () => {
    const sixHours = 6 * 3_600_000;
    expect(intervalSlot(new Date("2025-03-01T05:59:59.999Z"), sixHours)).toBe("2025-03-01T00:00:00.000Z");
    expect(intervalSlot(new Date("2025-03-01T06:00:00.000Z"), sixHours)).toBe("2025-03-01T06:00:00.000Z");
    expect(intervalSlot(new Date("2025-03-01T23:10:00.000Z"), sixHours)).toBe("2025-03-01T18:00:00.000Z");
  });
});

describe("startSlotScheduler", () => {
  it("asks once per slot and retries a failed request before the next slot", async () => {
    const intervalMs = 300;
    const asked: string[] = [];
    let failures = 1;
    const scheduler = startSlotScheduler({
      name: "test",
      intervalMs,
      retryMs: 20,
      logger,
      request: async (slot) => {
        if (failures-- > 0) throw new Error("queue down");
        asked.push(slot);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 3 * intervalMs + 50));
    scheduler.stop();
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(new Set(asked).size).toBe(asked.length);
    for (const slot of asked) expect(Date.parse(slot) % intervalMs).toBe(0);
  });

  it("does not ask again when its timer fires before the wall clock reaches the next slot", async () => {
    vi.useFakeTimers({ now: new Date("2025-03-01T00:00:00.100Z") });
    const asked: string[] = [];
    // The wall clock falls 2 ms further behind the timers after every request.
    let lagMs = 0;
    const scheduler = startSlotScheduler({
      name: "test",
      intervalMs: 1000,
      logger,
      now: () => new Date(Date.now() - lagMs),
      request: async (slot) => {
        asked.push(slot);
        lagMs += 2;
      },
    });
    await vi.advanceTimersByTimeAsync(3000);
    scheduler.stop();
    expect(asked).toEqual([
      "2025-03-01T00:00:00.000Z",
      "2025-03-01T00:00:01.000Z",
      "2025-03-01T00:00:02.000Z",
      "2025-03-01T00:00:03.000Z",
    ]);
  });
});

afterEach(() => {
  vi.useRealTimers();
});
