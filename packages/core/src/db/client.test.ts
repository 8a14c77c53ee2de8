import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Client, Transaction } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, localPath, openDatabase } from "./client.ts";
import { openTestDatabase, spawnConcurrentWriter, type TestDatabase } from "./test-database.ts";
import { writeTransaction } from "./write-transaction.ts";

const opened: TestDatabase[] = [];
const extraClients: Client[] = [];
afterEach(async () => {
  for (const client of extraClients.splice(0)) client.close();
  for (const t of opened.splice(0)) await t.close();
});

async function fresh(): Promise<TestDatabase> {
  const t = await openTestDatabase({ migrate: false });
  opened.push(t);
  await t.db.execute("CREATE TABLE writes (writer TEXT NOT NULL, n INTEGER NOT NULL)");
  return t;
}

async function pragmas(on: Client | Transaction) {
  const read = async (name: string) => (await on.execute(`PRAGMA ${name}`)).rows[0]?.[0];
  return {
    journal_mode: await read("journal_mode"),
    synchronous: await read("synchronous"),
    foreign_keys: await read("foreign_keys"),
    busy_timeout: await read("busy_timeout"),
  };
}

// synchronous NORMAL: commits are synced after the fact, off the event loop (WalSync).
const expected = { journal_mode: "wal", synchronous: 1, foreign_keys: 1, busy_timeout: BUSY_TIMEOUT_MS };

describe("openDatabase", () => {
  it("creates the parent directory and sets the pragmas on every connection, also after a transaction", async () => {
    const t = await openTestDatabase({ migrate: false });
    opened.push(t);
    const url = `file:${join(t.dir, "nested", "deeper", "app.db")}`;
    const db = await openDatabase({ url });
    extraClients.push(db);
    expect(existsSync(join(t.dir, "nested", "deeper", "app.db"))).toBe(true);

    expect(await pragmas(db)).toEqual(expected);
    const tx = await db.transaction("write");
    expect(await pragmas(tx)).toEqual(expected);
    await tx.commit();
    expect(await pragmas(db)).toEqual(expected);
    db.reconnect();
    expect(await pragmas(db)).toEqual(expected);
  });

  it("queues concurrent write transactions of two clients in one process instead of failing", async () => {
    const t = await fresh();
    const other = await openDatabase({ url: t.url });
    extraClients.push(other);
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writeTransaction(i % 2 ? t.db : other, async (tx) => {
          await tx.execute({ sql: "INSERT INTO writes VALUES ('a', ?)", args: [i] });
          await new Promise((r) => setImmediate(r));
          await tx.execute({ sql: "INSERT INTO writes VALUES ('b', ?)", args: [i] });
        }),
      ),
    );
    const count = await t.db.execute("SELECT count(*) AS n FROM writes");
    expect(count.rows[0]?.n).toBe(80);
    expect(Date.now() - started).toBeLessThan(BUSY_TIMEOUT_MS);
  });

  it("makes a writer in another process wait for the lock instead of failing with SQLITE_BUSY", async () => {
    const t = await fresh();
    const held = await t.db.transaction("write");
    await held.execute("INSERT INTO writes VALUES ('parent', 0)");
    const child = spawnConcurrentWriter(t.url, "write", 20);
    await child.ready;
    await new Promise((r) => setTimeout(r, 200)); // the child is now blocked on our lock
    await held.commit();
    const parentWrites = (async () => {
      for (let i = 1; i <= 20; i++)
        await t.db.execute({ sql: "INSERT INTO writes VALUES ('parent', ?)", args: [i] });
    })();
    const [result] = await Promise.all([child.result, parentWrites]);
    expect(result).toEqual({ written: 20 });
    const rows = await t.db.execute(
      "SELECT writer, count(*) AS n FROM writes GROUP BY writer ORDER BY writer",
    );
    expect(rows.rows.map((r) => [r.writer, r.n])).toEqual([
      ["child", 40],
      ["parent", 21],
    ]);
  });

  it("reads file: URLs the way libSQL does", () => {
    expect(localPath("file:/tmp/a.db")).toBe("/tmp/a.db");
    expect(localPath("file:///tmp/a.db")).toBe("/tmp/a.db");
    expect(localPath("file://localhost/tmp/a.db?tls=0")).toBe("/tmp/a.db");
    expect(localPath("file:.data/x.db")).toBe(join(process.cwd(), ".data/x.db"));
    expect(localPath("libsql://db.example")).toBeNull();
  });
});
