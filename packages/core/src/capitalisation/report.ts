import type { Client, Row } from "@libsql/client";
import { z } from "zod";
import { nowIso } from "../db/timestamps.ts";
import { AppError } from "../errors.ts";
import type { PolicySnapshot, WorklogRow } from "./classify.ts";
import { projectKeySchema, toPolicy, toRate } from "./policy.ts";
import { type ComputedReport, DATA_VERSION_SQL, reportCacheFor, reportCacheKey } from "./report-cache.ts";
import { computeCapReport } from "./report-compute.ts";
import type { CapLine, CapPolicy, CapReport, EpicPhases, IsoDate, Treatment } from "./types.ts";
import { issueKeySchema, parseInput } from "./validation.ts";

export { computeCapReport } from "./report-compute.ts";

export interface CapReportQuery {
  from: IsoDate;
  to: IsoDate;
  /** Project keys; empty or left out: every project with a policy. */
  projects?: string[];
}

/** Drill-down: `epic` is an epic key or "none" (issues without an epic). */
export interface LineFilter {
  epic?: string;
  accountId?: string;
  treatment?: Treatment;
}

export const lineFilterSchema = z.strictObject({
  epic: z.union([z.literal("none"), issueKeySchema]).optional(),
  accountId: z.string().min(1).max(200).optional(),
  treatment: z.enum(["capitalisable", "expensed", "unclassified"]).optional(),
});

/**
 * The capitalisation report for a period (inclusive days, compared with each worklog's work date)
 * and projects, in one currency. One read batch (one round trip on a remote server, one snapshot):
 * the period's worklogs joined with their issue facts, the policies, phases, rates and roles; the
 * rest is {@link computeCapReport}.
 * @throws AppError("invalid_request") for bad projects, none with a policy, or mixed currencies.
 */
export async function buildCapReport(db: Client, query: CapReportQuery): Promise<CapReport> {
  return (await loadAndCompute(db, query)).report;
}

/** The report's lines (rounded as the report counts them) that match `filter`, for drill-down. */
export async function reportLines(
  db: Client,
  query: CapReportQuery,
  filter: LineFilter = {},
): Promise<CapLine[]> {
  const parsed = parseInput(lineFilterSchema, filter, "filter");
  return filterLines((await loadAndCompute(db, query)).lines, parsed);
}

/** The lines that match every given part of `filter`. */
export function filterLines(lines: readonly CapLine[], filter: LineFilter): CapLine[] {
  return lines.filter(
    (line) =>
      (filter.epic === undefined ||
        (filter.epic === "none" ? line.epicKey === null : line.epicKey === filter.epic)) &&
      (filter.accountId === undefined || line.accountId === filter.accountId) &&
      (filter.treatment === undefined || line.treatment === filter.treatment),
  );
}

/**
 * The report and its lines. A repeat of a query (period and projects) while the data version
 * ({@link DATA_VERSION_SQL}) stands is served from the process's {@link reportCacheFor} cache
 * without reading the rows; its `generatedAt` stays the time it was computed.
 */
export async function loadAndCompute(db: Client, query: CapReportQuery): Promise<ComputedReport> {
  const requested = [...new Set(query.projects ?? [])].map((p) => parseInput(projectKeySchema, p, "project"));
  const cache = reportCacheFor(db);
  const version = await db.execute(DATA_VERSION_SQL);
  const cached = cache.get(reportCacheKey(query, requested, String(version.rows[0]?.version)));
  if (cached) return cached;
  const computed = await readAndCompute(db, query, requested);
  cache.set(reportCacheKey(query, requested, computed.version), computed.result);
  return computed.result;
}

/** One read batch, then the computation; with the data version read in the same snapshot. */
async function readAndCompute(db: Client, query: CapReportQuery, requested: string[]) {
  const [policyRows, worklogRows, phaseRows, rateRows, roleRows, syncRows, versionRows] = await db.batch(
    [
      "SELECT * FROM cap_policies ORDER BY project_key",
      {
        sql: `SELECT w.id, w.author_account_id, w.author_name, w.work_date, w.seconds,
                     i.issue_key, i.project_key, i.summary, i.issue_type, i.epic_key, i.labels, i.components,
                     e.summary AS epic_summary, e.project_key AS epic_project
              FROM worklogs w
              LEFT JOIN cap_issues i ON i.issue_id = w.issue_id
              LEFT JOIN cap_issues e ON e.issue_key = i.epic_key
              WHERE w.work_date BETWEEN ? AND ?`,
        args: [query.from, query.to],
      },
      "SELECT epic_key, development_from, post_implementation_from FROM cap_epic_phases",
      "SELECT * FROM cap_cost_rates",
      "SELECT account_id, role FROM cap_person_roles",
      "SELECT max(updated_at) AS synced_at FROM cap_sync_cursors",
      DATA_VERSION_SQL,
    ],
    "read",
  );
  const all = (policyRows?.rows ?? []).map(toPolicy);
  const projects = requested.length > 0 ? requested : all.map((p) => p.projectKey);
  const policies = new Map(all.filter((p) => projects.includes(p.projectKey)).map((p) => [p.projectKey, p]));
  const currency = reportCurrency(projects, policies);
  const rows: WorklogRow[] = [];
  const epicSummaries: PolicySnapshot["epicSummaries"] = new Map();
  for (const row of worklogRows?.rows ?? []) {
    // Worklogs whose issue is not synced yet cannot be placed in a project: every report lists them.
    if (row.project_key !== null && !projects.includes(String(row.project_key))) continue;
    rows.push(worklogOf(row));
    if (row.epic_key !== null && row.epic_summary !== null) {
      epicSummaries.set(String(row.epic_key), {
        summary: String(row.epic_summary),
        projectKey: String(row.epic_project),
      });
    }
  }
  const snapshot: PolicySnapshot = {
    policies,
    phases: new Map((phaseRows?.rows ?? []).map((r) => [String(r.epic_key), phasesOf(r)])),
    rates: (rateRows?.rows ?? []).map(toRate).filter((r) => r.currency === currency),
    roles: new Map((roleRows?.rows ?? []).map((r) => [String(r.account_id), String(r.role)])),
    epicSummaries,
  };
  const syncedAt = syncRows?.rows[0]?.synced_at;
  const result = computeCapReport(rows, snapshot, {
    from: query.from,
    to: query.to,
    projects,
    currency,
    syncedAt: syncedAt === null || syncedAt === undefined ? null : String(syncedAt),
    generatedAt: nowIso(),
  });
  return { result, version: String(versionRows?.rows[0]?.version) };
}

function reportCurrency(projects: string[], policies: Map<string, CapPolicy>): string {
  if (projects.length === 0) {
    throw new AppError("invalid_request", "No project has a capitalisation policy yet: set one first");
  }
  const currencies = [...new Set([...policies.values()].map((p) => p.currency))];
  if (currencies.length === 0) {
    throw new AppError(
      "invalid_request",
      `${projects.join(", ")} has no capitalisation policy: set one first`,
    );
  }
  if (currencies.length > 1) {
    const each = [...policies.values()].map((p) => `${p.projectKey} ${p.currency}`).join(", ");
    throw new AppError("invalid_request", `One report is in one currency; these projects differ (${each})`);
  }
  return currencies[0] as string;
}

function phasesOf(row: Row): Pick<EpicPhases, "developmentFrom" | "postImplementationFrom"> {
  return {
    developmentFrom: row.development_from === null ? null : String(row.development_from),
    postImplementationFrom:
      row.post_implementation_from === null ? null : String(row.post_implementation_from),
  };
}

function worklogOf(row: Row): WorklogRow {
  return {
    worklogId: String(row.id),
    accountId: String(row.author_account_id),
    authorName: String(row.author_name),
    workDate: String(row.work_date),
    seconds: Number(row.seconds),
    issue:
      row.issue_key === null
        ? null
        : {
            key: String(row.issue_key),
            projectKey: String(row.project_key),
            summary: String(row.summary),
            type: String(row.issue_type),
            epicKey: row.epic_key === null ? null : String(row.epic_key),
            labels: JSON.parse(String(row.labels)),
            components: JSON.parse(String(row.components)),
          },
  };
}
