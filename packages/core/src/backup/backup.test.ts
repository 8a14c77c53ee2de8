import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import * as Backups from "../db/backups.ts";
import {
  addTestUser,
  openTestDatabase,
  spawnConcurrentWriter,
  type TestDatabase,
} from "../db/test-database.ts";
import { createLogger } from "../observability/logger.ts";
import { restoreBackup } from "./restore.ts";
import { backupContentType, takeBackup } from "./take-backup.ts";
import { openTestBucket } from "./test-bucket.ts";

const logger = createLogger({ level: "silent", service: "test" });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(keep = 3) {
  const database: TestDatabase = await openTestDatabase();
  const bucket = await openTestBucket();
  cleanups.push(
    () => database.close(),
    () => bucket.close(),
  );
  const deps = { db: database.db, dbUrl: database.url, blobs: bucket.blobs, keep, logger };
  return { ...database, ...bucket, deps };
}

describe("takeBackup and restoreBackup", () => {
  it("snapshot the database to S3, record it, and restore it into a new file that checks out", async () => {
    const { db, dir, blobs, deps } = await setup();
    await addTestUser(db, "Ada");
    await addTestUser(db, "Grace");

    const result = await takeBackup(deps, "2025-03-01T00:00:00.000Z");
    if (result.status !== "stored") throw new Error(`expected a stored backup, got ${result.status}`);
    expect(result.key).toMatch(/^backups\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\.db$/);
    expect(await Backups.listNewestFirst(db)).toEqual([
      expect.objectContaining({ key: result.key, bytes: result.bytes, sha256: result.sha256 }),
    ]);
    expect((await blobs.list("backups/")).map((o) => o.key)).toEqual([result.key]);

    const report = await restoreBackup(blobs, result.key, join(dir, "restored.db"));
    expect(report.checksumMatches).toBe(true);
    expect(report.rowCounts.users).toBe(2);
    expect(report.rowCounts.schema_migrations).toBeGreaterThanOrEqual(3);
    expect(report.bytes).toBe(result.bytes);
  });

  it("take one snapshot per slot, however often the slot is asked for", async () => {
    const { db, deps } = await setup();
    const first = await takeBackup(deps, "2025-03-01T06:00:00.000Z");
    const again = await takeBackup(deps, "2025-03-01T06:00:00.000Z");
    expect(first.status).toBe("stored");
    expect(again).toEqual({ status: "exists", key: (first as { key: string }).key });
    expect(await Backups.listNewestFirst(db)).toHaveLength(1);
  });

  it("keep the newest N snapshots and delete the rest, rows and objects", async () => {
    const { db, blobs, deps } = await setup(2);
    const keys: string[] = [];
    for (const hour of ["00", "06", "12"]) {
      const result = await takeBackup(deps, `2025-03-01T${hour}:00:00.000Z`);
      keys.push((result as { key: string }).key);
    }
    const left = (await blobs.list("backups/")).map((o) => o.key);
    expect(left).toEqual(keys.slice(1));
    expect((await Backups.listNewestFirst(db)).map((b) => b.key).sort()).toEqual(keys.slice(1));
  });

  it("take a consistent snapshot while another process is writing", async () => {
    const { db, url, dir, blobs, deps } = await setup();
    await db.execute(
      "CREATE TABLE writes (id INTEGER PRIMARY KEY, writer TEXT NOT NULL, n INTEGER NOT NULL)",
    );
    const writer = spawnConcurrentWriter(url, "write", 400);
    await writer.ready;
    await expect
      .poll(async () => Number((await db.execute("SELECT count(*) AS n FROM writes")).rows[0]?.n), {
        interval: 5,
        timeout: 10_000,
      })
      .toBeGreaterThan(20);
    const result = await takeBackup(deps, "2025-03-02T00:00:00.000Z");
    await writer.result;

    const report = await restoreBackup(blobs, (result as { key: string }).key, join(dir, "mid-write.db"));
    const copied = report.rowCounts.writes ?? 0;
    // Each transaction writes n and -n-1: a consistent copy holds whole transactions only.
    expect(copied % 2).toBe(0);
    expect(copied).toBeGreaterThan(20);
    expect(copied).toBeLessThan(800);
    const restored = createClient({ url: `file:${report.path}` });
    const unpaired = await restored.execute(
      "SELECT count(*) AS n FROM writes a WHERE a.n >= 0 AND NOT EXISTS (SELECT 1 FROM writes b WHERE b.n = -a.n - 1)",
    );
    restored.close();
    expect(Number(unpaired.rows[0]?.n)).toBe(0);
  });

  it("skip an in-memory database with the reason", async () => {
    const { deps } = await setup();
    const result = await takeBackup({ ...deps, dbUrl: "file::memory:" }, "2025-03-01T00:00:00.000Z");
    expect(result).toEqual({ status: "skipped", reason: "the database is in memory" });
  });
});

describe("restoreBackup refuses", () => {
  it("to overwrite an existing file", async () => {
    const { dir, deps, blobs } = await setup();
    const { key } = (await takeBackup(deps, "2025-03-01T00:00:00.000Z")) as { key: string };
    const target = join(dir, "precious.db");
    await writeFile(target, "keep me");
    await expect(restoreBackup(blobs, key, target)).rejects.toThrow(/already exists/);
    expect(await readFile(target, "utf8")).toBe("keep me");
  });

  it("a missing key, a checksum mismatch and a file that is not a database, leaving no file", async () => {
    const { dir, blobs } = await setup();
    await expect(restoreBackup(blobs, "backups/nope.db", join(dir, "a.db"))).rejects.toThrow(/no backup/);

    const junk = join(dir, "junk.bin");
    await writeFile(junk, Buffer.alloc(8192, 7));
    await blobs.putFile("backups/tampered.db", junk, backupContentType, { sha256: "0".repeat(64) });
    await expect(restoreBackup(blobs, "backups/tampered.db", join(dir, "b.db"))).rejects.toThrow(
      /Checksum mismatch/,
    );
    await expect(access(join(dir, "b.db"))).rejects.toThrow();

    await blobs.putFile("backups/junk.db", junk, backupContentType);
    await expect(restoreBackup(blobs, "backups/junk.db", join(dir, "c.db"))).rejects.toThrow(
      /Not a readable database/,
    );
    await expect(access(join(dir, "c.db"))).rejects.toThrow();
  });
});
