import type {
  CapLine,
  CapPolicy,
  CapReport,
  CapRules,
  CostRate,
  EpicPhases,
  Treatment,
} from "@finchat/core/capitalisation/types";
import { AppError } from "@finchat/core/errors";
import type { ApiDeps } from "./env.ts";

/** Who made a change, for the audit trail. */
export interface Actor {
  id: string;
  email: string;
}

export interface ReportQuery {
  from: string;
  to: string;
  /** Left out: every project with a policy. */
  projects?: string[];
}

export interface LineFilter {
  /** An epic key, or null for work on issues with no epic. */
  epic?: string | null;
  accountId?: string;
  treatment?: Treatment;
}

export interface CapPersonItem {
  accountId: string;
  name: string;
  role: string | null;
}

/**
 * What the finance routes ask of core: the worklog store and sync (cap-sync), the policy store and
 * the report (cap-report). One seam, so the handlers stay parse → authorise → call → answer.
 */
export interface FinanceCore {
  syncStatus(): Promise<{
    syncedAt: string | null;
    issues: number;
    worklogs: number;
    feeds: { feed: string; sinceMs: number; updatedAt: string }[];
  }>;
  enqueueSync(projects: string[]): Promise<void>;
  listPolicies(): Promise<CapPolicy[]>;
  putPolicy(
    projectKey: string,
    input: { currency: string; rules: CapRules },
    actor: Actor,
  ): Promise<CapPolicy>;
  listEpics(project: string | undefined): Promise<
    {
      epicKey: string;
      summary: string | null;
      projectKey: string;
      phases: EpicPhases | null;
    }[]
  >;
  putEpicPhases(
    epicKey: string,
    input: { developmentFrom: string | null; postImplementationFrom: string | null },
    actor: Actor,
  ): Promise<EpicPhases>;
  listRates(): Promise<CostRate[]>;
  addRate(
    input: Pick<CostRate, "subjectKind" | "subject" | "hourlyRate" | "currency" | "effectiveFrom">,
    actor: Actor,
  ): Promise<CostRate>;
  /** False when there was no such rate. */
  deleteRate(id: string, actor: Actor): Promise<boolean>;
  listPeople(): Promise<CapPersonItem[]>;
  /** Null when no worklog has that author. */
  setRole(accountId: string, role: string | null, actor: Actor): Promise<CapPersonItem | null>;
  audit(limit: number): Promise<
    {
      id: string;
      at: string;
      userId: string;
      userEmail: string | null;
      entity: string;
      key: string;
      action: string;
      before: unknown;
      after: unknown;
    }[]
  >;
  report(query: ReportQuery): Promise<CapReport>;
  lines(query: ReportQuery, filter: LineFilter): Promise<CapLine[]>;
}

/** The finance core over the Api's database and job producer. */
export function financeCore(_deps: ApiDeps): FinanceCore {
  const missing = (): never => {
    throw new AppError("unavailable", "The capitalisation store is not available in this build");
  };
  return {
    syncStatus: async () => missing(),
    enqueueSync: async () => missing(),
    listPolicies: async () => missing(),
    putPolicy: async () => missing(),
    listEpics: async () => missing(),
    putEpicPhases: async () => missing(),
    listRates: async () => missing(),
    addRate: async () => missing(),
    deleteRate: async () => missing(),
    listPeople: async () => missing(),
    setRole: async () => missing(),
    audit: async () => missing(),
    report: async () => missing(),
    lines: async () => missing(),
  };
}
