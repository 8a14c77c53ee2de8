import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import * as Backups from "../db/backups.ts";
import { localPath } from "../db/client.ts";
import type { Logger } from "../observability/logger.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import { snapshotRemoteDatabase } from "./remote-snapshot.ts";
import { snapshotDatabase } from "./snapshot.ts";

/** Where snapshots live in the bucket. */
export const backupPrefix = "backups/";
export const backupContentType = "application/vnd.sqlite3";

export interface BackupDeps {
  db: Client;
  /** The database's URL: a local `file:` database is copied with `VACUUM INTO`, a remote one read through a client. */
  dbUrl: string;
  /** The remote database's token (DATABASE_AUTH_TOKEN). */
  dbAuthToken?: string;
  blobs: BlobStore;
  /** Snapshots kept; older ones are deleted with their rows. */
  keep: number;
  logger: Logger;
}

export type BackupResult =
  | { status: "stored"; key: string; bytes: number; sha256: string; durationMs: number; pruned: string[] }
  | { status: "exists"; key: string }
  | { status: "skipped"; reason: string };

/**
 * Takes the snapshot of `slot` once: `VACUUM INTO` a temporary file, upload it to
 * `backups/<time>.db` (its SHA-256 in the object's metadata), record it, and keep the newest
 * `keep` snapshots. A slot already recorded is left alone. A remote libSQL server (sqld) is read
 * through a client into the snapshot file ({@link snapshotRemoteDatabase}); an in-memory database
 * is skipped with a log line.
 */
export async function takeBackup(deps: BackupDeps, slot: string): Promise<BackupResult> {
  const path = localPath(deps.dbUrl);
  if (path === ":memory:") {
    const reason = "the database is in memory";
    deps.logger.info({ slot, reason }, "backup skipped");
    return { status: "skipped", reason };
  }
  const existing = await Backups.findBySlot(deps.db, slot);
  if (existing) return { status: "exists", key: existing.key };

  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "finchat-backup-"));
  try {
    const createdAt = new Date().toISOString();
    const key = `${backupPrefix}${createdAt}.db`;
    const file = join(dir, "snapshot.db");
    const { bytes, sha256 } =
      path === null
        ? await snapshotRemoteDatabase({ url: deps.dbUrl, authToken: deps.dbAuthToken }, file)
        : await snapshotDatabase(deps.db, file);
    await deps.blobs.putFile(key, file, backupContentType, { sha256, slot });
    if (!(await Backups.record(deps.db, { key, slot, bytes, sha256, createdAt }))) {
      // Another delivery of this slot recorded its snapshot first; ours is surplus.
      await deps.blobs.delete(key);
      return { status: "exists", key: (await Backups.findBySlot(deps.db, slot))?.key ?? key };
    }
    const pruned = await pruneBackups(deps);
    const durationMs = Math.round(performance.now() - started);
    deps.logger.info({ key, bytes, durationMs, pruned: pruned.length }, "backup stored");
    return { status: "stored", key, bytes, sha256, durationMs, pruned };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Keeps the newest `keep` snapshots. The bucket is the truth (keys sort by time), so an object
 * whose row was never written (a crash between upload and record) is pruned too.
 */
export async function pruneBackups(deps: Pick<BackupDeps, "db" | "blobs" | "keep">): Promise<string[]> {
  const objects = (await deps.blobs.list(backupPrefix)).filter((o) => o.key.endsWith(".db"));
  const surplus = objects.slice(0, Math.max(0, objects.length - deps.keep)).map((o) => o.key);
  for (const key of surplus) {
    await deps.blobs.delete(key);
    await Backups.remove(deps.db, key);
  }
  return surplus;
}
