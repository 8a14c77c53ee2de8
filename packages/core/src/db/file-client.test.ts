import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Client,
  createClient,
  type InStatement,
  LibsqlBatchError,
  LibsqlError,
  type ResultSet,
} from "@libsql/client";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FileClient } from "./file-client.ts";

let dir: string;
let path: string;
let ours: FileClient;
let reference: Client;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "finchat-file-client-"));
  path = join(dir, "app.db");
  ours = new FileClient(path, { timeoutMs: 1000 });
  reference = createClient({ url: `file:${path}` });
  await ours.executeMultiple(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, price REAL, data BLOB, big INTEGER);
    INSERT INTO items (name, price, data, big) VALUES ('pen', 1.5, x'00ff10', 9007199254740991);
    INSERT INTO items (name, price, data, big) VALUES ('ink', NULL, NULL, -3);
  `);
});

afterEach(() => {
  vi.restoreAllMocks();
  ours.close();
  reference.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a caller can observe of a result: rows by index and by name, and the rest. */
function observable(rs: ResultSet) {
  const cell = (v: unknown) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v);
  return {
    columns: rs.columns,
    columnTypes: rs.columnTypes,
    byIndex: rs.rows.map((row) => Array.from({ length: row.length }, (_, i) => cell(row[i]))),
    byName: rs.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)]))),
    rowsAffected: rs.rowsAffected,
    lastInsertRowid: rs.lastInsertRowid,
    json: JSON.stringify(rs.rows),
    resultJson: JSON.stringify(rs),
  };
}

/** Makes the driver's next `count` ROLLBACKs fail, as a disk error would; `failNext` arms more. */
function failRollbacks(count: number): { failNext(more: number): void } {
  let left = count;
  const exec = Database.prototype.exec;
  vi.spyOn(Database.prototype, "exec").mockImplementation(function (this: Database.Database, sql: string) {
    if (sql === "ROLLBACK" && left-- > 0) throw new Error("disk I/O error");
    return exec.call(this, sql);
  });
  return {
    failNext: (more) => {
      left = more;
    },
  };
}

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => expect.unreachable("expected a failure"),
    (err: unknown) => err,
  );
}

describe("FileClient", () => {
  it("answers exactly as @libsql/client does, for reads, writes and every kind of argument", async () => {
    const statements: InStatement[] = [
      { sql: "SELECT id, name, price, data, big, price * 2 AS doubled FROM items ORDER BY id", args: [] },
      { sql: "SELECT name AS a, name AS a FROM items WHERE id = ?", args: [1] },
      { sql: "SELECT count(*) AS n FROM items WHERE name = :name", args: { ":name": "pen" } },
      { sql: "SELECT @x + $y AS sum", args: { "@x": 2, $y: 3n } },
      { sql: "SELECT ? AS yes, ? AS no, ? AS at", args: [true, false, new Date(86_400_000)] },
      { sql: "SELECT ? AS bytes", args: [new Uint8Array([1, 2, 3]).buffer] },
      { sql: "INSERT INTO items (name, price) VALUES (?, ?)", args: ["cap", 2.25] },
      { sql: "UPDATE items SET price = price + 1 WHERE price IS NOT NULL", args: [] },
      { sql: "SELECT * FROM items WHERE id > 100", args: [] },
    ];
    for (const stmt of statements) {
      const mine = observable(await ours.execute(stmt));
      // The reference runs second and sees our write; undo it so both see the same table.
      const sql = typeof stmt === "string" ? stmt : stmt.sql;
      if (sql.startsWith("INSERT")) await ours.execute("DELETE FROM items WHERE name = 'cap'");
      if (sql.startsWith("UPDATE"))
        await ours.execute("UPDATE items SET price = price - 1 WHERE price IS NOT NULL");
      expect(mine, sql).toEqual(observable(await reference.execute(stmt)));
    }
  });

  it("refuses integers beyond 2^53 and values SQLite cannot take, as @libsql/client does", async () => {
    await ours.execute("UPDATE items SET big = 9007199254740993 WHERE id = 1");
    const mine = await failure(() => ours.execute("SELECT big FROM items WHERE id = 1"));
    expect(mine).toBeInstanceOf(RangeError);
    expect(await failure(() => reference.execute("SELECT big FROM items WHERE id = 1"))).toBeInstanceOf(
      RangeError,
    );
    expect(await failure(() => ours.execute("SELECT ?", [Number.NaN]))).toBeInstanceOf(RangeError);
    expect(await failure(() => ours.execute({ sql: "SELECT ?", args: [undefined as never] }))).toBeInstanceOf(
      TypeError,
    );
  });

  it("reports SQLite errors with the same codes as @libsql/client", async () => {
    const insert = { sql: "INSERT INTO items (name) VALUES (?)", args: ["pen"] };
    const pick = (err: unknown) => {
      const e = err as LibsqlError;
      return {
        type: e instanceof LibsqlError,
        code: e.code,
        extendedCode: e.extendedCode,
        rawCode: e.rawCode,
      };
    };
    const mine = pick(await failure(() => ours.execute(insert)));
    expect(mine).toEqual({
      type: true,
      code: "SQLITE_CONSTRAINT",
      extendedCode: "SQLITE_CONSTRAINT_UNIQUE",
      rawCode: 2067,
    });
    expect(mine).toEqual(pick(await failure(() => reference.execute(insert))));
    expect(pick(await failure(() => ours.execute("SELECT nope FROM items"))).code).toBe("SQLITE_ERROR");
  });

  it("prepares a statement once however often it runs, and again after the schema changes", async () => {
    const prepare = vi.spyOn(Database.prototype, "prepare");
    for (let i = 0; i < 5; i++) await ours.execute("SELECT * FROM items WHERE id = ?", [1]);
    expect(prepare.mock.calls.filter(([sql]) => sql.startsWith("SELECT *"))).toHaveLength(1);

    await ours.execute("ALTER TABLE items ADD COLUMN colour TEXT DEFAULT 'blue'");
    const after = await ours.execute("SELECT * FROM items WHERE id = ?", [1]);
    expect(after.columns).toContain("colour");
    expect(after.rows[0]?.colour).toBe("blue");

    await ours.executeMultiple("ALTER TABLE items ADD COLUMN size INTEGER DEFAULT 7");
    expect((await ours.execute("SELECT * FROM items WHERE id = ?", [1])).rows[0]?.size).toBe(7);
  });

  it("sees a schema change made by another connection, and reuses a statement after it failed", async () => {
    expect((await ours.execute("SELECT * FROM items WHERE id = 1")).columns).not.toContain("note");
    await reference.execute("ALTER TABLE items ADD COLUMN note TEXT DEFAULT 'new'");
    const after = await ours.execute("SELECT * FROM items WHERE id = 1");
    expect(after.columns.at(-1)).toBe("note");
    expect(after.rows[0]?.note).toBe("new");

    const insert = "INSERT INTO items (name) VALUES (?)";
    expect(((await failure(() => ours.execute(insert, ["pen"]))) as LibsqlError).code).toBe(
      "SQLITE_CONSTRAINT",
    );
    expect((await ours.execute(insert, ["pad"])).rowsAffected).toBe(1);
  });

  it("runs a batch atomically and names the statement that failed", async () => {
    const err = await failure(() =>
      ours.batch(
        [
          { sql: "INSERT INTO items (name) VALUES (?)", args: ["new"] },
          { sql: "INSERT INTO items (name) VALUES (?)", args: ["pen"] },
        ],
        "write",
      ),
    );
    expect(err).toBeInstanceOf(LibsqlBatchError);
    expect((err as LibsqlBatchError).statementIndex).toBe(1);
    expect((err as LibsqlBatchError).code).toBe("SQLITE_CONSTRAINT");
    expect((await ours.execute("SELECT count(*) AS n FROM items")).rows[0]?.n).toBe(2);

    const [first, second] = await ours.batch([
      ["INSERT INTO items (name) VALUES (?)", ["one"]],
      "SELECT count(*) AS n FROM items",
    ]);
    expect(first?.rowsAffected).toBe(1);
    expect(second?.rows[0]?.n).toBe(3);
  });

  it("holds its connection for a transaction: commit shows the writes, rollback and close drop them", async () => {
    const tx = await ours.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('kept')");
    const busy = await failure(() => ours.execute("SELECT 1"));
    expect((busy as LibsqlError).code).toBe("TRANSACTION_ACTIVE");
    expect((await reference.execute("SELECT count(*) AS n FROM items")).rows[0]?.n).toBe(2);
    await tx.commit();
    expect(tx.closed).toBe(true);
    expect(((await failure(() => tx.execute("SELECT 1"))) as LibsqlError).code).toBe("TRANSACTION_CLOSED");
    expect((await reference.execute("SELECT count(*) AS n FROM items")).rows[0]?.n).toBe(3);

    const rolledBack = await ours.transaction("write");
    await rolledBack.batch([{ sql: "INSERT INTO items (name) VALUES ('gone')", args: [] }]);
    await rolledBack.rollback();
    const closed = await ours.transaction("deferred");
    await closed.execute("INSERT INTO items (name) VALUES ('also gone')");
    closed.close();
    expect((await ours.execute("SELECT name FROM items ORDER BY id")).rows.map((r) => r.name)).toEqual([
      "pen",
      "ink",
      "kept",
    ]);
  });

  it("reconnects with a new connection, dropping an open transaction, and refuses work once closed", async () => {
    const tx = await ours.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('lost')");
    ours.reconnect();
    expect(tx.closed).toBe(true);
    expect((await ours.execute("SELECT count(*) AS n FROM items")).rows[0]?.n).toBe(2);
    ours.close();
    expect(ours.closed).toBe(true);
    expect(((await failure(() => ours.execute("SELECT 1"))) as LibsqlError).code).toBe("CLIENT_CLOSED");
  });

  it("never runs later work inside a transaction whose rollback failed", async () => {
    const rollbacks = failRollbacks(1);
    const tx = await ours.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('dropped')");
    tx.close();
    await ours.execute("INSERT INTO items (name) VALUES ('kept')");
    const names = async () =>
      (await reference.execute("SELECT name FROM items ORDER BY id")).rows.map((r) => r.name);
    expect(await names()).toEqual(["pen", "ink", "kept"]);

    // While the rollback keeps failing, every operation fails rather than write into the transaction.
    const stuck = await ours.transaction("write");
    await stuck.execute("INSERT INTO items (name) VALUES ('never')");
    rollbacks.failNext(3);
    stuck.close();
    await expect(ours.execute("INSERT INTO items (name) VALUES ('nor this')")).rejects.toThrow(
      "disk I/O error",
    );
    await expect(ours.execute("SELECT 1")).rejects.toThrow("disk I/O error");
    await ours.execute("INSERT INTO items (name) VALUES ('after')");
    expect(await names()).toEqual(["pen", "ink", "kept", "after"]);
  });

  it("rolls back an open transaction when it closes, so its locks go with it", async () => {
    const tx = await ours.transaction("write");
    await tx.execute("INSERT INTO items (name) VALUES ('gone')");
    ours.close();
    await reference.execute("INSERT INTO items (name) VALUES ('other writer')");
    expect((await reference.execute("SELECT count(*) AS n FROM items")).rows[0]?.n).toBe(3);
  });

  it("migrates with foreign keys off, in one transaction that a failure rolls back", async () => {
    await ours.execute("PRAGMA foreign_keys = on");
    const err = await failure(() =>
      ours.migrate([
        { sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY)", args: [] },
        { sql: "INSERT INTO missing VALUES (1)", args: [] },
      ]),
    );
    expect((err as LibsqlBatchError).statementIndex).toBe(1);
    const tables = await ours.execute("SELECT name FROM sqlite_master WHERE name = 'extra'");
    expect(tables.rows).toHaveLength(0);
    expect((await ours.execute("PRAGMA foreign_keys")).rows[0]?.[0]).toBe(1);

    // Even when its rollback fails too, foreign keys are on again by the next operation.
    failRollbacks(1);
    await expect(ours.migrate([{ sql: "INSERT INTO missing VALUES (1)", args: [] }])).rejects.toThrow();
    expect((await ours.execute("PRAGMA foreign_keys")).rows[0]?.[0]).toBe(1);
  });
});
