import type { Client } from "@libsql/client";

/** A stored database snapshot: its S3 key, backup slot, size and checksum. */
export interface Backup {
  key: string;
  slot: string;
  bytes: number;
  sha256: string;
  createdAt: string;
}

/** Records a stored snapshot; false when its slot already has one (nothing is written then). */
export async function record(db: Client, backup: Backup): Promise<boolean> {
  const result = await db.execute({
    sql: `INSERT INTO backups (key, slot, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (slot) DO NOTHING`,
    args: [backup.key, backup.slot, backup.bytes, backup.sha256, backup.createdAt],
  });
  return result.rowsAffected === 1;
}

export async function findBySlot(db: Client, slot: string): Promise<Backup | null> {
  const result = await db.execute({ sql: "SELECT * FROM backups WHERE slot = ?", args: [slot] });
  const row = result.rows[0];
  return row ? toBackup(row) : null;
}

/** Every recorded snapshot, newest first. */
export async function listNewestFirst(db: Client): Promise<Backup[]> {
  const result = await db.execute("SELECT * FROM backups ORDER BY created_at DESC, key DESC");
  return result.rows.map(toBackup);
}

export async function remove(db: Client, key: string): Promise<void> {
  await db.execute({ sql: "DELETE FROM backups WHERE key = ?", args: [key] });
}

function toBackup(row: Record<string, unknown>): Backup {
  return {
    key: String(row.key),
    slot: String(row.slot),
    bytes: Number(row.bytes),
    sha256: String(row.sha256),
    createdAt: String(row.created_at),
  };
}
