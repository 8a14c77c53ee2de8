import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Client } from "@libsql/client";

/**
 * Writes a consistent copy of the open database to the new file `path` with `VACUUM INTO`: SQLite
 * reads the database in one read transaction, so writers in this or other processes carry on and
 * the copy holds exactly the commits before it began. A file copy of a live WAL database would
 * not be consistent. The copy is compacted and needs no WAL file.
 */
export async function snapshotDatabase(db: Client, path: string): Promise<{ bytes: number; sha256: string }> {
  await db.execute({ sql: "VACUUM INTO ?", args: [path] });
  const [{ size }, sha256] = await Promise.all([stat(path), sha256OfFile(path)]);
  return { bytes: size, sha256 };
}

/** Hex SHA-256 of a file's bytes, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
