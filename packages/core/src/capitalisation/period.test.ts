import { describe, expect, it } from "vitest";
import { parsePeriod } from "./period.ts";

describe("parsePeriod", () => {
  it("reads quarters, months and from/to", () => {
    expect(parsePeriod({ period: "2026-Q3" })).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(parsePeriod({ period: "2024-Q1" })).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    expect(parsePeriod({ period: "2024-02" })).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(parsePeriod({ period: "2026-12" })).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(parsePeriod({ from: "2026-07-04", to: "2026-07-04" })).toEqual({
      from: "2026-07-04",
      to: "2026-07-04",
    });
  });

  it("refuses what it cannot read, with a clear message", () => {
    const cases: [Parameters<typeof parsePeriod>[0], RegExp][] = [
      [{ period: "2026-Q5" }, /quarter like 2026-Q3/],
      [{ period: "2026-13" }, /month like 2026-09/],
      [{ period: "2026-Q3", from: "2026-07-01" }, /not both/],
      [{ from: "2026-07-01" }, /both from and to/],
      [{ from: "2026-02-30", to: "2026-03-01" }, /from must be a calendar day/],
      [{ from: "2026-09-01", to: "2026-08-01" }, /is after/],
      [{ from: "2020-01-01", to: "2026-01-01" }, /at most 731 days/],
    ];
    for (const [input, message] of cases) {
      expect(() => parsePeriod(input)).toThrow(message);
    }
  });
});
