import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { takeBackup } from "@finchat/core/backup/take-backup";
import { openTestBucket } from "@finchat/core/backup/test-bucket";
import { Conversations, Messages } from "@finchat/core/db";
import { addTestUser, openTestDatabase } from "@finchat/core/db/test-database";
import { createLogger } from "@finchat/core/observability/logger";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// `npm run restore` as an operator runs it: its own process, the bucket's backups/, a new file.
const script = fileURLToPath(new URL("restore.ts", import.meta.url));
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let bucket: Awaited<ReturnType<typeof openTestBucket>>;
let key: string;

beforeAll(async () => {
  database = await openTestDatabase();
  bucket = await openTestBucket();
  const ada = await addTestUser(database.db, "Ada");
  for (const name of ["Grace", "Edsger"]) await addTestUser(database.db, name);
  // A run the snapshot catches mid-way, which the restore reports.
  const conversation = await Conversations.create(database.db, ada.id, {});
  await Messages.appendUserTurn(database.db, {
    userId: ada.id,
    conversationId: conversation.id,
    content: "Mid-way",
  });
  const logger = createLogger({ level: "silent", service: "test" });
  const deps = { db: database.db, dbUrl: database.url, blobs: bucket.blobs, keep: 5, logger };
  key = ((await takeBackup(deps, "2025-03-01T00:00:00.000Z")) as { key: string }).key;
});
afterAll(async () => {
  bucket.close();
  await database.close();
});

function restore(...args: string[]): Promise<{ code: number | null; output: string }> {
  const s3 = inject("s3");
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: {
        PATH: process.env.PATH,
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: bucket.bucket,
        AWS_ACCESS_KEY_ID: s3.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("npm run restore", () => {
  it("lists the backups", async () => {
    const { code, output } = await restore("--list");
    expect(output).toContain(key);
    expect(code).toBe(0);
  });

  it("restores a backup into a new file, checks it and prints row counts", async () => {
    const target = join(database.dir, "restored.db");
    const { code, output } = await restore(key, "--to", target);
    expect(output).toMatch(/integrity_check ok/);
    expect(output).toMatch(/sha256 [0-9a-f]{64} \(matches\)/);
    expect(output).toMatch(/^ {2}users +3$/m);
    expect(output).toMatch(/^unfinished runs: 1 queued; Workers started on this file send them again/m);
    expect(code).toBe(0);
    expect(existsSync(target)).toBe(true);
  });

  it("exits non-zero for an existing target, a missing key and bad arguments", async () => {
    const target = join(database.dir, "twice.db");
    expect((await restore(key, "--to", target)).code).toBe(0);
    const again = await restore(key, "--to", target);
    expect(again.output).toMatch(/already exists/);
    expect(again.code).toBe(1);
    const missing = await restore("backups/1999-01-01T00:00:00.000Z.db", "--to", join(database.dir, "x.db"));
    expect(missing.output).toMatch(/no backup/);
    expect(missing.code).toBe(1);
    expect((await restore()).code).toBe(2);
  });
});
