import { type Client, createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { FifoLock } from "./fifo-lock.ts";
import { SerializedClient } from "./serialized-client.ts";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";
import { WalSync } from "./wal-sync.ts";
import { writeTransactionAlongside } from "./write-transaction.ts";

const opened: Array<TestDatabase | Client> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) {
    if ("close" in item && "dir" in item) await item.close();
    else item.close();
  }
});

/** A client on a fresh file whose WAL syncs are counted and held until `releaseSyncs`. */
async function clientWithHeldSyncs() {
  const t = await openTestDatabase({ migrate: false });
  opened.push(t);
  let syncs = 0;
  let release = () => {};
  let held = Promise.resolve();
  const wal = new WalSync("/unused", async () => {
    syncs += 1;
    await held;
  });
  const inner = createClient({ url: t.url, concurrency: 1 });
  const db = new SerializedClient(inner, {
    lock: new FifoLock(),
    lockTimeoutMs: 1000,
    prepareConnection: async () => {},
    walSync: wal,
  });
  opened.push(db);
  await db.execute("CREATE TABLE notes (text TEXT)");
  return {
    db,
    syncs: () => syncs,
    holdSyncs() {
      held = new Promise<void>((resolve) => (release = resolve));
    },
    releaseSyncs: () => release(),
  };
}

const settledSoon = <T>(promise: Promise<T>) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 30))]);

describe("SerializedClient", () => {
  it("resolves a write once its commit is synced; reads and read-only transactions sync nothing", async () => {
    const c = await clientWithHeldSyncs();
    c.holdSyncs();
    const before = c.syncs();
    const insert = c.db.execute("INSERT INTO notes VALUES ('a')");
    expect(await settledSoon(insert)).toBe(false);
    // The row is committed (visible) while its sync runs; only the caller waits.
    expect((await c.db.execute("SELECT count(*) AS n FROM notes")).rows[0]?.n).toBe(1);
    c.releaseSyncs();
    await insert;
    expect(c.syncs()).toBe(before + 1);

    const read = await c.db.transaction("read");
    await read.execute("SELECT * FROM notes");
    await read.commit();
    const write = await c.db.transaction("write");
    await write.execute("INSERT INTO notes VALUES ('b')");
    await write.commit();
    expect(c.syncs()).toBe(before + 2);
  });

  it("runs work alongside a commit once it is visible, and resolves once the commit is durable", async () => {
    const c = await clientWithHeldSyncs();
    c.holdSyncs();
    const seen: unknown[] = [];
    const both = writeTransactionAlongside(
      c.db,
      (tx) => tx.execute("INSERT INTO notes VALUES ('turn')"),
      async () => {
        seen.push((await c.db.execute("SELECT count(*) AS n FROM notes")).rows[0]?.n);
      },
    );
    expect(await settledSoon(both)).toBe(false);
    expect(seen).toEqual([1]);
    c.releaseSyncs();
    await both;
  });

  it("waits for another connection's write lock on a timer, leaving the event loop free", async () => {
    const t = await openTestDatabase({ migrate: false });
    opened.push(t);
    await t.db.execute("CREATE TABLE notes (text TEXT)");
    // A connection outside the client (as another process's would be) takes the write lock.
    const other = createClient({ url: t.url, concurrency: 1 });
    opened.push(other);
    const holder = await other.transaction("write");
    await holder.execute("INSERT INTO notes VALUES ('other')");
    const write = t.db.execute("INSERT INTO notes VALUES ('ours')");
    // With SQLite's busy handler the loop would sleep inside the call and this timer never fire.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await holder.commit();
    await write;
    const rows = await t.db.execute("SELECT text FROM notes ORDER BY rowid");
    expect(rows.rows.map((r) => r.text)).toEqual(["other", "ours"]);
  });
});
