import { captureEmf } from "@finchat/testkit/emf";
import { describe, expect, it } from "vitest";
import { createLogger } from "../observability/logger.ts";
import { createEmfPublisher } from "../observability/metrics.ts";
import { ChatAdmission, retryAfterMs, startChatAdmission } from "./admission.ts";

const settings = { maxConcurrency: 256, maxLoopDelayMs: 100, maxHeapPercent: 85, rateLimitPauseMs: 5000 };
const healthy = { loopDelayP99Ms: 5, heapPercent: 40 };
const logger = createLogger({ level: "silent", service: "test" });

function admissionAt(clock: { now: number }, overrides: Partial<typeof settings> = {}) {
  const applied: number[] = [];
  const admission = new ChatAdmission(
    { ...settings, ...overrides },
    (c) => applied.push(c),
    () => clock.now,
  );
  const start = (n: number) => {
    for (let i = 0; i < n; i++) admission.started();
  };
  return { admission, applied, start };
}

describe("chat admission", () => {
  it("takes 256 turns while the process keeps up", () => {
    const { admission, applied, start } = admissionAt({ now: 0 });
    start(256);
    expect(admission.adjust(healthy)).toBeUndefined();
    expect(admission.capacity).toBe(256);
    expect(admission.saturationPercent).toBe(100);
    expect(applied).toEqual([]);
  });

  it("holds at what runs while the event loop lags, then takes turns up to the maximum again", () => {
    const { admission, applied, start } = admissionAt({ now: 0 });
    start(120);
    expect(admission.adjust({ ...healthy, loopDelayP99Ms: 180 })).toBe("event_loop");
    expect(admission.capacity).toBe(120);
    expect(admission.saturationPercent).toBe(100);
    // Turns that finish while it lags are not replaced.
    for (let i = 0; i < 20; i++) admission.finished();
    admission.adjust({ ...healthy, loopDelayP99Ms: 150 });
    expect(admission.capacity).toBe(100);
    admission.adjust(healthy);
    expect(applied).toEqual([120, 100, 256]);
    expect(admission.holding).toBeUndefined();
  });

  it("holds while the heap is nearly full, keeping at least one turn", () => {
    const { admission } = admissionAt({ now: 0 });
    expect(admission.adjust({ ...healthy, heapPercent: 90 })).toBe("heap");
    expect(admission.capacity).toBe(1);
  });

  it("holds for the pause after a 429, or for its retry-after when longer", () => {
    const clock = { now: 0 };
    const { admission, start } = admissionAt(clock);
    start(10);
    admission.modelResponded(200);
    expect(admission.adjust(healthy)).toBeUndefined();
    admission.modelResponded(429, 20_000);
    expect(admission.adjust(healthy)).toBe("rate_limited");
    expect(admission.capacity).toBe(10);
    clock.now = 19_999;
    expect(admission.adjust(healthy)).toBe("rate_limited");
    clock.now = 20_000;
    expect(admission.adjust(healthy)).toBeUndefined();
    admission.modelResponded(429);
    clock.now = 24_999;
    expect(admission.adjust(healthy)).toBe("rate_limited");
  });

  it("ignores 429s when the pause is 0", () => {
    const { admission } = admissionAt({ now: 0 }, { rateLimitPauseMs: 0 });
    admission.modelResponded(429, 10_000);
    expect(admission.adjust(healthy)).toBeUndefined();
  });

  it("reports the means of turns in flight and saturation over the samples of a window", () => {
    const { admission, start } = admissionAt({ now: 0 }, { maxConcurrency: 100 });
    start(10);
    admission.adjust(healthy);
    start(30);
    admission.adjust(healthy);
    expect(admission.takeWindow()).toEqual({ inFlight: 25, saturationPercent: 25 });
    // A window without samples reports the values of the moment.
    expect(admission.takeWindow()).toEqual({ inFlight: 40, saturationPercent: 40 });
  });

  it("reads retry-after-ms, retry-after in seconds and as a date", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500" }))).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "2.5" }))).toBe(2500);
    const now = Date.parse("2026-12-05T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Sat, 05 Dec 2026 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe("startChatAdmission", () => {
  it("holds new turns while the event loop is blocked and publishes saturation as EMF", async () => {
    const capture = captureEmf();
    const metrics = createEmfPublisher({
      dimensions: { Stage: "test", Service: "worker" },
      flushIntervalMs: 60_000,
      maxSeries: 1000,
      logger,
    });
    const applied: number[] = [];
    const loop = startChatAdmission({
      settings: { ...settings, maxConcurrency: 8, maxLoopDelayMs: 50 },
      apply: (c) => applied.push(c),
      metrics: metrics.scoped({ Stage: "test" }),
      logger,
      sampleMs: 200,
      publishMs: 450,
    });
    try {
      for (let i = 0; i < 3; i++) loop.admission.started();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const until = Date.now() + 150;
      while (Date.now() < until) {
        // a turn hogging the event loop
      }
      await expect.poll(() => applied, { timeout: 2000 }).toContain(3);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await metrics.close();
      const saturation = capture.find("ChatSaturationPercent");
      expect(saturation[0]?.dimensions).toEqual({ Stage: "test" });
      expect(saturation[0]?.unit).toBe("Percent");
      expect(Math.max(...saturation.flatMap((p) => p.values))).toBeGreaterThan(37.5);
      expect(capture.find("ChatTurnsInFlight").flatMap((p) => p.values)).toContain(3);
    } finally {
      loop.stop();
      capture.stop();
    }
  });
});
