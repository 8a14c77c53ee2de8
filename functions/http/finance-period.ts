import { parsePeriod } from "@finchat/core/capitalisation/period";
import type { Config } from "@finchat/core/config";
import { AppError } from "@finchat/core/errors";

/**
 * The inclusive days a report covers: `period` (2026-Q3, 2026-q3 or 2026-09) or both `from` and
 * `to` — read by the core's parser, the one `capitalisation_report` uses, so the chat and the REST
 * routes accept the same periods.
 * @throws AppError("invalid_request") for neither, both, a reversed or an over-long range.
 */
export function resolvePeriod(query: { from?: string; to?: string; period?: string }): {
  from: string;
  to: string;
} {
  return parsePeriod(query);
}

export function checkedRange(from: string, to: string): { from: string; to: string } {
  return parsePeriod({ from, to });
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
