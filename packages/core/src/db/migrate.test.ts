import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { openTestDatabase, spawnConcurrentWriter, type TestDatabase } from "./test-database.ts";

const opened: TestDatabase[] = [];
const extraClients: Client[] = [];
afterEach(async () => {
  for (const client of extraClients.splice(0)) client.close();
  for (const t of opened.splice(0)) await t.close();
});

async function blank(): Promise<TestDatabase> {
  const t = await openTestDatabase({ migrate: false });
  opened.push(t);
  return t;
}

/** The migration files the package ships, in version order. */
const shipped = (await readdir(join(import.meta.dirname, "migrations")))
  .filter((f) => f.endsWith(".sql"))
  .sort();

async function recorded(db: Client) {
  const result = await db.execute(
    "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
  );
  return result.rows.map((row) => ({ ...row }));
}

describe("migrate", () => {
  it("applies every migration once and records it with a checksum", async () => {
    const { db } = await blank();
    expect(await migrate(db)).toEqual({ applied: shipped });
    expect(await migrate(db)).toEqual({ applied: [] });
    const rows = await recorded(db);
    expect(rows).toHaveLength(shipped.length);
    expect(rows[0]).toMatchObject({
      version: 1,
      name: "0001_init.sql",
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(String(rows[0]?.applied_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const tables = await db.execute(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'messages_fts'",
    );
    expect(tables.rows).toHaveLength(1);
  });

  it("applies each migration exactly once when two clients migrate the same file at once", async () => {
    const t = await blank();
    const other = await openDatabase({ url: t.url });
    extraClients.push(other);
    const results = await Promise.all([migrate(t.db), migrate(other), migrate(t.db)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(shipped);
    expect(await recorded(t.db)).toHaveLength(shipped.length);
  });

  it("applies each migration exactly once when another process migrates at the same time", async () => {
    const t = await blank();
    const holder = await openDatabase({ url: t.url });
    extraClients.push(holder);
    const held = await holder.transaction("write");
    const child = spawnConcurrentWriter(t.url, "migrate");
    await child.ready;
    const ours = migrate(t.db); // queued behind `held` in this process; the child waits on the file lock
    await new Promise((r) => setTimeout(r, 100));
    await held.rollback();
    const [theirs, mine] = await Promise.all([child.result, ours]);
    expect([...(theirs as { applied: string[] }).applied, ...mine.applied].sort()).toEqual(shipped);
    expect(await recorded(t.db)).toHaveLength(shipped.length);
  });

  it("applies files in version order, each in its own transaction", async () => {
    const t = await blank();
    const dir = join(t.dir, "migrations");
    await writeFiles(dir, {
      "0002_add_b.sql": "CREATE TABLE b (a_id INTEGER REFERENCES a (id));",
      "0001_add_a.sql": "CREATE TABLE a (id INTEGER PRIMARY KEY);",
      "0003_broken.sql": "CREATE TABLE c (id INTEGER);\nTHIS IS NOT SQL;",
    });
    await expect(migrate(t.db, { dir })).rejects.toThrow(/syntax error/);
    expect((await recorded(t.db)).map((r) => r.name)).toEqual(["0001_add_a.sql", "0002_add_b.sql"]);
    const c = await t.db.execute("SELECT name FROM sqlite_schema WHERE name = 'c'");
    expect(c.rows).toHaveLength(0);

    await rm(join(dir, "0003_broken.sql"));
    expect(await migrate(t.db, { dir })).toEqual({ applied: [] });
  });

  it("refuses to run when an applied migration was edited, naming the file", async () => {
    const t = await blank();
    const dir = join(t.dir, "migrations");
    await cp(join(import.meta.dirname, "migrations"), dir, { recursive: true });
    await migrate(t.db, { dir });
    const file = join(dir, "0001_init.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
    await expect(migrate(t.db, { dir })).rejects.toThrow(/0001_init\.sql.*checksum mismatch/);
  });

  it("rejects badly named migration files", async () => {
    const t = await blank();
    const dir = join(t.dir, "migrations");
    await writeFiles(dir, { "1_init.sql": "SELECT 1;" });
    await expect(migrate(t.db, { dir })).rejects.toThrow(/1_init\.sql must be named/);
  });
});

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
}

describe("0009_turn_branches on a conversation stored before it", () => {
  it("hangs each question under the run before it and labels stored declines", async () => {
    const t = await blank();
    const dir = join(t.dir, "migrations");
    await mkdir(dir, { recursive: true });
    const source = join(import.meta.dirname, "migrations");
    for (const file of shipped.filter((f) => f < "0009")) await cp(join(source, file), join(dir, file));
    await migrate(t.db, { dir });
    const at = "2025-01-01T00:00:00.000Z";
    await t.db.batch([
      { sql: "INSERT INTO users VALUES ('u', 'u@x.com', 'U', 'h', 'member', ?)", args: [at] },
      {
        sql: "INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES ('c', 'u', 'T', ?, ?)",
        args: [at, at],
      },
      {
        sql: "INSERT INTO runs (id, conversation_id, user_id, kind, status, created_at, updated_at) VALUES ('r1', 'c', 'u', 'chat', 'completed', ?, ?), ('r2', 'c', 'u', 'chat', 'completed', ?, ?)",
        args: [at, at, at, at],
      },
      ...[
        ["q1", "r1", "user", null],
        ["t1", "r1", "tool", '[{"id":"x","name":"create","ok":false,"summary":"Declined"}]'],
        ["t2", "r1", "tool", '[{"id":"y","name":"read","ok":true,"summary":"Read"}]'],
        ["q2", "r2", "user", null],
      ].map(([id, run, role, calls]) => ({
        sql: "INSERT INTO messages (id, conversation_id, run_id, role, content, tool_calls, created_at) VALUES (?, 'c', ?, ?, '', ?, ?)",
        args: [id ?? null, run ?? null, role ?? null, calls ?? null, at],
      })),
    ]);
    await cp(join(source, "0009_turn_branches.sql"), join(dir, "0009_turn_branches.sql"));
    expect(await migrate(t.db, { dir })).toEqual({ applied: ["0009_turn_branches.sql"] });
    const rows = await t.db.execute(
      "SELECT id, parent_run_id, json_extract(tool_calls, '$[0].outcome') AS outcome FROM messages ORDER BY seq",
    );
    expect(rows.rows.map((r) => [r.id, r.parent_run_id, r.outcome])).toEqual([
      ["q1", null, null],
      ["t1", null, "declined"],
      ["t2", null, "ok"],
      ["q2", "r1", null],
    ]);
  });
});
