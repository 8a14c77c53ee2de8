import { type Client, createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";
import { replacingNul } from "./text-values.ts";

const opened: Array<TestDatabase | Client> = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) {
    if ("dir" in item) await item.close();
    else item.close();
  }
});

const written = "before\u0000after";
const shown = "before\uFFFDafter";

/** Writes `written` every way a caller can bind text, and reads each back with its stored bytes. */
async function writeEveryWay(db: Client) {
  await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
  await db.execute("INSERT INTO notes VALUES (1, ?)", [written]);
  await db.execute({ sql: "INSERT INTO notes VALUES (2, :text)", args: { text: written } });
  await db.batch([{ sql: "INSERT INTO notes VALUES (3, ?)", args: [written] }], "write");
  await db.batch([["INSERT INTO notes VALUES (4, ?)", [written]]], "write");
  const tx = await db.transaction("write");
  await tx.execute({ sql: "INSERT INTO notes VALUES (5, ?)", args: [written] });
  await tx.batch([{ sql: "INSERT INTO notes VALUES (6, ?)", args: [written] }]);
  await tx.commit();
  const found = await db.execute("SELECT id FROM notes WHERE text = ?", [written]);
  const rows = await db.execute("SELECT text, hex(text) AS hex FROM notes ORDER BY id");
  return { found: found.rows.length, rows: rows.rows.map((r) => ({ text: r.text, hex: r.hex })) };
}

const expected = {
  found: 6,
  rows: Array.from({ length: 6 }, () => ({
    text: shown,
    hex: Buffer.from(shown).toString("hex").toUpperCase(),
  })),
};

describe("NUL in text the store is given", () => {
  it("is stored and read back as U+FFFD in a local file, never cut at the NUL", async () => {
    const t = await openTestDatabase({ migrate: false });
    opened.push(t);
    expect(await writeEveryWay(t.db)).toEqual(expected);
  });

  it("is replaced the same way by the client for remote databases", async () => {
    // In the remote pass the test database is a Hrana server; in the file pass @libsql/client's own
    // local client stands in for a remote one (same interface, no server).
    const t = await openTestDatabase({ migrate: false });
    opened.push(t);
    const url = t.url.startsWith("file:") ? `${t.url}-remote` : t.url;
    const db = replacingNul(createClient({ url }));
    opened.push(db);
    expect(await writeEveryWay(db)).toEqual(expected);
  });

  it("leaves the remote client's own state readable through the wrapper", () => {
    // The HTTP client keeps its state in private fields: getters must run on the client itself.
    const db = replacingNul(createClient({ url: "http://127.0.0.1:9" }));
    expect(db.protocol).toBe("http");
    expect(db.closed).toBe(false);
    db.close();
    expect(db.closed).toBe(true);
  });
});
