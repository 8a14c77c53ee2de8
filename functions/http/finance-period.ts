import type { Config } from "@finchat/core/config";
import { AppError } from "@finchat/core/errors";

/** The longest period one report covers, in days (two years and a leap day). */
export const maxPeriodDays = 731;

/**
 * The inclusive days a report covers: `period` (2026-Q3 or 2026-09) or both `from` and `to`.
 * @throws AppError("invalid_request") for neither, both, a reversed or an over-long range.
 */
export function resolvePeriod(query: { from?: string; to?: string; period?: string }): {
  from: string;
  to: string;
} {
  if (query.period) {
    if (query.from || query.to) throw invalid("Give either `period` or `from` and `to`, not both");
    return periodDays(query.period);
  }
  if (!query.from || !query.to) throw invalid("Give `period` (2026-Q3, 2026-09) or both `from` and `to`");
  return checkedRange(query.from, query.to);
}

export function checkedRange(from: string, to: string): { from: string; to: string } {
  if (from > to) throw invalid("`from` must not be after `to`");
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > maxPeriodDays) throw invalid(`A report covers at most ${maxPeriodDays} days`);
  return { from, to };
}

function periodDays(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const quarter = /^\d{4}-Q([1-4])$/.exec(period);
  const firstMonth = quarter ? (Number(quarter[1]) - 1) * 3 + 1 : Number(period.slice(5, 7));
  const months = quarter ? 3 : 1;
  // Day 0 of the month after the period is its last day.
  const last = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
  return { from: `${period.slice(0, 4)}-${String(firstMonth).padStart(2, "0")}-01`, to: isoDay(last) };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Project keys from a comma-separated list (or an array), each one of JIRA_PROJECTS; undefined
 * when none was given (the report then takes every project with a policy).
 */
export function allowedProjects(config: Config, given: string | string[] | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const keys = (Array.isArray(given) ? given : given.split(",")).map((k) => k.trim()).filter(Boolean);
  if (keys.length === 0) throw invalid("`projects` names no project");
  for (const key of keys) assertAllowedProject(config, key);
  return [...new Set(keys)];
}

export function assertAllowedProject(config: Config, key: string): void {
  if (!config.jira.projects.includes(key)) {
    const allowed = config.jira.projects;
    throw invalid(
      `"${key}" is not an allowed Jira project. ${
        allowed.length ? `Allowed: ${allowed.join(", ")}.` : "None is configured (JIRA_PROJECTS)."
      }`,
    );
  }
}

function invalid(message: string): AppError {
  return new AppError("invalid_request", message);
}
