import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LibsqlServer } from "@finchat/testkit/libsql-server";
import type { Client } from "@libsql/client";
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { create as createUser, type User } from "./users.ts";

export type TestDatabase = { db: Client; url: string; dir: string; close: () => Promise<void> };

/**
 * True in the remote-libSQL pass of the test run (the vitest project `remote-db`, which sets
 * `FINCHAT_TEST_DB=remote`): test databases are then served over HTTP (Hrana) by the testkit's
 * stand-in for sqld, so the same tests run the `http://` path production uses.
 */
export const remoteTestDatabases = process.env.FINCHAT_TEST_DB === "remote";

/** A served test database: its URL, the token it wants (if any) and how to stop serving it. */
export type TestDatabaseUrl = {
  url: string;
  authToken?: string;
  /** The stand-in serving it, in the remote pass (its `stats` count round trips). */
  server?: LibsqlServer;
  close: () => Promise<void>;
};

/**
 * The URL of a fresh database `test.db` in `dir`: a `file:` URL, or in the remote pass the URL of
 * a stand-in serving that file (with `authToken`, when given, required of every request).
 * `FINCHAT_TEST_DB_DELAY_MS` adds a round trip to each request of the stand-in.
 */
export async function testDatabaseUrl(
  dir: string,
  options: { authToken?: string; migrated?: boolean } = {},
): Promise<TestDatabaseUrl> {
  const path = join(dir, "test.db");
  if (!remoteTestDatabases) return { url: `file:${path}`, close: async () => {} };
  if (options.migrated) await copyFile(await migratedTemplate(), path);
  const { startLibsqlServer } = await import("@finchat/testkit/libsql-server");
  const server = await startLibsqlServer({
    path,
    authToken: options.authToken,
    delayMs: Number(process.env.FINCHAT_TEST_DB_DELAY_MS ?? 0),
    recordRequests: process.env.FINCHAT_TEST_DB_RECORD === "1",
  });
  return { url: server.url, authToken: options.authToken, server, close: () => server.close() };
}

let template: Promise<string> | undefined;

/**
 * A migrated database file made once per test process and copied for each remote test database
 * that starts migrated: migrating over HTTP takes dozens of round trips per database, and
 * migrate.test.ts runs that path on its own.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "finchat-template-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "template.db");
    const db = await openDatabase({ url: `file:${path}` });
    await migrate(db);
    await db.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    db.close();
    return path;
  })();
  return template;
}

/** A fresh, migrated database in its own temp directory, for tests (served remotely in the remote pass). */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "finchat-db-"));
  const served = await testDatabaseUrl(dir, { migrated: options.migrate !== false });
  const db = await openDatabase({ url: served.url });
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    url: served.url,
    dir,
    close: async () => {
      db.close();
      await served.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs concurrent-writer.fixture.ts against `url` in a separate node process. */
export function spawnConcurrentWriter(
  url: string,
  mode: "migrate" | "write",
  count = 0,
): { ready: Promise<void>; result: Promise<unknown> } {
  const script = join(import.meta.dirname, "concurrent-writer.fixture.ts");
  const child = spawn(process.execPath, [script, url, mode, String(count)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("ready\n")) resolve();
    });
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const result = new Promise<unknown>((resolve, reject) => {
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`concurrent writer exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "null"));
    });
  });
  return { ready, result };
}

let userCounter = 0;

/** Creates a user with a unique email (the first in a database becomes its admin). */
export async function addTestUser(db: Client, name = "Test User"): Promise<User> {
  userCounter += 1;
  return createUser(db, {
    email: `user${userCounter}-${Date.now()}@example.com`,
    name,
    passwordHash: "scrypt$test",
    signup: "open",
  });
}
