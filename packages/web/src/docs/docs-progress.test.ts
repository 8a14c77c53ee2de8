import { describe, expect, it } from "vitest";
import { progressOf } from "./docs-progress.tsx";

describe("progressOf", () => {
  it("counts a docs run's files read and pages written towards one bar", () => {
    const data = { phase: "writing", filesRead: 40, filesTotal: 40, pagesDone: 2, pagesTotal: 10 };
    expect(progressOf(data)).toEqual({ done: 42, total: 50, label: "writing" });
    expect(progressOf({ ...data, filesTotal: 0, filesRead: 0, pagesTotal: 0 })).toBeNull();
  });

  it("still reads { done, total } and { percent }", () => {
    expect(progressOf({ done: 3, total: 4 })).toEqual({ done: 3, total: 4, label: null });
    expect(progressOf({ percent: 120, message: "zipping" })).toEqual({
      done: 100,
      total: 100,
      label: "zipping",
    });
    expect(progressOf("nothing")).toBeNull();
  });
});
