import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Client, Transaction } from "@libsql/client";
import { nowIso } from "./timestamps.ts";
import { writeTransaction } from "./write-transaction.ts";

/** A versioned schema change: `NNNN_name.sql`, applied once, in version order. */
type Migration = { version: number; name: string; sql: string; checksum: string };

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;
const DEFAULT_DIR = join(import.meta.dirname, "migrations");

/**
 * Brings the schema up to date and returns the file names it applied. Each migration runs in its
 * own write transaction and is re-checked inside it, so processes that start together apply each
 * file exactly once. Editing a migration after it was applied is an error naming the file; an
 * applied version with no file (a newer schema under older code) is tolerated, because schema
 * changes are additive.
 *
 * Migration files must not contain transaction statements (BEGIN, COMMIT, ...).
 */
export async function migrate(db: Client, options: { dir?: string } = {}): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(options.dir ?? DEFAULT_DIR);
  await db.execute(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY,
       name TEXT NOT NULL,
       checksum TEXT NOT NULL,
       applied_at TEXT NOT NULL
     )`,
  );
  const recorded = await recordedMigrations(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    const seen = recorded.get(migration.version);
    if (seen) verifyUnchanged(migration, seen);
    else if (await applyOnce(db, migration)) applied.push(migration.name);
  }
  return { applied };
}

async function applyOnce(db: Client, migration: Migration): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const seen = (await recordedMigrations(tx, migration.version)).get(migration.version);
    if (seen) {
      verifyUnchanged(migration, seen);
      return false;
    }
    await tx.executeMultiple(migration.sql);
    await tx.execute({
      sql: "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
      args: [migration.version, migration.name, migration.checksum, nowIso()],
    });
    return true;
  });
}

type Recorded = { name: string; checksum: string };

async function recordedMigrations(
  db: Client | Transaction,
  version?: number,
): Promise<Map<number, Recorded>> {
  const result =
    version === undefined
      ? await db.execute("SELECT version, name, checksum FROM schema_migrations")
      : await db.execute({
          sql: "SELECT version, name, checksum FROM schema_migrations WHERE version = ?",
          args: [version],
        });
  return new Map(
    result.rows.map((row) => [
      Number(row.version),
      { name: String(row.name), checksum: String(row.checksum) },
    ]),
  );
}

function verifyUnchanged(migration: Migration, seen: Recorded): void {
  if (seen.checksum !== migration.checksum) {
    throw new Error(
      `Migration ${migration.name} differs from the applied ${seen.name} (checksum mismatch): ` +
        "applied migrations must never be edited; add a new one instead",
    );
  }
}

async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const name of files) {
    const match = FILE_PATTERN.exec(name);
    if (!match?.[1]) throw new Error(`Migration file ${name} must be named NNNN_lower_snake.sql`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new Error(`Migration file ${name} reuses version ${match[1]}`);
    }
    const sql = await readFile(join(dir, name), "utf8");
    migrations.push({ version, name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}
