import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LibsqlServer, startLibsqlServer } from "@finchat/testkit/libsql-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";
import { remoteTestDatabases } from "./test-database.ts";
import { writeTransaction, writeTransactionAlongside } from "./write-transaction.ts";

// Runs in the remote-db pass only (vitest.config.ts): openDatabase against a libSQL server over HTTP.

let dir: string;
let server: LibsqlServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "finchat-remote-"));
  server = await startLibsqlServer({ path: join(dir, "remote.db"), authToken: "right" });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("openDatabase with a remote URL", () => {
  it("is what this test pass gives every test database", () => {
    expect(remoteTestDatabases).toBe(true);
  });

  it("speaks HTTP to the server, with its foreign keys on", async () => {
    const db = await openDatabase({ url: server.url, authToken: "right" });
    await db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
    await db.execute("CREATE TABLE child (parent INTEGER NOT NULL REFERENCES parent (id))");
    const orphan = await db.execute("INSERT INTO child VALUES (1)").catch((e: unknown) => e);
    db.close();

    expect(db.protocol).toBe("http");
    expect(orphan).toMatchObject({ code: "SQLITE_CONSTRAINT" });
  });

  it("fails at open, naming the server but not the token, when the token is wrong", async () => {
    const opened = openDatabase({ url: `${server.url}?authToken=wrong`, authToken: "wrong" });

    await expect(opened).rejects.toThrow(`Cannot use the database at ${server.url} (DATABASE_URL)`);
    await expect(opened).rejects.toThrow(/401/);
    await expect(opened).rejects.not.toThrow(/wrong/);
  });

  it("fails at open when nothing answers at the address", async () => {
    const gone = await startLibsqlServer({ path: join(dir, "gone.db") });
    await gone.close();

    await expect(openDatabase({ url: gone.url })).rejects.toThrow(`Cannot use the database at ${gone.url}`);
  });

  it("runs writeTransactionAlongside's work once the commit is visible to other clients", async () => {
    const db = await openDatabase({ url: server.url, authToken: "right" });
    const other = await openDatabase({ url: server.url, authToken: "right" });
    await db.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY)");
    const [, seen] = await writeTransactionAlongside(
      db,
      (tx) => tx.execute("INSERT INTO jobs VALUES ('j1')"),
      async () => (await other.execute("SELECT count(*) AS n FROM jobs")).rows[0]?.n,
    );
    db.close();
    other.close();

    expect(seen).toBe(1);
  });

  it("costs one round trip per statement of a transaction plus its commit; a batch costs one", async () => {
    const db = await openDatabase({ url: server.url, authToken: "right" });
    await db.execute("CREATE TABLE pairs (n INTEGER)");
    const before = server.stats.pipelines;
    await writeTransaction(db, async (tx) => {
      await tx.execute("INSERT INTO pairs VALUES (1)");
      await tx.execute("INSERT INTO pairs VALUES (2)");
    });
    const transaction = server.stats.pipelines - before;
    await db.batch(["INSERT INTO pairs VALUES (3)", "INSERT INTO pairs VALUES (4)"], "write");
    const batch = server.stats.pipelines - before - transaction;
    db.close();

    expect({ transaction, batch }).toEqual({ transaction: 3, batch: 1 });
  });
});
