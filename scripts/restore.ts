// `npm run restore -- <key> [--to <path>] [--local]` and `npm run restore -- --list [--local]`:
// downloads a database snapshot from the bucket's backups/ into a NEW file, checks it and prints
// row counts per table (docs/operations.md). Exits 1 when anything fails.
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { RestoreError, restoreBackup } from "@finchat/core/backup/restore";
import { backupPrefix } from "@finchat/core/backup/take-backup";
import { loadConfig } from "@finchat/core/config";
import { Runs } from "@finchat/core/db";
import { type BlobStore, createBlobStore, createS3Client } from "@finchat/core/storage/blob-store";
import { createClient } from "@libsql/client";
import { startS3Server } from "./lib/s3-server.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const usage = `usage: npm run restore -- <backups/...db> [--to <new file>] [--local]
       npm run restore -- --list [--local]
  --to     where to write the restored database (default .data/restores/<name>); never overwritten
  --local  read the local stack's embedded S3 data (.data/s3) instead of S3_ENDPOINT / AWS`;

async function openBucket(local: boolean): Promise<{ blobs: BlobStore; close(): Promise<void> }> {
  const config = loadConfig();
  if (!local) {
    const client = createS3Client(config.s3);
    return { blobs: createBlobStore(client, config.s3.bucket), close: async () => client.destroy() };
  }
  const directory = join(root, ".data", "s3");
  if (!existsSync(directory))
    throw new RestoreError(`${directory} does not exist: nothing was ever backed up locally`);
  const server = await startS3Server(directory, config.s3.bucket);
  const client = createS3Client({
    ...config.s3,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  return {
    blobs: createBlobStore(client, server.bucket),
    close: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

async function list(blobs: BlobStore): Promise<void> {
  const backups = (await blobs.list(backupPrefix)).filter((o) => o.key.endsWith(".db"));
  if (backups.length === 0) console.log("no backups");
  for (const backup of backups.reverse()) console.log(`${backup.key}  ${backup.bytes} bytes`);
}

async function restore(blobs: BlobStore, key: string, to: string | undefined): Promise<void> {
  const target = to ?? join(root, ".data", "restores", basename(key));
  console.log(`restoring ${key} into ${target}`);
  const report = await restoreBackup(blobs, key, target);
  const checksum = report.checksumMatches === null ? "not stored with the backup" : "matches";
  console.log(`ok: ${report.bytes} bytes, sha256 ${report.sha256} (${checksum}), integrity_check ok`);
  const width = Math.max(...Object.keys(report.rowCounts).map((name) => name.length));
  for (const [table, rows] of Object.entries(report.rowCounts))
    console.log(`  ${table.padEnd(width)}  ${rows}`);
  await reportUnfinishedRuns(report.path);
  console.log(`restored in ${report.durationMs} ms: ${report.path}`);
}

/**
 * Runs the snapshot caught mid-way have no job in the live queue, and their event streams may
 * have run ahead. The Workers' reconciler settles them when they start on the restored file.
 */
async function reportUnfinishedRuns(path: string): Promise<void> {
  const db = createClient({ url: `file:${path}` });
  try {
    const counts = await Runs.countUnfinished(db);
    const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
    if (total === 0) return console.log("unfinished runs: none");
    const parts = Object.entries(counts).map(([status, n]) => `${n} ${status}`);
    console.log(
      `unfinished runs: ${parts.join(", ")}; Workers started on this file send them again (or fail them as interrupted) and cut their event streams back to match`,
    );
  } finally {
    db.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { to: { type: "string" }, list: { type: "boolean" }, local: { type: "boolean" } },
  });
  const key = positionals[0];
  if (!values.list && (!key || positionals.length > 1)) {
    console.error(usage);
    return 2;
  }
  const bucket = await openBucket(values.local ?? false);
  try {
    if (values.list) await list(bucket.blobs);
    else await restore(bucket.blobs, key as string, values.to);
    return 0;
  } finally {
    await bucket.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
