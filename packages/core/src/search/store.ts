import type { Client, Queryable } from "../db/client.ts";
import { nowIso } from "../db/timestamps.ts";
import { writeTransaction } from "../db/write-transaction.ts";
import type { TextChunk } from "./chunk.ts";
import { ftsBody } from "./fts-text.ts";

/** The tables of migration 0004_search: sources, their files (by blob SHA) and the files' chunks. */

export type SourceKind = "github" | "local" | "jira";

export interface IndexedSource {
  id: number;
  kind: SourceKind;
  label: string;
  ref: string | null;
  commitSha: string | null;
  watermark: string | null;
  indexedAt: string | null;
}

/** A file as the index holds it (for a Jira issue: path = key, blobSha = hash of its text). */
export interface IndexedFile {
  id: number;
  blobSha: string;
}

/** A file to (re)write with its chunks; `commitSha` is null for issues. */
export interface FileToWrite {
  path: string;
  blobSha: string;
  commitSha: string | null;
  chunks: TextChunk[];
}

/** The source's row, created on first use. */
export async function ensureSource(db: Queryable, kind: SourceKind, label: string): Promise<IndexedSource> {
  const result = await db.execute({
    sql: `INSERT INTO search_sources (kind, label) VALUES (?, ?)
          ON CONFLICT (label) DO UPDATE SET kind = excluded.kind
          RETURNING id, kind, label, ref, commit_sha, watermark, indexed_at`,
    args: [kind, label],
  });
  return toSource(result.rows[0] as Record<string, unknown>);
}

/** Every indexed source, by label. */
export async function listSources(db: Queryable): Promise<IndexedSource[]> {
  const result = await db.execute(
    "SELECT id, kind, label, ref, commit_sha, watermark, indexed_at FROM search_sources ORDER BY label",
  );
  return result.rows.map((row) => toSource(row as Record<string, unknown>));
}

function toSource(row: Record<string, unknown>): IndexedSource {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    id: Number(row.id),
    kind: String(row.kind) as SourceKind,
    label: String(row.label),
    ref: text(row.ref),
    commitSha: text(row.commit_sha),
    watermark: text(row.watermark),
    indexedAt: text(row.indexed_at),
  };
}

/** The source's files by path. */
export async function indexedFiles(db: Queryable, sourceId: number): Promise<Map<string, IndexedFile>> {
  const result = await db.execute({
    sql: "SELECT id, path, blob_sha FROM search_files WHERE source_id = ?",
    args: [sourceId],
  });
  return new Map(
    result.rows.map((row) => [String(row.path), { id: Number(row.id), blobSha: String(row.blob_sha) }]),
  );
}

/** Deletes files with their chunks (and, through the trigger and cascade, their FTS rows and vectors). */
export async function deleteFiles(db: Client, fileIds: readonly number[]): Promise<number> {
  let chunks = 0;
  for (let i = 0; i < fileIds.length; i += 500) {
    const ids = fileIds.slice(i, i + 500);
    const marks = ids.map(() => "?").join(", ");
    const [count] = await db.batch(
      [
        { sql: `SELECT COUNT(*) AS n FROM search_chunks WHERE file_id IN (${marks})`, args: [...ids] },
        { sql: `DELETE FROM search_files WHERE id IN (${marks})`, args: [...ids] },
      ],
      "write",
    );
    chunks += Number(count?.rows[0]?.n ?? 0);
  }
  return chunks;
}

/**
 * Replaces the files' rows (an older blob of the same path goes with its chunks) and writes their
 * chunks and FTS rows, all in one transaction. Returns the chunks removed and added.
 */
export async function writeFiles(
  db: Client,
  sourceId: number,
  files: readonly FileToWrite[],
): Promise<{ added: number; removed: number }> {
  if (files.length === 0) return { added: 0, removed: 0 };
  return writeTransaction(db, async (tx) => {
    let removed = 0;
    for (const file of files) removed += await replaceFile(tx, sourceId, file);
    return { added: files.reduce((n, file) => n + file.chunks.length, 0), removed };
  });
}

async function replaceFile(tx: Queryable, sourceId: number, file: FileToWrite): Promise<number> {
  const old = await tx.execute({
    sql: `SELECT COUNT(c.id) AS n FROM search_files f LEFT JOIN search_chunks c ON c.file_id = f.id
          WHERE f.source_id = ? AND f.path = ?`,
    args: [sourceId, file.path],
  });
  await tx.execute({
    sql: "DELETE FROM search_files WHERE source_id = ? AND path = ?",
    args: [sourceId, file.path],
  });
  const inserted = await tx.execute({
    sql: "INSERT INTO search_files (source_id, path, blob_sha, commit_sha) VALUES (?, ?, ?, ?) RETURNING id",
    args: [sourceId, file.path, file.blobSha, file.commitSha],
  });
  const fileId = Number(inserted.rows[0]?.id);
  for (const chunk of file.chunks) {
    const row = await tx.execute({
      sql: `INSERT INTO search_chunks (file_id, chunk_no, start_line, end_line, text)
            VALUES (?, ?, ?, ?, ?) RETURNING id`,
      args: [fileId, chunk.chunkNo, chunk.startLine, chunk.endLine, chunk.text],
    });
    await tx.execute({
      sql: "INSERT INTO search_fts (rowid, path, body) VALUES (?, ?, ?)",
      args: [Number(row.rows[0]?.id), file.path, ftsBody(chunk.text)],
    });
  }
  return Number(old.rows[0]?.n ?? 0);
}

/** Records a completed repository run: its ref and commit, which every file's citation now names. */
export async function finishRepositoryRun(
  db: Client,
  sourceId: number,
  run: { ref: string; commitSha: string },
): Promise<void> {
  await db.batch(
    [
      {
        sql: "UPDATE search_sources SET ref = ?, commit_sha = ?, indexed_at = ? WHERE id = ?",
        args: [run.ref, run.commitSha, nowIso(), sourceId],
      },
      {
        sql: "UPDATE search_files SET commit_sha = ? WHERE source_id = ? AND commit_sha IS NOT ?",
        args: [run.commitSha, sourceId, run.commitSha],
      },
    ],
    "write",
  );
}

/** Moves a Jira project's watermark (the newest `updated` read). */
export async function setWatermark(db: Queryable, sourceId: number, watermark: string): Promise<void> {
  await db.execute({
    sql: "UPDATE search_sources SET watermark = ?, indexed_at = ? WHERE id = ?",
    args: [watermark, nowIso(), sourceId],
  });
}
