import type { CapEpicSummary } from "@finchat/core/capitalisation/types";
import { describe, expect, it } from "vitest";
import { chartGeometry, layoutEpicBars } from "./chart.ts";
import { formatMoney, groupDigits } from "./format.ts";
import { phasesProblem } from "./phases-editor.tsx";
import { rateProblem } from "./rates-editor.tsx";
import { splitTokens } from "./token-input.tsx";

const figure = (cost: string, hours = "1.00") => ({ cost, hours });
function epic(epicKey: string | null, capitalisable: string, expensed: string): CapEpicSummary {
  return {
    epicKey,
    summary: null,
    projectKey: "FIN",
    phases: null,
    capitalisable: figure(capitalisable),
    expensed: figure(expensed),
    unclassified: figure("0.00"),
    unratedHours: "0.00",
    worklogs: 1,
    evidence: null,
  };
}

describe("the chart of capitalisable against expensed per epic", () => {
  const { labelWidth, width, valueWidth, rowHeight } = chartGeometry;
  const track = width - labelWidth - valueWidth;

  it("stacks capitalisable then expensed, biggest epic first, the biggest filling the track", () => {
    const layout = layoutEpicBars(
      [epic("FIN-1", "100.00", "50.00"), epic("FIN-2", "600.00", "0.00")],
      "cost",
    );
    expect(layout.bars.map((b) => b.label)).toEqual(["FIN-2", "FIN-1"]);
    const [big, small] = layout.bars;
    expect(big?.end).toBeCloseTo(labelWidth + track);
    expect(big?.segments[1]?.width).toBe(0);
    expect(small?.segments[0]).toMatchObject({ series: "capitalisable", x: labelWidth });
    expect(small?.segments[0]?.width).toBeCloseTo(track / 6);
    expect(small?.segments[1]?.x).toBeCloseTo(labelWidth + track / 6);
    expect(small?.segments[1]?.width).toBeCloseTo(track / 12);
    expect(layout.height).toBe(2 * rowHeight + 8);
  });

  it("labels with the report's own figures, names work outside epics, and leaves out empty epics", () => {
    const layout = layoutEpicBars(
      [epic(null, "0.01", "1234567.89"), epic("FIN-3", "0.00", "0.00"), epic("FIN-4", "0.00", "0.00")],
      "cost",
    );
    expect(layout.bars).toHaveLength(1);
    expect(layout.bars[0]?.label).toBe("No epic");
    expect(layout.bars[0]?.figures).toEqual({ capitalisable: "0.01", expensed: "1234567.89" });
    // A cent next to a million still draws a visible sliver.
    expect(layout.bars[0]?.segments[0]?.width).toBe(1);
    expect(layoutEpicBars([], "hours").bars).toEqual([]);
  });

  it("draws hours when asked", () => {
    const e = { ...epic("FIN-1", "10.00", "10.00"), expensed: figure("10.00", "3.00") };
    const [bar] = layoutEpicBars([e], "hours").bars;
    expect(bar?.figures).toEqual({ capitalisable: "1.00", expensed: "3.00" });
    expect(bar?.segments[0]?.width).toBeCloseTo(track / 4);
  });
});

describe("figures and inputs of the Finance page", () => {
  it("shows decimal strings exactly, grouped by thousands", () => {
    expect(groupDigits("1234567.891")).toBe("1,234,567.891");
    expect(groupDigits("-1000.00")).toBe("-1,000.00");
    expect(groupDigits("999")).toBe("999");
    expect(formatMoney("12345678901234567.05", "EUR")).toBe("12,345,678,901,234,567.05 EUR");
    expect(formatMoney(null, "EUR")).toBe("no rate");
  });

  it("splits typed tokens without losing or repeating any", () => {
    expect(splitTokens("FIN-1, FIN-2  FIN-1\nFIN-3", ["FIN-2"])).toEqual(["FIN-2", "FIN-1", "FIN-3"]);
    expect(splitTokens(" , ")).toEqual([]);
  });

  it("refuses phases that end before they begin", () => {
    expect(phasesProblem("2026-07-01", "2026-09-01")).toBeNull();
    expect(phasesProblem("2026-07-01", "")).toBeNull();
    expect(phasesProblem("", "")).toBeNull();
    expect(phasesProblem("2026-07-01", "2026-07-01")).toBe(
      "Post-implementation must start after development starts.",
    );
    expect(phasesProblem("2026-07-01", "2026-06-30")).not.toBeNull();
  });

  it("checks a rate before sending it", () => {
    const rate = {
      subjectKind: "person" as const,
      subject: "acc-1",
      hourlyRate: "85.50",
      currency: "EUR",
      effectiveFrom: "2026-07-01",
    };
    expect(rateProblem(rate)).toBeNull();
    expect(rateProblem({ ...rate, hourlyRate: "85,50" })).toMatch(/number/);
    expect(rateProblem({ ...rate, hourlyRate: "-1" })).toMatch(/number/);
    expect(rateProblem({ ...rate, subject: " " })).toBe("Pick a person.");
    expect(rateProblem({ ...rate, currency: "eu" })).toMatch(/three letters/);
    expect(rateProblem({ ...rate, effectiveFrom: "" })).toMatch(/day/);
  });
});
