import { stat } from "node:fs/promises";
import { createClient, type Transaction } from "@libsql/client";
import Database from "libsql";
import { sha256OfFile } from "./snapshot.ts";

/** Rows read per request (and written per local batch). */
const pageRows = 500;

interface SchemaEntry {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const isVirtual = (entry: SchemaEntry) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(entry.sql ?? "");

/**
 * Writes a consistent copy of a remote libSQL database (sqld, reached over HTTP) to the new local
 * file `path`, reading it through the client: `VACUUM INTO` would write on the server's disk.
 * Everything is read in one read transaction, so the copy holds exactly the commits before it
 * began while writers carry on. The copy is rebuilt in the order SQLite needs: virtual tables
 * first (they create their shadow tables, whose rows are then replaced by the server's, so a
 * contentless full-text index comes across as it is), then ordinary tables and their rows
 * (`sqlite_sequence` included), then indexes (a vector index is rebuilt from its table's rows
 * here, its own shadow table not copied), triggers and views last, so no trigger fires on copied
 * rows. Integers travel as bigint, so none is rounded.
 */
export async function snapshotRemoteDatabase(
  remote: { url: string; authToken?: string },
  path: string,
): Promise<{ bytes: number; sha256: string; rows: number }> {
  const source = createClient({ url: remote.url, authToken: remote.authToken, intMode: "bigint" });
  // The driver itself on the new file: each table's insert is prepared once, each page one transaction.
  const target = new Database(path);
  let rows = 0;
  try {
    // Rows arrive table by table, not in the order their references need.
    target.exec("PRAGMA foreign_keys = OFF");
    const tx = await source.transaction("read");
    try {
      const schema = (
        await tx.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid")
      ).rows.map((row) => ({
        type: String(row.type),
        name: String(row.name),
        tbl_name: String(row.tbl_name),
        sql: row.sql === null ? null : String(row.sql),
      })) as SchemaEntry[];
      const vectorShadows = new Set(
        schema
          .filter((e) => e.type === "index" && /libsql_vector_idx\s*\(/i.test(e.sql ?? ""))
          .map((e) => `${e.name}_shadow`),
      );
      vectorShadows.add("libsql_vector_meta_shadow");
      for (const entry of schema.filter(isVirtual)) target.exec(entry.sql as string);
      const tables = schema.filter(
        (e) => e.type === "table" && !isVirtual(e) && e.name !== "sqlite_stat1" && !vectorShadows.has(e.name),
      );
      for (const table of tables) {
        const exists = target
          .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
          .get(table.name);
        // A virtual table's shadow table (or sqlite_sequence, made with the first AUTOINCREMENT table).
        if (exists) target.exec(`DELETE FROM ${quoted(table.name)}`);
        else if (table.sql) target.exec(table.sql);
        rows += await copyRows(tx, target, table.name);
      }
      for (const type of ["index", "trigger", "view"]) {
        for (const entry of schema.filter((e) => e.type === type && e.sql)) target.exec(entry.sql as string);
      }
    } finally {
      tx.close();
    }
  } finally {
    source.close();
    target.close();
  }
  const [{ size }, sha256] = await Promise.all([stat(path), sha256OfFile(path)]);
  return { bytes: size, sha256, rows };
}

/** Copies every row of `table`, in rowid order a page at a time (or whole, for a table without rowids). */
async function copyRows(tx: Transaction, target: Database.Database, table: string): Promise<number> {
  const columns = (await tx.execute(`SELECT name FROM pragma_table_info(${sqlString(table)})`)).rows.map(
    (row) => String(row.name),
  );
  if (columns.length === 0) return 0;
  // `wr`: a WITHOUT ROWID table (SQLite 3.37+), asked rather than tried, so no statement fails mid-copy.
  const listed = await tx.execute({
    sql: "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?",
    args: [table],
  });
  const hasRowid = Number(listed.rows[0]?.wr ?? 0) === 0;
  const list = columns.map(quoted).join(", ");
  const insert = `INSERT INTO ${quoted(table)} (${hasRowid ? "rowid, " : ""}${list}) VALUES (${[
    ...(hasRowid ? ["?"] : []),
    ...columns.map(() => "?"),
  ].join(", ")})`;
  const statement = target.prepare(insert);
  const writePage = target.transaction((rows: unknown[][]) => {
    for (const row of rows) statement.run(row);
  });
  let copied = 0;
  let after: unknown = null;
  for (;;) {
    const select = `SELECT rowid AS "__rowid", ${list} FROM ${quoted(table)}`;
    const page = !hasRowid
      ? await tx.execute(`SELECT ${list} FROM ${quoted(table)}`)
      : after === null
        ? await tx.execute(`${select} ORDER BY rowid LIMIT ${pageRows}`)
        : await tx.execute({
            sql: `${select} WHERE rowid > ? ORDER BY rowid LIMIT ${pageRows}`,
            args: [after as bigint],
          });
    if (page.rows.length === 0) break;
    writePage(
      page.rows.map((row) => [...(hasRowid ? [row.__rowid] : []), ...columns.map((c) => bindable(row[c]))]),
    );
    copied += page.rows.length;
    if (!hasRowid || page.rows.length < pageRows) break;
    after = page.rows.at(-1)?.__rowid;
  }
  return copied;
}

/** The client's values as the driver binds them: blobs as Buffers. */
const bindable = (value: unknown) => (value instanceof ArrayBuffer ? Buffer.from(value) : value);

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
