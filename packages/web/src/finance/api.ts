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
  id: number | string;
  at: string;
  userId: string | null;
  userEmail: string | null;
  entity: string;
  key: string;
  action: string;
  before?: unknown;
  after?: unknown;
};
export type NewRate = Pick<CostRate, "subjectKind" | "subject" | "hourlyRate" | "currency" | "effectiveFrom">;
export type ReportScope = DateRange & { projects: readonly string[] };
export type LineFilter = { epic?: string; accountId?: string; treatment?: Treatment };
export type ExportFormat = "csv" | "xlsx";

/** The period and projects as the report routes take them (no projects: every project with a policy). */
export function scopeQuery(scope: ReportScope): { from: string; to: string; projects?: string } {
  const query: { from: string; to: string; projects?: string } = { from: scope.from, to: scope.to };
  if (scope.projects.length > 0) query.projects = [...scope.projects].sort().join(",");
  return query;
}

/**
 * The /api/finance routes (admins only), typed by the generated client and answered in the shared
 * capitalisation types (a route drifting from them fails the typecheck here).
 */
export function financeApi(api: Api) {
  return {
    sync: (): Promise<SyncStatus> => unwrap(api.GET("/api/finance/sync")),
    startSync: () => unwrap(api.POST("/api/finance/sync")),
    policies: (): Promise<{ items: CapPolicy[] }> => unwrap(api.GET("/api/finance/policies")),
    savePolicy: (projectKey: string, body: { currency: string; rules: CapRules }): Promise<CapPolicy> =>
      unwrap(api.PUT("/api/finance/policies/{projectKey}", { params: { path: { projectKey } }, body })),
    epics: (project: string): Promise<{ items: FinanceEpic[] }> =>
      unwrap(api.GET("/api/finance/epics", { params: { query: { project } } })),
    savePhases: (
      epicKey: string,
      body: { developmentFrom: string | null; postImplementationFrom: string | null },
    ): Promise<EpicPhases | null> =>
      unwrap(api.PUT("/api/finance/epics/{epicKey}/phases", { params: { path: { epicKey } }, body })),
    rates: (): Promise<{ items: CostRate[] }> => unwrap(api.GET("/api/finance/rates")),
    addRate: (body: NewRate): Promise<CostRate> => unwrap(api.POST("/api/finance/rates", { body })),
    deleteRate: (id: string) => unwrap(api.DELETE("/api/finance/rates/{id}", { params: { path: { id } } })),
    people: (): Promise<{ items: FinancePerson[] }> => unwrap(api.GET("/api/finance/people")),
    setRole: (accountId: string, role: string | null): Promise<FinancePerson> =>
      unwrap(api.PUT("/api/finance/people/{accountId}", { params: { path: { accountId } }, body: { role } })),
    audit: (limit = 50): Promise<{ items: AuditEntry[] }> =>
      unwrap(api.GET("/api/finance/audit", { params: { query: { limit } } })),
    report: (scope: ReportScope): Promise<CapReport> =>
      unwrap(api.GET("/api/finance/report", { params: { query: scopeQuery(scope) } })),
    lines: (scope: ReportScope, filter: LineFilter): Promise<{ items: CapLine[] }> =>
      unwrap(
        api.GET("/api/finance/report/lines", { params: { query: { ...scopeQuery(scope), ...filter } } }),
      ),
    createExport: (scope: ReportScope, format: ExportFormat): Promise<{ id: string; url: string }> =>
      unwrap(
        api.POST("/api/finance/exports", {
          body: {
            from: scope.from,
            to: scope.to,
            ...(scope.projects.length > 0 ? { projects: [...scope.projects] } : {}),
            format,
          },
        }),
      ),
  };
}

export type FinanceApi = ReturnType<typeof financeApi>;
