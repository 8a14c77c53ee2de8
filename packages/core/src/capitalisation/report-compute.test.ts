import { describe, expect, it } from "vitest";
import { Dec } from "../agent/tools/finance/decimal.ts";
import type { PolicySnapshot, WorklogRow } from "./classify.ts";
import { computeCapReport } from "./report-compute.ts";
import type { CapReport, CostRate, HoursAndCost } from "./types.ts";
import { emptyRules } from "./types.ts";

const rate = (subject: string, hourlyRate: string): CostRate => ({
  id: `r-${subject}`,
  subjectKind: "person",
  subject,
  hourlyRate,
  currency: "USD",
  effectiveFrom: "2026-01-01",
  createdBy: "u",
  createdAt: "2026-01-01T00:00:00.000Z",
});

function snapshot(currency: string, rates: CostRate[]): PolicySnapshot {
  return {
    policies: new Map([
      [
        "FIN",
        {
          projectKey: "FIN",
          currency,
          rules: { ...emptyRules(), epics: ["FIN-1"], include: ["FIN-7"] },
          updatedBy: "u",
          updatedAt: "",
        },
      ],
    ]),
    phases: new Map([["FIN-1", { developmentFrom: "2026-07-01", postImplementationFrom: "2026-08-01" }]]),
    rates: rates.map((r) => ({ ...r, currency })),
    roles: new Map(),
    epicSummaries: new Map(),
  };
}

function row(
  id: string,
  accountId: string,
  seconds: number,
  workDate: string,
  key: string,
  epicKey: string | null,
): WorklogRow {
  return {
    worklogId: id,
    accountId,
    authorName: accountId,
    workDate,
    seconds,
    issue: { key, projectKey: "FIN", summary: key, type: "Story", epicKey, labels: [], components: [] },
  };
}

const query = (currency: string) => ({
  from: "2026-07-01",
  to: "2026-09-30",
  projects: ["FIN"],
  currency,
  syncedAt: null,
  generatedAt: "2026-10-01T00:00:00.000Z",
});

const sum = (values: string[]) => values.reduce((s, v) => s.plus(v), new Dec(0));

/** Every shown figure equals the sum of the rounded lines under it, per treatment and column. */
function expectColumnsAddUp(
  report: CapReport,
  lines: ReturnType<typeof computeCapReport>["lines"],
  places: number,
) {
  for (const treatment of ["capitalisable", "expensed", "unclassified"] as const) {
    const mine = lines.filter((l) => l.treatment === treatment);
    const total: HoursAndCost = report.totals[treatment];
    expect(sum(mine.map((l) => l.hours)).toFixed(2)).toBe(total.hours);
    expect(sum(mine.flatMap((l) => (l.cost === null ? [] : [l.cost]))).toFixed(places)).toBe(total.cost);
    expect(sum(report.epics.map((e) => e[treatment].cost)).toFixed(places)).toBe(total.cost);
    expect(sum(report.people.map((p) => p[treatment].cost)).toFixed(places)).toBe(total.cost);
    expect(sum(report.epics.map((e) => e[treatment].hours)).toFixed(2)).toBe(total.hours);
    expect(sum(report.people.map((p) => p[treatment].hours)).toFixed(2)).toBe(total.hours);
  }
  const t = report.totals;
  expect(sum([t.capitalisable.cost, t.expensed.cost, t.unclassified.cost]).toFixed(places)).toBe(
    t.total.cost,
  );
}

describe("computeCapReport rounding", () => {
  it("splits thirds of a cent by the largest remainder so the lines add up to the rounded total", () => {
    // Three 20-minute worklogs at 1.00 an hour: each is 0.333… exactly; together 1.00.
    const rows = ["a", "b", "c"].map((id) => row(id, "p1", 1200, "2026-07-10", "FIN-2", "FIN-1"));
    const { report, lines } = computeCapReport(rows, snapshot("USD", [rate("p1", "1")]), query("USD"));
    expect(lines.map((l) => l.cost)).toEqual(["0.34", "0.33", "0.33"]);
    expect(lines.map((l) => l.hours)).toEqual(["0.34", "0.33", "0.33"]);
    expect(report.totals.capitalisable).toEqual({ hours: "1.00", cost: "1.00" });
    // Rounded one by one they would add up to 0.99.
    expect(report.rounding).toMatch(/largest-remainder/);
  });

  it("rounds the exact total half-even, and uses the currency's minor units (JPY: none)", () => {
    // 0.125 exact (7.5 minutes at 1.00): half-even gives 0.12.
    const one = computeCapReport(
      [row("a", "p1", 450, "2026-07-10", "FIN-2", "FIN-1")],
      snapshot("USD", [rate("p1", "1")]),
      query("USD"),
    );
    expect(one.report.totals.capitalisable.cost).toBe("0.12");
    const yen = ["a", "b", "c"].map((id) => row(id, "p1", 1200, "2026-07-10", "FIN-2", "FIN-1"));
    const jpy = computeCapReport(yen, snapshot("JPY", [rate("p1", "100")]), query("JPY"));
    expect(jpy.lines.map((l) => l.cost)).toEqual(["34", "33", "33"]);
    expect(jpy.report.totals.capitalisable.cost).toBe("100");
  });

  it("keeps every column adding up exactly over many awkward lines", () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const people = ["p1", "p2", "p3", "p4"];
    const rates = [rate("p1", "33.333333"), rate("p2", "47.1"), rate("p3", "0.000001")];
    const keys: [string, string | null][] = [
      ["FIN-2", "FIN-1"],
      ["FIN-5", null],
      ["FIN-7", "FIN-9"],
      ["FIN-8", "FIN-1"],
    ];
    const rows = Array.from({ length: 500 }, (_, i) => {
      const [key, epic] = keys[next(keys.length)] as [string, string | null];
      const day = `2026-0${7 + next(3)}-${String(1 + next(28)).padStart(2, "0")}`;
      return row(`w${i}`, people[next(people.length)] as string, 1 + next(20_000), day, key, epic);
    });
    const { report, lines } = computeCapReport(rows, snapshot("USD", rates), query("USD"));
    expectColumnsAddUp(report, lines, 2);
    for (const treatment of ["capitalisable", "expensed", "unclassified"] as const) {
      expect(Number(report.totals[treatment].hours)).toBeGreaterThan(0);
    }
    expect(report.totals.unrated.worklogs).toBeGreaterThan(0);
    // Each treatment's total is its exact total rounded half-even.
    for (const treatment of ["capitalisable", "expensed", "unclassified"] as const) {
      const exact = lines
        .filter((l) => l.treatment === treatment && l.rate !== null)
        .reduce((s, l) => s.plus(new Dec(l.seconds).div(3600).times(l.rate?.hourlyRate ?? 0)), new Dec(0));
      expect(report.totals[treatment].cost).toBe(exact.toDecimalPlaces(2, Dec.ROUND_HALF_EVEN).toFixed(2));
    }
    // Each line is within one minor unit of its exact cost.
    for (const line of lines) {
      if (line.cost === null || line.rate === null) continue;
      const exact = new Dec(line.seconds).div(3600).times(line.rate.hourlyRate);
      expect(exact.minus(line.cost).abs().lte("0.01")).toBe(true);
    }
  });
});
