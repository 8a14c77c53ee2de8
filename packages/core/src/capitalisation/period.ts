import { AppError } from "../errors.ts";
import type { IsoDate } from "./types.ts";
import { isIsoDate } from "./validation.ts";

/** The longest period one report covers, in days (two years and a leap day). */
export const MAX_PERIOD_DAYS = 731;

export interface PeriodInput {
  /** `2026-Q3` (a calendar quarter) or `2026-09` (a month). */
  period?: string;
  from?: string;
  to?: string;
}

const DAY_MS = 86_400_000;

function lastDayOfMonth(year: number, month: number): IsoDate {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The inclusive days a report covers: `period` (`2026-Q3`, `2026-09`) or `from` and `to`
 * (YYYY-MM-DD, both needed, from ≤ to, at most {@link MAX_PERIOD_DAYS} days).
 * @throws AppError("invalid_request") saying what is wrong.
 */
export function parsePeriod(input: PeriodInput): { from: IsoDate; to: IsoDate } {
  const { period, from, to } = input;
  if (period !== undefined) {
    if (from !== undefined || to !== undefined) {
      throw new AppError("invalid_request", "Give either period or from and to, not both");
    }
    return namedPeriod(period.trim());
  }
  if (from === undefined || to === undefined) {
    throw new AppError(
      "invalid_request",
      "Give period (2026-Q3 or 2026-09) or both from and to (YYYY-MM-DD)",
    );
  }
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!isIsoDate(value))
      throw new AppError("invalid_request", `${name} must be a calendar day YYYY-MM-DD, not "${value}"`);
  }
  if (from > to) throw new AppError("invalid_request", `from (${from}) is after to (${to})`);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new AppError(
      "invalid_request",
      `A report covers at most ${MAX_PERIOD_DAYS} days; ${from}..${to} is ${days}`,
    );
  }
  return { from, to };
}

function namedPeriod(period: string): { from: IsoDate; to: IsoDate } {
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(period);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return {
      from: `${quarter[1]}-${String(first).padStart(2, "0")}-01`,
      to: lastDayOfMonth(year, first + 2),
    };
  }
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month) {
    return { from: `${month[1]}-${month[2]}-01`, to: lastDayOfMonth(Number(month[1]), Number(month[2])) };
  }
  throw new AppError(
    "invalid_request",
    `period must be a quarter like 2026-Q3 or a month like 2026-09, not "${period}"`,
  );
}
