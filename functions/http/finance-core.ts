import { withEvidence } from "@finchat/core/capitalisation/evidence";
import { enqueueWorklogSync } from "@finchat/core/capitalisation/jobs";
import * as Policy from "@finchat/core/capitalisation/policy";
import {
  type CapReportQuery,
  type LineFilter,
  loadAndCompute,
  reportLines,
} from "@finchat/core/capitalisation/report";
import type {
  CapLine,
  CapPolicy,
  CapReport,
  CapRules,
  CostRate,
  EpicPhases,
} from "@finchat/core/capitalisation/types";
import { readSyncStatus, type SyncStatus } from "@finchat/core/capitalisation/worklogs";
import { enqueueOr503 } from "./enqueue.ts";
import type { ApiDeps } from "./env.ts";

/** Who made a change, for the audit trail. */
export interface Actor {
  id: string;
  email: string;
}

type CapPersonItem = Awaited<ReturnType<typeof Policy.listPeople>>[number];

/**
 * What the finance routes ask of core: the worklog store and sync (cap-sync), the policy store and
 * the report (cap-report). One seam, so the handlers stay parse → authorise → call → answer.
 */
export interface FinanceCore {
  syncStatus(): Promise<SyncStatus>;
  enqueueSync(requestedBy: string): Promise<void>;
  listPolicies(): Promise<CapPolicy[]>;
  putPolicy(
    projectKey: string,
    input: { currency: string; rules: CapRules },
    actor: Actor,
  ): Promise<CapPolicy>;
  listEpics(project: string | undefined): Promise<Policy.EpicItem[]>;
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
  /** @throws AppError("not_found") when there is no such rate. */
  deleteRate(id: string, actor: Actor): Promise<void>;
  listPeople(): Promise<CapPersonItem[]>;
  /** Null when nobody with that account id logged work. */
  setRole(accountId: string, role: string | null, actor: Actor): Promise<CapPersonItem | null>;
  audit(limit: number): Promise<(Omit<Policy.AuditEntry, "id"> & { id: string })[]>;
  /** The report and all its lines, from one read. */
  report(query: CapReportQuery): Promise<{ report: CapReport; lines: CapLine[] }>;
  lines(query: CapReportQuery, filter: LineFilter): Promise<CapLine[]>;
  /** The report with each epic's GitHub evidence; as it was when GitHub is not configured. */
  withEvidence(report: CapReport, lines: readonly CapLine[], signal: AbortSignal): Promise<CapReport>;
}

/** The finance core over the Api's database and job producer. */
export function financeCore(deps: ApiDeps): FinanceCore {
  const { db } = deps;
  return {
    syncStatus: () => readSyncStatus(db),
    enqueueSync: (requestedBy) =>
      enqueueOr503(() => enqueueWorklogSync(deps.producer, { trigger: "request", requestedBy })),
    listPolicies: () => Policy.listPolicies(db),
    putPolicy: (projectKey, input, actor) => Policy.putPolicy(db, projectKey, input, actor.id),
    listEpics: (project) => Policy.listEpics(db, project),
    putEpicPhases: (epicKey, input, actor) => Policy.setEpicPhases(db, epicKey, input, actor.id),
    listRates: () => Policy.listRates(db),
    addRate: (input, actor) => Policy.addRate(db, input, actor.id),
    deleteRate: (id, actor) => Policy.deleteRate(db, id, actor.id),
    listPeople: () => Policy.listPeople(db),
    async setRole(accountId, role, actor) {
      const person = (await Policy.listPeople(db)).find((p) => p.accountId === accountId);
      if (!person) return null;
      const set = await Policy.setPersonRole(db, accountId, { role }, actor.id);
      return { ...person, role: set.role };
    },
    // Every id in the Api is a string; the audit's is a row number.
    audit: async (limit) =>
      (await Policy.listAudit(db, limit)).map((entry) => ({ ...entry, id: String(entry.id) })),
    report: (query) => loadAndCompute(db, query),
    lines: (query, filter) => reportLines(db, query, filter),
    withEvidence: (report, lines, signal) => withEvidence(deps.github, report, lines, signal),
  };
}
