import type { ReportScope } from "./api.ts";

/** The Finance page's query keys: every change invalidates `all`, so the report follows the policy. */
export const financeKeys = {
  all: ["finance"] as const,
  sync: ["finance", "sync"] as const,
  policies: ["finance", "policies"] as const,
  epics: (project: string) => ["finance", "epics", project] as const,
  rates: ["finance", "rates"] as const,
  people: ["finance", "people"] as const,
  audit: ["finance", "audit"] as const,
  report: (scope: ReportScope) =>
    ["finance", "report", scope.from, scope.to, [...scope.projects].sort()] as const,
  lines: (scope: ReportScope, filter: object) =>
    ["finance", "lines", scope.from, scope.to, [...scope.projects].sort(), filter] as const,
};
