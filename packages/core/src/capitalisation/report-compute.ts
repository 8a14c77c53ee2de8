import { allocate } from "../agent/tools/finance/allocation.ts";
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

/** Rounds each item's exact value so the rounded values add up to the rounded exact total. */
function roundInto(
  items: Working[],
  exact: (w: Working) => Dec,
  places: number,
  set: (w: Working, value: string) => void,
): void {
  if (items.length === 0) return;
  const weights = items.map(exact);
  const total = weights
    .reduce((sum, w) => sum.plus(w), new Dec(0))
    .toDecimalPlaces(places, Dec.ROUND_HALF_EVEN);
  const shares = total.isZero() ? weights.map(() => new Dec(0)) : allocate(total, weights, places);
  items.forEach((w, i) => {
    set(w, (shares[i] ?? new Dec(0)).toFixed(places));
  });
}

/** Sums of rounded line figures, by treatment. */
class Tally {
  hours = { capitalisable: new Dec(0), expensed: new Dec(0), unclassified: new Dec(0) };
  cost = { capitalisable: new Dec(0), expensed: new Dec(0), unclassified: new Dec(0) };
  unratedHours = new Dec(0);
  unratedWorklogs = 0;
  worklogs = 0;

  add(line: CapLine): void {
    this.worklogs += 1;
    this.hours[line.treatment] = this.hours[line.treatment].plus(line.hours);
    if (line.cost === null) {
      this.unratedHours = this.unratedHours.plus(line.hours);
      this.unratedWorklogs += 1;
    } else {
      this.cost[line.treatment] = this.cost[line.treatment].plus(line.cost);
    }
  }

  figure(treatment: Treatment, places: number): HoursAndCost {
    return { hours: this.hours[treatment].toFixed(HOUR_PLACES), cost: this.cost[treatment].toFixed(places) };
  }
}

function totalsOf(lines: CapLine[], places: number): CapReport["totals"] {
  const tally = new Tally();
  for (const line of lines) tally.add(line);
  const all = (what: "hours" | "cost") => treatments.reduce((sum, t) => sum.plus(tally[what][t]), new Dec(0));
  return {
    capitalisable: tally.figure("capitalisable", places),
    expensed: tally.figure("expensed", places),
    unclassified: tally.figure("unclassified", places),
    total: { hours: all("hours").toFixed(HOUR_PLACES), cost: all("cost").toFixed(places) },
    unrated: { hours: tally.unratedHours.toFixed(HOUR_PLACES), worklogs: tally.unratedWorklogs },
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
      unratedHours: tally.unratedHours.toFixed(HOUR_PLACES),
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
      unratedHours: tally.unratedHours.toFixed(HOUR_PLACES),
      worklogs: tally.worklogs,
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId));
}
