import type { Row } from "@libsql/client";
import type { Queryable } from "./client.ts";
import { nowIso } from "./timestamps.ts";

/** A page of a doc set as stored in S3: what a resumed or later run compares against. */
export type DocPage = {
  path: string;
  /** Order in the navigation (the page plan's order). */
  position: number;
  title: string;
  /** Hash of everything the page was written from. */
  inputsHash: string;
  /** `skeleton` or `model:<name>`. */
  writer: string;
  /** SHA-256 of the stored Markdown. */
  sha256: string;
  s3Key: string;
  writtenAt: string;
};

const COLUMNS = "path, position, title, inputs_hash, writer, sha256, s3_key, written_at";

/** Records (or replaces) a page of `docSetId`, right after its object was stored. */
export async function record(
  db: Queryable,
  docSetId: string,
  page: Omit<DocPage, "writtenAt">,
): Promise<DocPage> {
  const writtenAt = nowIso();
  await db.execute({
    sql: `INSERT INTO doc_pages (doc_set_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (doc_set_id, path) DO UPDATE SET position = excluded.position,
            title = excluded.title, inputs_hash = excluded.inputs_hash, writer = excluded.writer,
            sha256 = excluded.sha256, s3_key = excluded.s3_key, written_at = excluded.written_at`,
    args: [
      docSetId,
      page.path,
      page.position,
      page.title,
      page.inputsHash,
      page.writer,
      page.sha256,
      page.s3Key,
      writtenAt,
    ],
  });
  return { ...page, writtenAt };
}

/** The pages of `docSetId` in navigation order. */
export async function list(db: Queryable, docSetId: string): Promise<DocPage[]> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM doc_pages WHERE doc_set_id = ? ORDER BY position, path`,
    args: [docSetId],
  });
  return result.rows.map(toPage);
}

/** The page of `docSetId` at `path`, or null. */
export async function find(db: Queryable, docSetId: string, path: string): Promise<DocPage | null> {
  const result = await db.execute({
    sql: `SELECT ${COLUMNS} FROM doc_pages WHERE doc_set_id = ? AND path = ?`,
    args: [docSetId, path],
  });
  const row = result.rows[0];
  return row ? toPage(row) : null;
}

/** Drops pages of `docSetId` outside `keep` (left by an earlier attempt with another plan). */
export async function removeOthers(db: Queryable, docSetId: string, keep: string[]): Promise<number> {
  const result = await db.execute({
    sql: `DELETE FROM doc_pages WHERE doc_set_id = ?
          AND path NOT IN (SELECT value FROM json_each(?))`,
    args: [docSetId, JSON.stringify(keep)],
  });
  return result.rowsAffected;
}

function toPage(row: Row): DocPage {
  return {
    path: String(row.path),
    position: Number(row.position),
    title: String(row.title),
    inputsHash: String(row.inputs_hash),
    writer: String(row.writer),
    sha256: String(row.sha256),
    s3Key: String(row.s3_key),
    writtenAt: String(row.written_at),
  };
}
