import { describe, expect, it } from "vitest";
import { type DocsProgress, progressReporter } from "./progress.ts";

function reporter(intervalMs = 250) {
  let clock = 0;
  const sent: DocsProgress[] = [];
  const progress = progressReporter(
    async (p) => {
      sent.push(p);
    },
    { intervalMs, now: () => clock },
  );
  return { progress, sent, tick: (ms: number) => (clock += ms) };
}

describe("progressReporter", () => {
  it("sends phase changes and finished counts at once, the rest at most once per interval", async () => {
    const { progress, sent, tick } = reporter();
    progress.update({ phase: "reading", filesTotal: 1000 });
    for (let n = 1; n <= 1000; n += 1) {
      tick(1);
      progress.update({ filesRead: n });
    }
    progress.update({ phase: "writing", pagesTotal: 3 });
    await progress.flush();
    const reading = sent.filter((p) => p.phase === "reading");
    expect(reading.length).toBeGreaterThanOrEqual(4);
    expect(reading.length).toBeLessThanOrEqual(6);
    expect(reading.at(-1)?.filesRead).toBe(1000);
    expect(sent.at(-1)).toEqual({
      phase: "writing",
      filesRead: 1000,
      filesTotal: 1000,
      pagesDone: 0,
      pagesTotal: 3,
    });
  });

  it("flushes a held-back update, once", async () => {
    const { progress, sent } = reporter(10_000);
    progress.update({ phase: "writing", pagesTotal: 10 });
    progress.update({ pagesDone: 4 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.map((p) => p.pagesDone)).toEqual([0]);
    await progress.flush();
    await progress.flush();
    expect(sent.map((p) => p.pagesDone)).toEqual([0, 4]);
  });

  it("never lets a failed send reach the run", async () => {
    const progress = progressReporter(async () => {
      throw new Error("redis down");
    });
    progress.update({ phase: "reading" });
    await expect(progress.flush()).resolves.toBeUndefined();
  });
});
