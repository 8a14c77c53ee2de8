import type { Client, InStatement } from "@libsql/client";

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

/** Inserts issue facts and worklogs in one batch. */
export async function seedWorklogs(db: Client, issues: SeedIssue[], worklogs: SeedWorklog[]): Promise<void> {
  await db.batch([...issues.map(issueInsert), ...worklogs.map(worklogInsert)], "write");
}
