import { type Client, createClient, LibsqlError } from "@libsql/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "./client.ts";
import { FifoLock } from "./fifo-lock.ts";
import { durabilityFailure, onDurabilityLost, SerializedClient } from "./serialized-client.ts";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";
import { faultyWalFiles } from "./wal-faults.ts";
import { DurabilityLostError, WalSync } from "./wal-sync.ts";
import { writeTransaction, writeTransactionAlongside } from "./write-transaction.ts";

const opened: Array<TestDatabase | Client> = [];
afterEach(async () => {
  vi.restoreAllMocks();
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
  const wal = new WalSync("/unused", {
    syncFiles: async () => {
      syncs += 1;
      await held;
    },
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

describe("SerializedClient after a failed WAL sync", () => {
  /** A real client on a fresh file whose next WAL fdatasync can be made to fail with EIO. */
  async function clientWithFaults() {
    const t = await openTestDatabase({ migrate: false });
    opened.push(t);
    const faults = faultyWalFiles();
    const db = await openDatabase({ url: `${t.url}-faulty` }, { walFiles: faults.files });
    opened.push(db);
    await db.execute("CREATE TABLE notes (text TEXT)");
    await db.execute("INSERT INTO notes VALUES ('durable')");
    const lost: unknown[] = [];
    onDurabilityLost(db, (err) => lost.push(err));
    // Another connection, as another process's would be, to see what reached the file.
    const other = createClient({ url: `${t.url}-faulty` });
    opened.push(other);
    const count = async () => (await other.execute("SELECT count(*) AS n FROM notes")).rows[0]?.n;
    return { db, faults, lost, count, other };
  }

  it("fails the write that waited for it, then refuses every write and read, and says so once", async () => {
    const c = await clientWithFaults();
    c.faults.failNextDatasync();
    const failing = c.db.execute("INSERT INTO notes VALUES ('unsynced')");
    await expect(failing).rejects.toBeInstanceOf(DurabilityLostError);
    expect(c.lost).toHaveLength(1);
    expect(durabilityFailure(c.db)).toBe(c.lost[0]);
    const rowsBefore = await c.count();

    // The next sync would succeed on the same handle: nothing may be acknowledged after it anyway.
    const refused = [
      c.db.execute("INSERT INTO notes VALUES ('after')"),
      c.db.batch(["INSERT INTO notes VALUES ('batch')"], "write"),
      c.db.transaction("write"),
      c.db.execute("SELECT count(*) FROM notes"),
      writeTransaction(c.db, (tx) => tx.execute("INSERT INTO notes VALUES ('tx')")),
    ];
    for (const attempt of refused) {
      await expect(attempt).rejects.toMatchObject({ code: "unavailable", reason: "durability_lost" });
    }
    expect(await c.count()).toBe(rowsBefore);
    expect(c.faults.failed()).toBe(1);
    expect(c.lost).toHaveLength(1);
    // Late listeners hear of it at once.
    const late: unknown[] = [];
    onDurabilityLost(c.db, (err) => late.push(err));
    expect(late).toEqual(c.lost);
  });

  it("fails the commit that waited for it, and will not commit a transaction begun during it", async () => {
    const c = await clientWithFaults();
    c.faults.failNextDatasync();
    const sent: string[] = [];
    const turn = writeTransactionAlongside(
      c.db,
      (tx) => tx.execute("INSERT INTO notes VALUES ('turn')"),
      async () => sent.push("job"),
    );
    // Begins once the turn's commit is visible, while its sync is still failing.
    const next = await c.db.transaction("write");
    await next.execute("INSERT INTO notes VALUES ('next')");
    await expect(turn).rejects.toBeInstanceOf(DurabilityLostError);
    expect(sent).toEqual(["job"]);
    await expect(next.commit()).rejects.toBeInstanceOf(DurabilityLostError);
    // The failed commit is in the file (its caller was told it failed); the later one never got there.
    expect(await c.count()).toBe(2);
    expect((await c.other.execute("SELECT text FROM notes ORDER BY rowid")).rows.map((r) => r.text)).toEqual([
      "durable",
      "turn",
    ]);
  });

  it("is poisoned the same way when SQLite's own sync (a checkpoint's) fails", async () => {
    const t = await openTestDatabase({ migrate: false });
    opened.push(t);
    const inner = createClient({ url: t.url, concurrency: 1 });
    const db = new SerializedClient(inner, {
      lock: new FifoLock(),
      lockTimeoutMs: 1000,
      prepareConnection: async () => {},
    });
    opened.push(db);
    await db.execute("CREATE TABLE notes (text TEXT)");
    const lost: unknown[] = [];
    onDurabilityLost(db, (err) => lost.push(err));
    // Other SQLite errors stay the caller's.
    await expect(db.execute("INSERT INTO missing VALUES (1)")).rejects.toMatchObject({
      code: "SQLITE_ERROR",
    });
    expect(lost).toEqual([]);
    vi.spyOn(inner, "execute").mockImplementationOnce(async () => {
      throw new LibsqlError("disk I/O error", "SQLITE_IOERR", "SQLITE_IOERR_FSYNC", 1034);
    });
    await expect(db.execute("INSERT INTO notes VALUES ('a')")).rejects.toBeInstanceOf(DurabilityLostError);
    expect(lost).toHaveLength(1);
    await expect(db.execute("SELECT 1")).rejects.toBeInstanceOf(DurabilityLostError);
  });
});
