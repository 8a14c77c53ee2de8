import type { InStatement } from "@libsql/client";
import type { Client } from "../db/client.ts";

/** The issue facts the capitalisation report classifies by (one `cap_issues` row). */
export interface CapIssueRow {
  issueId: string;
  issueKey: string;
  projectKey: string;
  summary: string;
  issueType: string;
  /** Its own key for an epic, its parent's when that is an epic, else null. */
  epicKey: string | null;
  labels: string[];
  components: string[];
  /** Jira's `updated`, ISO 8601 UTC. */
  jiraUpdated: string;
}

/** One `worklogs` row. */
export interface WorklogRow {
  id: string;
  issueId: string;
  authorAccountId: string;
  authorName: string;
  /** As Jira gave it, with the logger's offset. */
  started: string;
  /** The calendar day of `started` in its own offset (YYYY-MM-DD). */
  workDate: string;
  seconds: number;
  /** Jira's `updated`, ISO 8601 UTC. */
  jiraUpdated: string;
}

/** The cursor names: the two worklog feeds, one per project's issues, and the last finished sync. */
export const FEED = {
  updated: "worklogs:updated",
  deleted: "worklogs:deleted",
  finished: "sync:finished",
  issues: (project: string) => `issues:${project}`,
} as const;

/** SQLite's bound-parameter limit is far above this; chunks keep statements readable in logs. */
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Where a feed stands (epoch ms), or null before its first sync. */
export async function readCursor(db: Client, feed: string): Promise<number | null> {
  const rs = await db.execute({ sql: "SELECT since_ms FROM cap_sync_cursors WHERE feed = ?", args: [feed] });
  const row = rs.rows[0];
  return row ? Number(row.since_ms) : null;
}

/** Moves a feed's cursor; meant for the batch that stores what the feed delivered. */
export function cursorStatement(feed: string, sinceMs: number, at: string): InStatement {
  return {
    sql: `INSERT INTO cap_sync_cursors (feed, since_ms, updated_at) VALUES (?, ?, ?)
          ON CONFLICT (feed) DO UPDATE SET since_ms = excluded.since_ms, updated_at = excluded.updated_at`,
    args: [feed, sinceMs, at],
  };
}

/** Upserts issue facts by Jira's issue id (a key another issue held before is released first). */
export function issueStatements(issues: readonly CapIssueRow[], at: string): InStatement[] {
  return issues.flatMap((i) => [
    { sql: "DELETE FROM cap_issues WHERE issue_key = ? AND issue_id <> ?", args: [i.issueKey, i.issueId] },
    {
      sql: `INSERT INTO cap_issues
              (issue_id, issue_key, project_key, summary, issue_type, epic_key, labels, components, jira_updated, synced_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (issue_id) DO UPDATE SET
              issue_key = excluded.issue_key, project_key = excluded.project_key, summary = excluded.summary,
              issue_type = excluded.issue_type, epic_key = excluded.epic_key, labels = excluded.labels,
              components = excluded.components, jira_updated = excluded.jira_updated, synced_at = excluded.synced_at`,
      args: [
        i.issueId,
        i.issueKey,
        i.projectKey,
        i.summary,
        i.issueType,
        i.epicKey,
        JSON.stringify(i.labels),
        JSON.stringify(i.components),
        i.jiraUpdated,
        at,
      ],
    },
  ]);
}

/** Upserts work logs by id: a changed start, duration or author replaces the row. */
export function worklogStatements(rows: readonly WorklogRow[], at: string): InStatement[] {
  return rows.map((w) => ({
    sql: `INSERT INTO worklogs
            (id, issue_id, author_account_id, author_name, started, work_date, seconds, jira_updated, synced_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET
            issue_id = excluded.issue_id, author_account_id = excluded.author_account_id,
            author_name = excluded.author_name, started = excluded.started, work_date = excluded.work_date,
            seconds = excluded.seconds, jira_updated = excluded.jira_updated, synced_at = excluded.synced_at`,
    args: [
      w.id,
      w.issueId,
      w.authorAccountId,
      w.authorName,
      w.started,
      w.workDate,
      w.seconds,
      w.jiraUpdated,
      at,
    ],
  }));
}

/** Deletes work logs by id (ids not stored are ignored). */
export function deleteWorklogStatements(ids: readonly string[]): InStatement[] {
  return chunks(ids).map((part) => ({
    sql: `DELETE FROM worklogs WHERE id IN (${part.map(() => "?").join(", ")})`,
    args: [...part],
  }));
}

/** Which of these issue ids have facts stored. */
export async function knownIssueIds(db: Client, ids: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks([...new Set(ids)])) {
    const rs = await db.execute({
      sql: `SELECT issue_id FROM cap_issues WHERE issue_id IN (${part.map(() => "?").join(", ")})`,
      args: [...part],
    });
    for (const row of rs.rows) known.add(String(row.issue_id));
  }
  return known;
}

/** What `GET /api/finance/sync` shows: the last finished sync, row counts and every feed's cursor. */
export interface SyncStatus {
  syncedAt: string | null;
  issues: number;
  worklogs: number;
  feeds: { feed: string; sinceMs: number; updatedAt: string }[];
}

export async function readSyncStatus(db: Client): Promise<SyncStatus> {
  const [issues, worklogs, feeds] = await db.batch(
    [
      "SELECT COUNT(*) AS n FROM cap_issues",
      "SELECT COUNT(*) AS n FROM worklogs",
      "SELECT feed, since_ms, updated_at FROM cap_sync_cursors ORDER BY feed",
    ],
    "read",
  );
  const all = (feeds?.rows ?? []).map((r) => ({
    feed: String(r.feed),
    sinceMs: Number(r.since_ms),
    updatedAt: String(r.updated_at),
  }));
  const finished = all.find((f) => f.feed === FEED.finished);
  return {
    syncedAt: finished ? new Date(finished.sinceMs).toISOString() : null,
    issues: Number(issues?.rows[0]?.n ?? 0),
    worklogs: Number(worklogs?.rows[0]?.n ?? 0),
    feeds: all.filter((f) => f.feed !== FEED.finished),
  };
}
