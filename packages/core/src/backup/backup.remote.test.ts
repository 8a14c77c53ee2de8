import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import * as Backups from "../db/backups.ts";
import * as Conversations from "../db/conversations.ts";
import * as Messages from "../db/messages.ts";
import { addTestUser, openTestDatabase, spawnConcurrentWriter } from "../db/test-database.ts";
import { createLogger } from "../observability/logger.ts";
import { restoreBackup } from "./restore.ts";
import { takeBackup } from "./take-backup.ts";
import { openTestBucket } from "./test-bucket.ts";

// Runs in the remote-db pass only (vitest.config.ts): the database is a libSQL server over HTTP, as
// on every deployed stage, where `VACUUM INTO` would write on the server's disk.

const logger = createLogger({ level: "silent", service: "test" });
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const database = await openTestDatabase();
  const bucket = await openTestBucket();
  cleanups.push(
    () => database.close(),
    () => bucket.close(),
  );
  expect(database.url).toMatch(/^http:/);
  const deps = { db: database.db, dbUrl: database.url, blobs: bucket.blobs, keep: 3, logger };
  return { ...database, ...bucket, deps };
}

describe("takeBackup of a remote libSQL server", () => {
  it("reads the database through the client into a snapshot that restores with its rows and search index", async () => {
    const { db, dir, blobs, deps } = await setup();
    const ada = await addTestUser(db, "Ada");
    const conversation = await Conversations.create(db, ada.id, { title: "Quarterly close" });
    for (const content of ["How did revenue do?", "Revenue rose 12% in Q3.", "And the margins?"])
      await Messages.append(db, { conversationId: conversation.id, role: "user", content });
    await db.execute("CREATE TABLE big (n INTEGER NOT NULL, b BLOB)");
    await db.execute({
      sql: "INSERT INTO big VALUES (?, ?)",
      args: [2n ** 62n + 1n, new Uint8Array([0, 1, 255])],
    });
    await db.execute(
      "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1200) INSERT INTO big SELECT i, NULL FROM k",
    );

    await db.execute("CREATE TABLE auto (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)");
    await db.execute("INSERT INTO auto (v) VALUES ('a'), ('b'), ('c')");
    await db.execute("DELETE FROM auto WHERE v = 'c'");
    await db.execute("CREATE TABLE pairs (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID");
    await db.execute("INSERT INTO pairs VALUES ('x', 1), ('y', 2)");

    const result = await takeBackup(deps, "2025-03-01T00:00:00.000Z");
    if (result.status !== "stored")
      throw new Error(`expected a stored backup, got ${JSON.stringify(result)}`);
    expect(await Backups.listNewestFirst(db)).toEqual([expect.objectContaining({ key: result.key })]);

    const report = await restoreBackup(blobs, result.key, join(dir, "restored.db"));
    expect(report.checksumMatches).toBe(true);
    expect(report.rowCounts).toMatchObject({ users: 1, conversations: 1, messages: 3, big: 1201 });
    expect(report.rowCounts.backups).toBe(0); // recorded after the snapshot was read

    const restored = createClient({ url: `file:${report.path}`, intMode: "bigint" });
    cleanups.push(() => restored.close());
    const search = await restored.execute(
      "SELECT m.content FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid WHERE messages_fts MATCH 'revenue' ORDER BY m.seq",
    );
    expect(search.rows.map((r) => r.content)).toEqual(["How did revenue do?", "Revenue rose 12% in Q3."]);
    const titles = await restored.execute(
      "SELECT rowid FROM conversations_fts WHERE conversations_fts MATCH 'quarterly'",
    );
    expect(titles.rows).toHaveLength(1);
    const first = (await restored.execute("SELECT n, b FROM big ORDER BY rowid LIMIT 1")).rows[0];
    expect(first?.n).toBe(2n ** 62n + 1n);
    expect(new Uint8Array(first?.b as ArrayBuffer)).toEqual(new Uint8Array([0, 1, 255]));
    // The triggers came across after the rows: a new message is indexed once.
    await restored.execute({
      sql: "INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES ('m-new', ?, 'user', 'revenue again', '2025-03-01T00:00:00.000Z')",
      args: [conversation.id],
    });
    const again = await restored.execute(
      "SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'revenue'",
    );
    expect(again.rows[0]?.n).toBe(3n);
    // AUTOINCREMENT's counter came across: a deleted id is not handed out again.
    await restored.execute("INSERT INTO auto (v) VALUES ('d')");
    const auto = await restored.execute("SELECT id FROM auto WHERE v = 'd'");
    expect(auto.rows[0]?.id).toBe(4n);
    const pairs = await restored.execute("SELECT k, v FROM pairs ORDER BY k");
    expect(pairs.rows.map((r) => [r.k, r.v])).toEqual([
      ["x", 1n],
      ["y", 2n],
    ]);
    const indexes = await restored.execute(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'messages_by_run'",
    );
    expect(indexes.rows).toHaveLength(1);
  });

  it("copies whole transactions only while another process writes", async () => {
    const { db, url, dir, blobs, deps } = await setup();
    await db.execute(
      "CREATE TABLE writes (id INTEGER PRIMARY KEY, writer TEXT NOT NULL, n INTEGER NOT NULL)",
    );
    const writer = spawnConcurrentWriter(url, "write", 300);
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
    expect(copied % 2).toBe(0);
    expect(copied).toBeGreaterThan(20);
    expect(copied).toBeLessThan(600);
  });
});
