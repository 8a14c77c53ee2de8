import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { openDatabase } from "./client.ts";
import { migrate } from "./migrate.ts";
import { create as createUser, type User } from "./users.ts";

export type TestDatabase = { db: Client; url: string; dir: string; close: () => Promise<void> };

/** A fresh, migrated database file in its own temp directory, for tests. */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "finchat-db-"));
  const url = `file:${join(dir, "test.db")}`;
  const db = await openDatabase({ url });
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    url,
    dir,
    close: async () => {
      db.close();
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
