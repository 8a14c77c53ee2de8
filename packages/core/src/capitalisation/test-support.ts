import type { Client, InStatement } from "@libsql/client";
import * as Policy from "./policy.ts";
import { emptyRules } from "./types.ts";

/** Issue facts as the worklog sync stores them (tests insert them directly). */
export interface SeedIssue {
  id?: string;
  key: string;
  summary?: string;
  type?: string;
  epicKey?: string | null;
  labels?: string[];
  components?: string[];
}

export interface SeedWorklog {
  id: string;
  issueId: string;
  accountId?: string;
  authorName?: string;
  workDate: string;
  seconds: number;
}

const SYNCED = "2026-10-01T00:00:00.000Z";

/** The `cap_issues` insert for `issue` (its id defaults to `id-<KEY>`). */
export function issueInsert(issue: SeedIssue): InStatement {
  return {
    sql: `INSERT INTO cap_issues (issue_id, issue_key, project_key, summary, issue_type, epic_key, labels, components, jira_updated, synced_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      issue.id ?? `id-${issue.key}`,
      issue.key,
      issue.key.slice(0, issue.key.lastIndexOf("-")),
      issue.summary ?? `Summary of ${issue.key}`,
      issue.type ?? "Story",
      issue.epicKey === undefined ? null : issue.epicKey,
      JSON.stringify(issue.labels ?? []),
      JSON.stringify(issue.components ?? []),
      SYNCED,
      SYNCED,
    ],
  };
}

/** The `worklogs` insert for `worklog` (`issueId` is the issue's id, e.g. `id-FIN-2`). */
export function worklogInsert(worklog: SeedWorklog): InStatement {
  const accountId = worklog.accountId ?? "acc-ada";
  return {
    sql: `INSERT INTO worklogs (id, issue_id, author_account_id, author_name, started, work_date, seconds, jira_updated, synced_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      worklog.id,
      worklog.issueId,
      accountId,
      worklog.authorName ?? accountId.replace(/^acc-/, ""),
      `${worklog.workDate}T09:00:00.000+0000`,
      worklog.workDate,
      worklog.seconds,
      SYNCED,
      SYNCED,
    ],
  };
}

/** A worklog row of `seconds` (an hour unless given) on the issue `issueKey` (its id `id-<KEY>`). */
const logged = (
  id: string,
  issueKey: string,
  accountId: string,
  workDate: string,
  seconds = 3600,
): SeedWorklog => ({
  id,
  issueId: `id-${issueKey}`,
  accountId,
  workDate,
  seconds,
});

/** Inserts issue facts and worklogs in one batch. */
export async function seedWorklogs(db: Client, issues: SeedIssue[], worklogs: SeedWorklog[]): Promise<void> {
  await db.batch([...issues.map(issueInsert), ...worklogs.map(worklogInsert)], "write");
}

/**
 * FIN's policy: epic FIN-1 and label `rnd` in scope, FIN-20 included, FIN-3 excluded. FIN-1 enters
 * development on 08-01 and post-implementation on 09-16; Ada's own rate changes on 08-15 and beats
 * her role's; Bob has only the role rate; Cy has none.
 */
export async function seedQuarter(db: Client, adminId: string): Promise<void> {
  await Policy.putPolicy(
    db,
    "FIN",
    {
      currency: "USD",
      rules: { ...emptyRules(), epics: ["FIN-1"], labels: ["rnd"], include: ["FIN-20"], exclude: ["FIN-3"] },
    },
    adminId,
  );
  await Policy.putPolicy(db, "OPS", { currency: "EUR", rules: emptyRules() }, adminId);
  await Policy.setEpicPhases(
    db,
    "FIN-1",
    { developmentFrom: "2026-08-01", postImplementationFrom: "2026-09-16" },
    adminId,
  );
  await Policy.setEpicPhases(
    db,
    "FIN-30",
    { developmentFrom: "2026-07-01", postImplementationFrom: null },
    adminId,
  );
  const rate = (subjectKind: string, subject: string, hourlyRate: string, effectiveFrom: string) =>
    Policy.addRate(db, { subjectKind, subject, hourlyRate, currency: "USD", effectiveFrom }, adminId);
  await rate("person", "acc-ada", "90.00", "2026-01-01");
  await rate("person", "acc-ada", "120.00", "2026-08-15");
  await rate("role", "Engineer", "60.00", "2026-01-01");
  await rate("role", "Engineer", "999.00", "2026-10-01");
  await Policy.setPersonRole(db, "acc-ada", { role: "Engineer" }, adminId);
  await Policy.setPersonRole(db, "acc-bob", { role: "Engineer" }, adminId);
  await seedWorklogs(
    db,
    [
      { key: "FIN-1", type: "Epic", epicKey: "FIN-1", summary: "Ledger v2" },
      { key: "FIN-2", epicKey: "FIN-1" },
      { key: "FIN-3", epicKey: "FIN-1" },
      { key: "FIN-4", type: "Bug" },
      { key: "FIN-20", epicKey: "FIN-10" },
      { key: "FIN-30", type: "Epic", epicKey: "FIN-30", summary: "Audit trail" },
      { key: "FIN-31", epicKey: "FIN-30", labels: ["rnd"] },
      { key: "OPS-1", epicKey: null },
    ],
    [
      logged("w1", "FIN-2", "acc-ada", "2026-07-15", 7200),
      logged("w2", "FIN-2", "acc-ada", "2026-08-03"),
      logged("w3", "FIN-2", "acc-ada", "2026-08-20"),
      logged("w4", "FIN-2", "acc-bob", "2026-09-20"),
      logged("w5", "FIN-3", "acc-bob", "2026-08-03"),
      logged("w6", "FIN-4", "acc-cy", "2026-08-03"),
      logged("w7", "FIN-20", "acc-bob", "2026-08-03"),
      logged("w8", "MISSING", "acc-bob", "2026-08-04", 1800),
      logged("w9", "FIN-31", "acc-bob", "2026-08-05", 7200),
      logged("w10", "FIN-2", "acc-ada", "2026-06-30"),
      logged("w11", "FIN-2", "acc-ada", "2026-10-01"),
      logged("w12", "OPS-1", "acc-ada", "2026-08-03"),
    ],
  );
}
