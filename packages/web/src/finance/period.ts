/** A report period as picked on the Finance page: a calendar month, a quarter, or any run of days. */
export type Period =
  | { kind: "month"; year: number; month: number }
  | { kind: "quarter"; year: number; quarter: number }
  | { kind: "custom"; from: string; to: string };

export type DateRange = { from: string; to: string };

/** The longest run of days the report routes take (two years and a leap day). */
export const maxReportDays = 731;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The last day of a month (1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The inclusive days of a period, or the reason it has none. Days are compared with each
 * worklog's work date, so no time zone enters here.
 */
export function periodRange(period: Period): DateRange | { error: string } {
  switch (period.kind) {
    case "month": {
      if (!Number.isInteger(period.month) || period.month < 1 || period.month > 12)
        return { error: "Pick a month." };
      const prefix = `${pad(period.year, 4)}-${pad(period.month)}`;
      return { from: `${prefix}-01`, to: `${prefix}-${pad(daysInMonth(period.year, period.month))}` };
    }
    case "quarter": {
      if (!Number.isInteger(period.quarter) || period.quarter < 1 || period.quarter > 4)
        return { error: "Pick a quarter." };
      const first = (period.quarter - 1) * 3 + 1;
      const last = first + 2;
      const year = pad(period.year, 4);
      return {
        from: `${year}-${pad(first)}-01`,
        to: `${year}-${pad(last)}-${pad(daysInMonth(period.year, last))}`,
      };
    }
    case "custom": {
      if (!isIsoDate(period.from) || !isIsoDate(period.to)) return { error: "Enter both days as dates." };
      if (period.to < period.from) return { error: "The last day is before the first." };
      const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
      if (days > maxReportDays) return { error: `A report covers at most ${maxReportDays} days.` };
      return { from: period.from, to: period.to };
    }
  }
}

/** How the period reads in a heading: "2026-09", "2026-Q3", "2026-07-01 – 2026-07-15". */
export function periodLabel(period: Period): string {
  switch (period.kind) {
    case "month":
      return `${pad(period.year, 4)}-${pad(period.month)}`;
    case "quarter":
      return `${pad(period.year, 4)}-Q${period.quarter}`;
    case "custom":
      return `${period.from} – ${period.to}`;
  }
}

/** The quarter a day (UTC) falls in: the page opens on the current one. */
export function quarterOf(day: Date): Period {
  return { kind: "quarter", year: day.getUTCFullYear(), quarter: Math.floor(day.getUTCMonth() / 3) + 1 };
}

/** Switches the kind of period, keeping the same stretch of time where it can. */
export function convertPeriod(period: Period, kind: Period["kind"]): Period {
  if (period.kind === kind) return period;
  const range = periodRange(period);
  const from = "error" in range ? new Date().toISOString().slice(0, 10) : range.from;
  const year = Number(from.slice(0, 4));
  const month = Number(from.slice(5, 7));
  if (kind === "month") return { kind, year, month };
  if (kind === "quarter") return { kind, year, quarter: Math.floor((month - 1) / 3) + 1 };
  return "error" in range ? { kind, from, to: from } : { kind, from: range.from, to: range.to };
}
