import { describe, expect, it } from "vitest";
import { convertPeriod, isIsoDate, periodLabel, periodRange, quarterOf } from "./period.ts";

describe("report periods", () => {
  it("cuts months at their last day, February of a leap year included", () => {
    expect(periodRange({ kind: "month", year: 2026, month: 9 })).toEqual({
      from: "2026-09-01",
      to: "2026-09-30",
    });
    expect(periodRange({ kind: "month", year: 2028, month: 2 })).toEqual({
      from: "2028-02-01",
      to: "2028-02-29",
    });
    expect(periodRange({ kind: "month", year: 2026, month: 2 })).toEqual({
      from: "2026-02-01",
      to: "2026-02-28",
    });
    expect(periodRange({ kind: "month", year: 2026, month: 13 })).toEqual({ error: "Pick a month." });
  });

  it("spans quarters over three whole months", () => {
    expect(periodRange({ kind: "quarter", year: 2026, quarter: 1 })).toEqual({
      from: "2026-01-01",
      to: "2026-03-31",
    });
    expect(periodRange({ kind: "quarter", year: 2026, quarter: 3 })).toEqual({
      from: "2026-07-01",
      to: "2026-09-30",
    });
    expect(periodRange({ kind: "quarter", year: 2026, quarter: 4 })).toEqual({
      from: "2026-10-01",
      to: "2026-12-31",
    });
    expect(periodLabel({ kind: "quarter", year: 2026, quarter: 3 })).toBe("2026-Q3");
  });

  it("takes a custom run of days only when both are real days in order", () => {
    expect(periodRange({ kind: "custom", from: "2026-07-01", to: "2026-07-01" })).toEqual({
      from: "2026-07-01",
      to: "2026-07-01",
    });
    expect(periodRange({ kind: "custom", from: "2026-07-02", to: "2026-07-01" })).toEqual({
      error: "The last day is before the first.",
    });
    expect(periodRange({ kind: "custom", from: "2026-02-30", to: "2026-03-01" })).toHaveProperty("error");
    expect(periodRange({ kind: "custom", from: "", to: "2026-03-01" })).toHaveProperty("error");
    expect(isIsoDate("2026-13-01")).toBe(false);
    // The routes take at most 731 days.
    expect(periodRange({ kind: "custom", from: "2025-01-01", to: "2027-01-01" })).toEqual({
      from: "2025-01-01",
      to: "2027-01-01",
    });
    expect(periodRange({ kind: "custom", from: "2025-01-01", to: "2027-01-02" })).toEqual({
      error: "A report covers at most 731 days.",
    });
  });

  it("opens on the current quarter and keeps the same time when the kind changes", () => {
    expect(quarterOf(new Date("2026-12-05T03:00:00Z"))).toEqual({ kind: "quarter", year: 2026, quarter: 4 });
    const q3 = { kind: "quarter", year: 2026, quarter: 3 } as const;
    expect(convertPeriod(q3, "month")).toEqual({ kind: "month", year: 2026, month: 7 });
    expect(convertPeriod(q3, "custom")).toEqual({ kind: "custom", from: "2026-07-01", to: "2026-09-30" });
    expect(convertPeriod({ kind: "month", year: 2026, month: 11 }, "quarter")).toEqual({
      kind: "quarter",
      year: 2026,
      quarter: 4,
    });
  });
});
