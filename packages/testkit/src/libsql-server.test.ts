import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient, LibsqlBatchError, LibsqlError } from "@libsql/client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LibsqlServer, type LibsqlServerOptions, startLibsqlServer } from "./libsql-server.ts";

// The stand-in checked the way @libsql/client's own tests check a server: through the real
// client in remote mode (an http:// URL), plus the raw protocol where the client never goes.

let dir: string;
let server: LibsqlServer;
let db: Client;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "libsql-stand-in-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<LibsqlServerOptions> = {}): Promise<LibsqlServer> {
  counter += 1;
  server = await startLibsqlServer({ path: join(dir, `db${counter}.db`), recordRequests: true, ...options });
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: raw protocol answers are inspected field by field
type Answer = { status: number; type: string | null; body: any };

async function pipeline(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const type = res.headers.get("content-type");
  return {
    status: res.status,
    type,
    body: type === "application/json" ? await res.json() : await res.text(),
  };
}

describe("through @libsql/client (remote mode)", () => {
  beforeEach(async () => {
    await start();
    db = createClient({ url: server.url });
    await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, n REAL, b BLOB)");
  });
  afterEach(async () => {
    db.close();
    await server.close();
  });

  it("executes statements with positional and named arguments", async () => {
    const inserted = await db.execute({ sql: "INSERT INTO t (name, n) VALUES (?, ?)", args: ["a", 1.5] });
    await db.execute({ sql: "INSERT INTO t (name, n) VALUES (:name, $n)", args: { name: "b", n: 2 } });
    const rows = await db.execute("SELECT id, name, n FROM t ORDER BY id");

    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(1n);
    expect(rows.columns).toEqual(["id", "name", "n"]);
    expect(rows.columnTypes).toEqual(["INTEGER", "TEXT", "REAL"]);
    expect(rows.rows.map((r) => [r.id, r.name, r.n])).toEqual([
      [1, "a", 1.5],
      [2, "b", 2],
    ]);
  });

  it("keeps each value's type: integers (as strings on the wire), floats, text, blobs, nulls", async () => {
    const big = createClient({ url: server.url, intMode: "bigint" });
    const result = await big.execute({
      sql: "SELECT ? AS i, ? AS f, ? AS s, ? AS b, ? AS z, typeof(?) AS whole, ? AS yes",
      args: [9007199254740993n, 0.25, "é ✓", new Uint8Array([0, 255, 7]), null, 3, true],
    });
    const row = result.rows[0];
    big.close();

    expect(row?.i).toBe(9007199254740993n);
    expect(row?.f).toBe(0.25);
    expect(row?.s).toBe("é ✓");
    expect(new Uint8Array(row?.b as ArrayBuffer)).toEqual(new Uint8Array([0, 255, 7]));
    expect(row?.z).toBeNull();
    expect(row?.whole).toBe("real"); // a JS number travels as a float, as with sqld
    expect(row?.yes).toBe(1n);
    await expect(db.execute("SELECT 9007199254740993")).rejects.toThrow(RangeError);
  });

  it("runs a batch atomically and reports the failing statement", async () => {
    const ok = await db.batch(
      [
        { sql: "INSERT INTO t (name) VALUES (?)", args: ["x"] },
        { sql: "UPDATE t SET n = 1 WHERE name = ?", args: ["x"] },
        "SELECT count(*) AS c FROM t",
      ],
      "write",
    );
    const failed = await db
      .batch(
        [
          { sql: "INSERT INTO t (name) VALUES (?)", args: ["y"] },
          { sql: "INSERT INTO t (name) VALUES (?)", args: ["x"] },
        ],
        "write",
      )
      .catch((e: unknown) => e);
    const names = await db.execute("SELECT name FROM t ORDER BY name");

    expect(ok.map((r) => r.rowsAffected)).toEqual([1, 1, 0]);
    expect(ok[2]?.rows[0]?.c).toBe(1);
    expect(failed).toBeInstanceOf(LibsqlBatchError);
    expect(failed).toMatchObject({ code: "SQLITE_CONSTRAINT", statementIndex: 1 });
    expect((failed as Error).message).toMatch(/UNIQUE constraint failed: t\.name/);
    expect(names.rows.map((r) => r.name)).toEqual(["x"]);
  });

  it("holds an interactive transaction on one stream until commit, hidden from others", async () => {
    const tx = await db.transaction("write");
    await tx.execute({ sql: "INSERT INTO t (name) VALUES (?)", args: ["in-tx"] });
    const inside = await tx.execute("SELECT count(*) AS c FROM t");
    const outside = await db.execute("SELECT count(*) AS c FROM t");
    const held = server.idleStreams;
    await tx.commit();
    const after = await db.execute("SELECT count(*) AS c FROM t");

    expect(inside.rows[0]?.c).toBe(1);
    expect(outside.rows[0]?.c).toBe(0);
    expect(held).toBe(1);
    expect(after.rows[0]?.c).toBe(1);
    expect(server.idleStreams).toBe(0);
  });

  it("rolls back, and queues a second writer until the first ends", async () => {
    const first = await db.transaction("write");
    await first.execute({ sql: "INSERT INTO t (name) VALUES (?)", args: ["dropped"] });
    const order: string[] = [];
    const second = (async () => {
      const tx = await db.transaction("write");
      await tx.execute({ sql: "INSERT INTO t (name) VALUES (?)", args: ["kept"] });
      order.push("second wrote");
      await tx.commit();
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push("first rolls back");
    await first.rollback();
    await second;
    const names = await db.execute("SELECT name FROM t");

    expect(order).toEqual(["first rolls back", "second wrote"]);
    expect(names.rows.map((r) => r.name)).toEqual(["kept"]);
  });

  it("runs a multi-statement script (triggers included) with executeMultiple", async () => {
    await db.executeMultiple(`
      CREATE TABLE log (what TEXT);
      CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('added ' || new.name); END;
      INSERT INTO t (name) VALUES ('z');
    `);
    const log = await db.execute("SELECT what FROM log");

    expect(log.rows.map((r) => r.what)).toEqual(["added z"]);
  });

  it("maps SQLite errors to the codes the client exposes", async () => {
    await db.execute("CREATE TABLE child (parent INTEGER NOT NULL REFERENCES t (id))");
    const syntax = await db.execute("SELEC 1").catch((e: unknown) => e);
    const missing = await db.execute("SELECT * FROM nowhere").catch((e: unknown) => e);
    const foreign = await db.execute("INSERT INTO child VALUES (42)").catch((e: unknown) => e);

    expect(syntax).toBeInstanceOf(LibsqlError);
    expect(syntax).toMatchObject({ code: "SQL_PARSE_ERROR" });
    expect(missing).toMatchObject({
      code: "SQLITE_ERROR",
      message: expect.stringMatching(/no such table: nowhere/),
    });
    expect(foreign).toMatchObject({
      code: "SQLITE_CONSTRAINT",
      message: expect.stringMatching(/FOREIGN KEY/),
    });
  });

  it("follows a base_url the server advertises for the rest of a stream", async () => {
    await server.close();
    await start({ baseUrlPath: "/sticky/a/" });
    db = createClient({ url: server.url });
    await db.execute("CREATE TABLE t (name TEXT)");
    const tx = await db.transaction("write");
    await tx.execute("INSERT INTO t VALUES ('a')");
    await tx.commit();

    expect(server.requests.map((r) => r.path)).toEqual([
      "/v2/pipeline",
      "/v2/pipeline",
      "/sticky/a/v2/pipeline",
    ]);
  });

  it("adds the configured round trip to every request", async () => {
    server.setDelay(30);
    const started = performance.now();
    await db.execute("SELECT 1");
    const tx = await db.transaction("write");
    await tx.execute("SELECT 1");
    await tx.commit();

    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
  });

  it("spends next to no CPU on a round trip's wait", async () => {
    const requests = 60;
    const cpuOf = async () => {
      const before = process.cpuUsage();
      for (let i = 0; i < requests; i++) await db.execute("SELECT 1");
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    server.setDelay(0);
    await cpuOf(); // warm-up: the first requests compile the code they run
    const base = await cpuOf();
    server.setDelay(1.5);
    const started = performance.now();
    const delayed = await cpuOf();

    expect(performance.now() - started).toBeGreaterThanOrEqual(requests * 1.5);
    // Spinning through the wait added about 2 ms of CPU a request (the wait and the loop around it).
    expect(delayed - base).toBeLessThan(requests * 1);
  });
});

describe("auth", () => {
  beforeEach(() => start({ authToken: "s3cret" }));
  afterEach(() => server.close());

  it("needs the bearer token (DATABASE_AUTH_TOKEN) on every pipeline", async () => {
    const good = createClient({ url: server.url, authToken: "s3cret" });
    const bad = createClient({ url: server.url, authToken: "nope" });
    const none = createClient({ url: server.url });

    expect((await good.execute("SELECT 1 AS one")).rows[0]?.one).toBe(1);
    await expect(bad.execute("SELECT 1")).rejects.toMatchObject({ code: "SERVER_ERROR" });
    await expect(none.execute("SELECT 1")).rejects.toThrow(/401/);
    expect(server.stats).toMatchObject({ pipelines: 1, requests: 2 }); // execute + close
    for (const client of [good, bad, none]) client.close();
  });
});

describe("raw protocol", () => {
  beforeEach(() => start({ streamIdleMs: 200 }));
  afterEach(() => server.close());

  it("answers version checks, and 404 for Protobuf so clients fall back to JSON", async () => {
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);
  });

  it("passes batons, evaluates conditions, stores SQL texts and closes the stream", async () => {
    const first = await pipeline("/v3/pipeline", {
      baton: null,
      requests: [
        { type: "store_sql", sql_id: 1, sql: "SELECT ? + 1" },
        { type: "execute", stmt: { sql: "BEGIN IMMEDIATE" } },
        { type: "get_autocommit" },
        { type: "describe", sql: "SELECT :a, ?" },
      ],
    });
    const second = await pipeline("/v3/pipeline", {
      baton: first.body.baton,
      requests: [
        {
          type: "batch",
          batch: {
            steps: [
              { stmt: { sql_id: 1, args: [{ type: "integer", value: "41" }] } },
              { stmt: { sql: "SELECT nope" }, condition: { type: "ok", step: 0 } },
              { stmt: { sql: "SELECT 'ran'" }, condition: { type: "error", step: 1 } },
              { stmt: { sql: "SELECT 'skipped'" }, condition: { type: "is_autocommit" } },
            ],
          },
        },
        { type: "execute", stmt: { sql: "COMMIT" } },
        { type: "get_autocommit" },
        { type: "close" },
      ],
    });
    const reused = await pipeline("/v3/pipeline", { baton: first.body.baton, requests: [] });

    expect(first.status).toBe(200);
    expect(first.body.baton).toEqual(expect.any(String));
    expect(first.body.results[2]).toEqual({
      type: "ok",
      response: { type: "get_autocommit", is_autocommit: false },
    });
    expect(first.body.results[3].response.result).toMatchObject({
      params: [{ name: ":a" }, { name: null }],
      is_readonly: true,
    });
    const batch = second.body.results[0].response.result;
    expect(batch.step_results[0].rows).toEqual([[{ type: "integer", value: "42" }]]);
    expect(batch.step_errors[1]).toMatchObject({ code: "SQLITE_ERROR" });
    expect(batch.step_results[2].rows).toEqual([[{ type: "text", value: "ran" }]]);
    expect([batch.step_results[3], batch.step_errors[3]]).toEqual([null, null]);
    expect(second.body.results[2].response.is_autocommit).toBe(true);
    expect(second.body.baton).toBeNull();
    expect(reused).toMatchObject({ status: 400, body: "Received an invalid baton" });
  });

  it("rejects what breaks the protocol with 400, and v3-only requests on v2", async () => {
    const garbage = await pipeline("/v2/pipeline", { baton: null, requests: [{ type: "dance" }] });
    const v2 = await pipeline("/v2/pipeline", { baton: null, requests: [{ type: "get_autocommit" }] });
    const badStep = await pipeline("/v2/pipeline", {
      baton: null,
      requests: [
        {
          type: "batch",
          batch: { steps: [{ stmt: { sql: "SELECT 1" }, condition: { type: "ok", step: 0 } }] },
        },
      ],
    });
    const both = await pipeline("/v2/pipeline", {
      baton: null,
      requests: [
        {
          type: "execute",
          stmt: {
            sql: "SELECT ?",
            args: [{ type: "null" }],
            named_args: [{ name: "a", value: { type: "null" } }],
          },
        },
      ],
    });

    expect(garbage.status).toBe(400);
    expect(v2).toMatchObject({ status: 400, body: expect.stringMatching(/version 3/) });
    expect(badStep).toMatchObject({ status: 400, body: "Invalid reference to step in a batch condition" });
    expect(both.body.results[0]).toMatchObject({
      type: "error",
      error: { code: "ARGS_BOTH_POSITIONAL_AND_NAMED" },
    });
  });

  it("expires an idle stream: its transaction rolls back and the write lock is free", async () => {
    await pipeline("/v2/pipeline", {
      baton: null,
      requests: [{ type: "execute", stmt: { sql: "CREATE TABLE t (x)" } }, { type: "close" }],
    });
    const open = await pipeline("/v2/pipeline", {
      baton: null,
      requests: [
        { type: "execute", stmt: { sql: "BEGIN IMMEDIATE" } },
        { type: "execute", stmt: { sql: "INSERT INTO t VALUES (1)" } },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const late = await pipeline("/v2/pipeline", {
      baton: open.body.baton,
      requests: [{ type: "execute", stmt: { sql: "COMMIT" } }],
    });
    const client = createClient({ url: server.url });
    await client.execute("INSERT INTO t VALUES (2)");
    const rows = await client.execute("SELECT x FROM t");
    client.close();

    expect(late).toMatchObject({ status: 400, body: { code: "STREAM_EXPIRED" } });
    expect(rows.rows.map((r) => r.x)).toEqual([2]);
    expect(server.stats.streamsExpired).toBe(1);
  });
});
