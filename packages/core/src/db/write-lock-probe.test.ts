import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WriteLockProbe } from "./write-lock-probe.ts";

let dir: string;
let path: string;
const opened: Array<{ close(): void }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "finchat-probe-"));
  path = join(dir, "app.db");
  const setup = connect();
  setup.exec("PRAGMA journal_mode = wal; CREATE TABLE t (n INTEGER)");
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const c of opened.splice(0)) c.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect() {
  const db = new Database(path, { timeout: 0 });
  opened.push({ close: () => db.open && db.close() });
  return db;
}

function probe() {
  const p = new WriteLockProbe(path);
  opened.push(p);
  return p;
}

/** Whether a fresh connection could take the write lock right now. */
function lockIsFree(): boolean {
  const other = connect();
  try {
    other.exec("BEGIN IMMEDIATE");
    other.exec("ROLLBACK");
    return true;
  } catch {
    return false;
  }
}

describe("WriteLockProbe", () => {
  it("waits on a timer while another connection writes, then leaves the lock free", async () => {
    const writer = connect();
    writer.exec("BEGIN IMMEDIATE");
    let done = false;
    const waiting = probe()
      .waitUntilFree(2000)
      .then(() => {
        done = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(done).toBe(false);
    writer.exec("COMMIT");
    await waiting;
    expect(lockIsFree()).toBe(true);
  });

  it("fails with SQLITE_BUSY once the wait runs out", async () => {
    connect().exec("BEGIN IMMEDIATE");
    const err = await probe()
      .waitUntilFree(30)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((err as { code?: string }).code).toBe("SQLITE_BUSY");
  });

  it("never keeps the lock when giving it back fails", async () => {
    const exec = Database.prototype.exec;
    let failures = 0;
    vi.spyOn(Database.prototype, "exec").mockImplementation(function (this: Database.Database, sql: string) {
      if (sql === "ROLLBACK" && failures++ === 0) throw new Error("disk I/O error");
      return exec.call(this, sql);
    });
    const p = probe();
    await expect(p.waitUntilFree(1000)).rejects.toThrow("disk I/O error");
    expect(lockIsFree()).toBe(true);
    await p.waitUntilFree(1000);
    expect(lockIsFree()).toBe(true);
  });
});
