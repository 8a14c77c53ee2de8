import { mkdir, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type Client, createClient } from "@libsql/client";
import type { BlobStore } from "../storage/blob-store.ts";
import { sha256OfFile } from "./snapshot.ts";

export interface RestoreReport {
  key: string;
  path: string;
  bytes: number;
  sha256: string;
  /** Whether the checksum stored with the snapshot matched (null: the object carried none). */
  checksumMatches: boolean | null;
  /** Rows per table, by table name. */
  rowCounts: Record<string, number>;
  durationMs: number;
}

/** Thrown when a restore cannot produce a usable file; the message says why. */
export class RestoreError extends Error {
  override name = "RestoreError";
}

/**
 * Downloads snapshot `key` into the new file `to` (an existing file is never overwritten), checks
 * its SHA-256 against the one stored with it, runs `PRAGMA integrity_check` and counts the rows of
 * every table. When a check fails the file is removed and {@link RestoreError} says why, so a bad
 * copy is never mistaken for a good one.
 */
export async function restoreBackup(blobs: BlobStore, key: string, to: string): Promise<RestoreReport> {
  const started = performance.now();
  const path = resolve(to);
  await mkdir(dirname(path), { recursive: true });
  const metadata = await download(blobs, key, path);
  try {
    const checked = await check(path, metadata.sha256);
    return { key, path, ...checked, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

async function download(blobs: BlobStore, key: string, path: string): Promise<Record<string, string>> {
  try {
    const downloaded = await blobs.getToFile(key, path);
    if (!downloaded) throw new RestoreError(`There is no backup ${key} in the bucket`);
    return downloaded.metadata;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new RestoreError(`${path} already exists; restore into a new file (--to <path>)`);
    }
    throw err;
  }
}

async function check(path: string, expectedSha256: string | undefined) {
  const [{ size: bytes }, sha256] = await Promise.all([stat(path), sha256OfFile(path)]);
  const checksumMatches = expectedSha256 === undefined ? null : expectedSha256 === sha256;
  if (checksumMatches === false) {
    throw new RestoreError(`Checksum mismatch: the backup was stored as ${expectedSha256}, got ${sha256}`);
  }
  const db = createClient({ url: `file:${path}` });
  try {
    await checkIntegrity(db);
    return { bytes, sha256, checksumMatches, rowCounts: await countRows(db) };
  } finally {
    db.close();
  }
}

async function checkIntegrity(db: Client): Promise<void> {
  let problems: string[];
  try {
    problems = (await db.execute("PRAGMA integrity_check")).rows.map((row) => String(row[0]));
  } catch (err) {
    throw new RestoreError(`Not a readable database: ${(err as Error).message}`);
  }
  if (problems.length !== 1 || problems[0] !== "ok") {
    throw new RestoreError(`Integrity check failed: ${problems.slice(0, 5).join("; ")}`);
  }
}

async function countRows(db: Client): Promise<Record<string, number>> {
  const tables = await db.execute(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const counts: Record<string, number> = {};
  for (const row of tables.rows) {
    const name = String(row.name);
    const result = await db.execute(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`);
    counts[name] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}
