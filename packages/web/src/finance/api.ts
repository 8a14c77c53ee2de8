import type {
  CapLine,
  CapPolicy,
  CapReport,
  CapRules,
  CostRate,
  EpicPhases,
  Treatment,
} from "@finchat/core/capitalisation/types";
import { type Api, unwrap } from "../api/client.ts";
import type { DateRange } from "./period.ts";

export type SyncStatus = {
  syncedAt: string | null;
  issues: number;
  worklogs: number;
  feeds: { feed: string; sinceMs: number; updatedAt: string }[];
};
export type FinanceEpic = {
  epicKey: string;
  summary: string | null;
  projectKey: string;
  phases: EpicPhases | null;
};
export type FinancePerson = { accountId: string; name: string; role: string | null };
export type AuditEntry = {
  id: string;
  at: string;
  userId: string | null;
  userEmail: string | null;
  entity: string;
  key: string;
  action: string;
  before: unknown;
  after: unknown;
};
export type NewRate = Pick<CostRate, "subjectKind" | "subject" | "hourlyRate" | "currency" | "effectiveFrom">;
export type ReportScope = DateRange & { projects: readonly string[] };
export type LineFilter = { epic?: string; accountId?: string; treatment?: Treatment };
export type ExportFormat = "csv" | "xlsx";

type Init = {
  params?: { query?: Record<string, string | number>; path?: Record<string, string> };
  body?: unknown;
};
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
type Untyped = { GET: Call; POST: Call; PUT: Call; DELETE: Call };

/** The period and projects as the report routes take them (no projects: every project with a policy). */
export function scopeQuery(scope: ReportScope): Record<string, string> {
  const query: Record<string, string> = { from: scope.from, to: scope.to };
  if (scope.projects.length > 0) query.projects = [...scope.projects].sort().join(",");
  return query;
}

/** The /api/finance routes (admins only), with the shapes of the shared capitalisation types. */
export function financeApi(api: Api) {
  const client = api as unknown as Untyped;
  const get = <T>(path: string, init?: Init) => unwrap(client.GET(path, init)) as Promise<T>;
  return {
    sync: () => get<SyncStatus>("/api/finance/sync"),
    startSync: () => unwrap(client.POST("/api/finance/sync")) as Promise<{ status: "queued" }>,
    policies: () => get<{ items: CapPolicy[] }>("/api/finance/policies"),
    savePolicy: (projectKey: string, body: { currency: string; rules: CapRules }) =>
      unwrap(
        client.PUT("/api/finance/policies/{projectKey}", { params: { path: { projectKey } }, body }),
      ) as Promise<CapPolicy>,
    epics: (project: string) =>
      get<{ items: FinanceEpic[] }>("/api/finance/epics", { params: { query: { project } } }),
    savePhases: (
      epicKey: string,
      body: { developmentFrom: string | null; postImplementationFrom: string | null },
    ) =>
      unwrap(
        client.PUT("/api/finance/epics/{epicKey}/phases", { params: { path: { epicKey } }, body }),
      ) as Promise<EpicPhases>,
    rates: () => get<{ items: CostRate[] }>("/api/finance/rates"),
    addRate: (body: NewRate) => unwrap(client.POST("/api/finance/rates", { body })) as Promise<CostRate>,
    deleteRate: (id: string) =>
      unwrap(client.DELETE("/api/finance/rates/{id}", { params: { path: { id } } })) as Promise<unknown>,
    people: () => get<{ items: FinancePerson[] }>("/api/finance/people"),
    setRole: (accountId: string, role: string | null) =>
      unwrap(
        client.PUT("/api/finance/people/{accountId}", { params: { path: { accountId } }, body: { role } }),
      ) as Promise<FinancePerson>,
    audit: (limit = 50) =>
      get<{ items: AuditEntry[] }>("/api/finance/audit", { params: { query: { limit } } }),
    report: (scope: ReportScope) =>
      get<CapReport>("/api/finance/report", { params: { query: scopeQuery(scope) } }),
    lines: (scope: ReportScope, filter: LineFilter) =>
      get<{ items: CapLine[] }>("/api/finance/report/lines", {
        params: { query: { ...scopeQuery(scope), ...filter } },
      }),
    createExport: (scope: ReportScope, format: ExportFormat) =>
      unwrap(
        client.POST("/api/finance/exports", {
          body: {
            from: scope.from,
            to: scope.to,
            ...(scope.projects.length > 0 ? { projects: [...scope.projects] } : {}),
            format,
          },
        }),
      ) as Promise<{ id: string; format: ExportFormat; url: string }>,
  };
}

export type FinanceApi = ReturnType<typeof financeApi>;
