import type { Client, InValue, Row } from "@libsql/client";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Queryable } from "./client.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { fromJsonColumn, toJsonColumn } from "./json-columns.ts";
import * as Runs from "./runs.ts";
import { addMs, nowIso } from "./timestamps.ts";
import { writeTransaction } from "./write-transaction.ts";

export type DocSetStatus = "queued" | "running" | "completed" | "failed";
export type SourceKind = "github" | "local";

/** One request for documentation of a repository at a ref, and where it got to. */
export type DocSet = {
  id: string;
  /** `owner/repo` (GitHub, lower case) or `local/<name>`. */
  label: string;
  sourceKind: SourceKind;
  /** The ref asked for; null until resolved when none was (the default branch). */
  ref: string | null;
  commitSha: string | null;
  status: DocSetStatus;
  runId: string | null;
  requestedBy: string | null;
  /** Set when this request found a completed set of the same commit: its pages are that set's. */
  sameAs: string | null;
  pageCount: number;
  usage: unknown;
  error: unknown;
  createdAt: string;
  updatedAt: string;
};
export type DocSetPage = { items: DocSet[]; nextCursor: string | null };
export type DocsRequest = { label: string; sourceKind: SourceKind; ref?: string; userId: string };

const COLUMNS = `id, label, source_kind, ref, commit_sha, status, run_id, requested_by, same_as,
  page_count, usage, error, created_at, updated_at`;
export const MAX_PAGE_SIZE = 100;

/** How long a request is answered with the same person's unfinished set for the same label and ref. */
export const REQUEST_DEDUP_MS = 10 * 60_000;

/**
 * A person's request: a queued docs run and its doc set, created together. When the same person
 * asked for the same label and ref in the last {@link REQUEST_DEDUP_MS} and that set is still
 * queued or running, nothing is created and that set (with its run) is returned with
 * `created: false`, so a retried request sends one job. (An older unfinished set, perhaps stuck,
 * does not block a new request: runs of one repository go one at a time, and a set of a commit
 * that is already documented becomes an alias of it.)
 */
export async function request(db: Client, input: DocsRequest): Promise<{ docSet: DocSet; created: boolean }> {
  return writeTransaction(db, async (tx) => {
    const active = await tx.execute({
      sql: `SELECT ${COLUMNS} FROM doc_sets WHERE requested_by = ? AND label = ? AND ref IS ?
              AND status IN ('queued', 'running') AND created_at > ? ORDER BY created_at DESC LIMIT 1`,
      args: [input.userId, input.label, input.ref ?? null, addMs(nowIso(), -REQUEST_DEDUP_MS)],
    });
    const row = active.rows[0];
    if (row) return { docSet: toDocSet(row), created: false };
    const run = await Runs.create(tx, { userId: input.userId, kind: "docs" });
    const now = nowIso();
    const id = newId();
    await tx.execute({
      sql: `INSERT INTO doc_sets (id, label, source_kind, ref, status, run_id, requested_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
      args: [id, input.label, input.sourceKind, input.ref ?? null, run.id, input.userId, now, now],
    });
    return { docSet: await mustGet(tx, id), created: true };
  });
}

/** The doc set, or null. Doc sets are shared: every signed-in person may read every set. */
export async function get(db: Queryable, id: string): Promise<DocSet | null> {
  const result = await db.execute({ sql: `SELECT ${COLUMNS} FROM doc_sets WHERE id = ?`, args: [id] });
  const row = result.rows[0];
  return row ? toDocSet(row) : null;
}

/** Doc sets newest first, `limit` (1..100) at a time; aliases of another set are left out. */
export async function list(db: Queryable, options: { limit: number; cursor?: string }): Promise<DocSetPage> {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError("invalid_request", `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const where = ["same_as IS NULL"];
  const args: InValue[] = [];
  if (options.cursor !== undefined) {
    const after = decodeCursor(options.cursor);
    where.push("(created_at, id) < (?, ?)");
    args.push(after.updatedAt, after.id);
  }
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM doc_sets WHERE ${where.join(" AND ")}
          ORDER BY created_at DESC, id DESC LIMIT ?`,
    args: [...args, limit + 1],
  });
  const items = result.rows.slice(0, limit).map(toDocSet);
  const last = items.at(-1);
  const nextCursor =
    result.rows.length > limit && last ? encodeCursor({ updatedAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}

/** The completed set (not an alias) of `label` at `commitSha`, or null. */
export async function findCompleted(db: Queryable, label: string, commitSha: string): Promise<DocSet | null> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM doc_sets
          WHERE label = ? AND commit_sha = ? AND status = 'completed' AND same_as IS NULL`,
    args: [label, commitSha],
  });
  const row = result.rows[0];
  return row ? toDocSet(row) : null;
}

/** The most recently completed set (not an alias) of `label` at a commit other than `commitSha`. */
export async function findPrevious(db: Queryable, label: string, commitSha: string): Promise<DocSet | null> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM doc_sets
          WHERE label = ? AND commit_sha <> ? AND status = 'completed' AND same_as IS NULL
          ORDER BY updated_at DESC, id DESC LIMIT 1`,
    args: [label, commitSha],
  });
  const row = result.rows[0];
  return row ? toDocSet(row) : null;
}

/** Marks the set running at `commitSha`; a ref left open is filled in with the one resolved. */
export async function start(db: Queryable, id: string, resolved: { ref: string; commitSha: string }) {
  await update(db, id, "status = 'running', commit_sha = ?, ref = COALESCE(ref, ?)", [
    resolved.commitSha,
    resolved.ref,
  ]);
}

/** Marks the set completed with its page count and model usage. */
export async function complete(db: Queryable, id: string, result: { pageCount: number; usage: unknown }) {
  await update(db, id, "status = 'completed', page_count = ?, usage = ?, error = NULL", [
    result.pageCount,
    toJsonColumn(result.usage),
  ]);
}

/** Completes the set as an alias of `canonical`, a completed set of the same label and commit. */
export async function completeAs(db: Queryable, id: string, canonical: DocSet) {
  await update(db, id, "status = 'completed', same_as = ?, page_count = ?, commit_sha = ?, error = NULL", [
    canonical.id,
    canonical.pageCount,
    canonical.commitSha,
  ]);
}

/** Marks the set failed with `{ code, message }`. */
export async function fail(db: Queryable, id: string, error: { code: string; message: string }) {
  await update(db, id, "status = 'failed', error = ?", [toJsonColumn(error)]);
}

async function update(db: Queryable, id: string, sets: string, args: InValue[]): Promise<void> {
  const result = await db.execute({
    sql: `UPDATE doc_sets SET ${sets}, updated_at = ? WHERE id = ?`,
    args: [...args, nowIso(), id],
  });
  if (result.rowsAffected === 0) throw new AppError("not_found", "No such doc set");
}

async function mustGet(db: Queryable, id: string): Promise<DocSet> {
  const docSet = await get(db, id);
  if (!docSet) throw new AppError("not_found", "No such doc set");
  return docSet;
}

function toDocSet(row: Row): DocSet {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    id: String(row.id),
    label: String(row.label),
    sourceKind: String(row.source_kind) as SourceKind,
    ref: text(row.ref),
    commitSha: text(row.commit_sha),
    status: String(row.status) as DocSetStatus,
    runId: text(row.run_id),
    requestedBy: text(row.requested_by),
    sameAs: text(row.same_as),
    pageCount: Number(row.page_count),
    usage: fromJsonColumn(row.usage),
    error: fromJsonColumn(row.error),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
