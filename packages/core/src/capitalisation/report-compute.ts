import { minorUnits } from "../agent/tools/finance/currencies.ts";
import { Dec } from "../agent/tools/finance/decimal.ts";
import { classify, lineRate, type PolicySnapshot, rateFor, type WorklogRow } from "./classify.ts";
import type {
  CapEpicSummary,
  CapLine,
  CapPersonSummary,
  CapReport,
  HoursAndCost,
  IsoDate,
  Treatment,
} from "./types.ts";

export const HOUR_PLACES = 2;

export function roundingRule(currency: string, places: number): string {
  return (
    `Each worklog's exact cost is seconds / 3600 × the hourly rate. Per treatment, the exact total is ` +
    `rounded half-even to ${places} decimals (${currency}'s minor units), and the lines are rounded by ` +
    `the largest-remainder method so they add up to that total exactly; every other figure is a sum ` +
    `of rounded lines. Hours are rounded the same way to ${HOUR_PLACES} decimals.`
  );
}

export interface ReportQuery {
  from: IsoDate;
  to: IsoDate;
  projects: string[];
  currency: string;
  syncedAt: string | null;
  generatedAt: string;
}

const treatments: Treatment[] = ["capitalisable", "expensed", "unclassified"];

interface Working {
  line: CapLine;
  exactHours: Dec;
  exactCost: Dec | null;
}

/**
 * The report over already loaded worklogs and policy: pure, so it can be tested without a
 * database. Returns every line as well, rounded as the report counts it (the drill-down shows
 * these, so a drill-down's lines add up to the figure it came from).
 */
export function computeCapReport(
  rows: readonly WorklogRow[],
  snapshot: PolicySnapshot,
  query: ReportQuery,
): { report: CapReport; lines: CapLine[] } {
  const places = minorUnits(query.currency);
  const working = [...rows]
    .sort((a, b) => a.workDate.localeCompare(b.workDate) || a.worklogId.localeCompare(b.worklogId))
    .map((row) => toWorking(row, snapshot));
  for (const treatment of treatments) {
    const group = working.filter((w) => w.line.treatment === treatment);
    roundInto(
      group,
      (w) => w.exactHours,
      HOUR_PLACES,
      (w, value) => {
        w.line.hours = value;
      },
    );
    const rated = group.filter((w) => w.exactCost !== null);
    roundInto(
      rated,
      (w) => w.exactCost ?? new Dec(0),
      places,
      (w, value) => {
        w.line.cost = value;
      },
    );
  }
  const lines = working.map((w) => w.line);
  const report: CapReport = {
    period: { from: query.from, to: query.to },
    projects: query.projects,
    currency: query.currency,
    rounding: roundingRule(query.currency, places),
    generatedAt: query.generatedAt,
    syncedAt: query.syncedAt,
    totals: totalsOf(lines, places),
    epics: epicsOf(lines, snapshot, places),
    people: peopleOf(lines, snapshot, places),
    exceptions: {
      unclassified: lines.filter((l) => l.treatment === "unclassified"),
      unrated: lines.filter((l) => l.rate === null),
    },
  };
  return { report, lines };
}

function toWorking(row: WorklogRow, snapshot: PolicySnapshot): Working {
  const { treatment, phase, reason } = classify(row, snapshot);
  const rate = rateFor(snapshot.rates, row.accountId, snapshot.roles.get(row.accountId), row.workDate);
  const exactHours = new Dec(row.seconds).div(3600);
  return {
    exactHours,
    exactCost: rate ? exactHours.times(rate.hourlyRate) : null,
    line: {
      worklogId: row.worklogId,
      issueKey: row.issue?.key ?? null,
      issueSummary: row.issue?.summary ?? null,
      epicKey: row.issue?.epicKey ?? null,
      accountId: row.accountId,
      authorName: row.authorName,
      workDate: row.workDate,
      seconds: row.seconds,
      hours: "0",
      treatment,
      reason: rate ? reason : `${reason}; no rate for ${row.authorName} on ${row.workDate}`,
      phase,
      rate: lineRate(rate),
      cost: null,
    },
  };
}

/**
 * Rounds each item's exact value so the rounded values add up to the half-even rounded exact
 * total (largest remainder): each item gets its exact value cut to `places`, and the units the
 * total still needs go one each to the largest cut-off remainders (earlier items win ties), so no
 * item moves by a unit or more. This is `allocate` (finance/allocation.ts) with the weights taken
 * as the amounts themselves; done directly, because allocate's rescaling at 200 digits took a
 * third of a second per 5 000 lines, most of a 10 000-worklog report.
 */
function roundInto(
  items: Working[],
  exact: (w: Working) => Dec,
  places: number,
  set: (w: Working, value: string) => void,
): void {
  if (items.length === 0) return;
  const values = items.map(exact);
  const total = values
    .reduce((sum, v) => sum.plus(v), new Dec(0))
    .toDecimalPlaces(places, Dec.ROUND_HALF_EVEN);
  const floors = values.map((v) => v.toDecimalPlaces(places, Dec.ROUND_DOWN));
  const unit = new Dec(10).pow(-places);
  const leftover = total
    .minus(floors.reduce((sum, f) => sum.plus(f), new Dec(0)))
    .div(unit)
    .toNumber();
  const byRemainder = values
    .map((v, index) => ({ remainder: v.minus(floors[index] as Dec), index }))
    .sort((a, b) => b.remainder.cmp(a.remainder) || a.index - b.index);
  for (const { index } of byRemainder.slice(0, leftover)) floors[index] = (floors[index] as Dec).plus(unit);
  items.forEach((w, i) => {
    set(w, (floors[i] as Dec).toFixed(places));
  });
}

/** A rounded figure ("12.34" with exactly `places` decimals) in whole minor units. */
const toUnits = (figure: string) => BigInt(figure.replace(".", ""));

/** Whole minor units as a figure with `places` decimals. */
function fromUnits(units: bigint, places: number): string {
  if (places === 0) return units.toString();
  const digits = units.toString().padStart(places + 1, "0");
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/**
 * Sums of rounded line figures, by treatment, in whole minor units (exact, and cheaper than a
 * decimal object per addition over ten thousand lines).
 */
class Tally {
  hours = { capitalisable: 0n, expensed: 0n, unclassified: 0n };
  cost = { capitalisable: 0n, expensed: 0n, unclassified: 0n };
  unratedHours = 0n;
  unratedWorklogs = 0;
  worklogs = 0;

  add(line: CapLine): void {
    this.worklogs += 1;
    const hours = toUnits(line.hours);
    this.hours[line.treatment] += hours;
    if (line.cost === null) {
      this.unratedHours += hours;
      this.unratedWorklogs += 1;
    } else {
      this.cost[line.treatment] += toUnits(line.cost);
    }
  }

  figure(treatment: Treatment, places: number): HoursAndCost {
    return {
      hours: fromUnits(this.hours[treatment], HOUR_PLACES),
      cost: fromUnits(this.cost[treatment], places),
    };
  }
}

function totalsOf(lines: CapLine[], places: number): CapReport["totals"] {
  const tally = new Tally();
  for (const line of lines) tally.add(line);
  const all = (what: "hours" | "cost") => treatments.reduce((sum, t) => sum + tally[what][t], 0n);
  return {
    capitalisable: tally.figure("capitalisable", places),
    expensed: tally.figure("expensed", places),
    unclassified: tally.figure("unclassified", places),
    total: { hours: fromUnits(all("hours"), HOUR_PLACES), cost: fromUnits(all("cost"), places) },
    unrated: { hours: fromUnits(tally.unratedHours, HOUR_PLACES), worklogs: tally.unratedWorklogs },
    worklogs: tally.worklogs,
  };
}

function groupBy(lines: CapLine[], key: (line: CapLine) => string): Map<string, Tally> {
  const groups = new Map<string, Tally>();
  for (const line of lines) {
    const k = key(line);
    let tally = groups.get(k);
    if (!tally) {
      tally = new Tally();
      groups.set(k, tally);
    }
    tally.add(line);
  }
  return groups;
}

const NO_EPIC = "\u0000none";

/** Natural order of issue keys: FIN-2 before FIN-10. */
export function compareKeys(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function epicsOf(lines: CapLine[], snapshot: PolicySnapshot, places: number): CapEpicSummary[] {
  const groups = groupBy(lines, (line) => line.epicKey ?? NO_EPIC);
  const keys = [...groups.keys()].filter((k) => k !== NO_EPIC).sort(compareKeys);
  if (groups.has(NO_EPIC)) keys.push(NO_EPIC);
  return keys.map((key) => {
    const tally = groups.get(key) as Tally;
    const epicKey = key === NO_EPIC ? null : key;
    const facts = epicKey ? snapshot.epicSummaries.get(epicKey) : undefined;
    const phases = epicKey ? snapshot.phases.get(epicKey) : undefined;
    return {
      epicKey,
      summary: facts?.summary ?? null,
      projectKey: facts?.projectKey ?? (epicKey ? epicKey.slice(0, epicKey.lastIndexOf("-")) : null),
      phases: phases
        ? { developmentFrom: phases.developmentFrom, postImplementationFrom: phases.postImplementationFrom }
        : null,
      capitalisable: tally.figure("capitalisable", places),
      expensed: tally.figure("expensed", places),
      unclassified: tally.figure("unclassified", places),
      unratedHours: fromUnits(tally.unratedHours, HOUR_PLACES),
      worklogs: tally.worklogs,
      evidence: null,
    };
  });
}

function peopleOf(lines: CapLine[], snapshot: PolicySnapshot, places: number): CapPersonSummary[] {
  const groups = groupBy(lines, (line) => line.accountId);
  const names = new Map<string, string>();
  for (const line of lines) names.set(line.accountId, line.authorName);
  return [...groups.entries()]
    .map(([accountId, tally]) => ({
      accountId,
      name: names.get(accountId) ?? accountId,
      role: snapshot.roles.get(accountId) ?? null,
      capitalisable: tally.figure("capitalisable", places),
      expensed: tally.figure("expensed", places),
      unclassified: tally.figure("unclassified", places),
      unratedHours: fromUnits(tally.unratedHours, HOUR_PLACES),
      worklogs: tally.worklogs,
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));
}
