import type { Client } from "@libsql/client";
import type { EpicPhases } from "./types.ts";

/**
 * What finance picks from when it sets phases and roles: the epics the synced issues name and the
 * people who logged work, each with what the policy store holds for them.
 */

export interface CapEpicItem {
  epicKey: string;
  summary: string | null;
  projectKey: string;
  phases: EpicPhases | null;
}

export interface CapPersonItem {
  accountId: string;
  name: string;
  role: string | null;
}

/**
 * Every epic an issue belongs to or that is an epic itself, and every epic with phase dates (set
 * before its issues were synced, or after they left it), by key; `project` keeps one project's.
 */
export async function listCapEpics(db: Client, project?: string): Promise<CapEpicItem[]> {
  const result = await db.execute({
    sql: `WITH keys AS (
            SELECT epic_key AS k FROM cap_issues WHERE epic_key IS NOT NULL
            UNION SELECT issue_key FROM cap_issues WHERE issue_type = 'Epic'
            UNION SELECT epic_key FROM cap_epic_phases
          ), epics AS (
            SELECT keys.k AS epic_key, e.summary,
                   COALESCE(e.project_key, p.project_key, substr(keys.k, 1, instr(keys.k, '-') - 1)) AS project_key,
                   p.development_from, p.post_implementation_from, p.updated_by, p.updated_at,
                   p.epic_key IS NOT NULL AS has_phases
            FROM keys
            LEFT JOIN cap_issues e ON e.issue_key = keys.k
            LEFT JOIN cap_epic_phases p ON p.epic_key = keys.k
          )
          SELECT * FROM epics WHERE ? IS NULL OR project_key = ?
          ORDER BY project_key, CAST(substr(epic_key, instr(epic_key, '-') + 1) AS INTEGER)`,
    args: [project ?? null, project ?? null],
  });
  return result.rows.map((row) => {
    const epicKey = String(row.epic_key);
    const projectKey = String(row.project_key);
    return {
      epicKey,
      summary: row.summary === null ? null : String(row.summary),
      projectKey,
      phases: Number(row.has_phases)
        ? {
            epicKey,
            projectKey,
            developmentFrom: row.development_from === null ? null : String(row.development_from),
            postImplementationFrom:
              row.post_implementation_from === null ? null : String(row.post_implementation_from),
            updatedBy: String(row.updated_by),
            updatedAt: String(row.updated_at),
          }
        : null,
    };
  });
}

/**
 * Everyone who logged work (with the name of their newest worklog) and everyone given a role, by
 * name. A person with a role but no worklog left keeps their account id for a name.
 */
export async function listCapPeople(db: Client, accountId?: string): Promise<CapPersonItem[]> {
  const result = await db.execute({
    sql: `WITH authors AS (
            SELECT author_account_id AS account_id, author_name AS name,
                   ROW_NUMBER() OVER (PARTITION BY author_account_id ORDER BY jira_updated DESC, id DESC) AS n
            FROM worklogs WHERE ? IS NULL OR author_account_id = ?
          ), people AS (
            SELECT account_id FROM authors UNION
            SELECT account_id FROM cap_person_roles WHERE ? IS NULL OR account_id = ?
          )
          SELECT people.account_id, COALESCE(a.name, people.account_id) AS name, r.role
          FROM people
          LEFT JOIN authors a ON a.account_id = people.account_id AND a.n = 1
          LEFT JOIN cap_person_roles r ON r.account_id = people.account_id
          ORDER BY name, people.account_id`,
    args: [accountId ?? null, accountId ?? null, accountId ?? null, accountId ?? null],
  });
  return result.rows.map((row) => ({
    accountId: String(row.account_id),
    name: String(row.name),
    role: row.role === null ? null : String(row.role),
  }));
}
