import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/lib/redis-server.ts";
import { runRestoreDrill } from "../scripts/lib/restore-drill.ts";

// `npm run drill:restore` end to end with real processes: 2 Apis and 2 Workers behind haproxy, the
// libSQL server as its own process, redis-server and the embedded S3 server; a Worker's backup
// job snapshots the remote database, the database server is lost, and the snapshot is restored.

const root = fileURLToPath(new URL("..", import.meta.url));
let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the recovery drill on the local production topology", () => {
  it("restores the newest snapshot into a fresh database server and serves what it held", async () => {
    dir = await mkdtemp(join(tmpdir(), "finchat-drill-"));
    let output = "";
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += chunk;
        done();
      },
    });
    const lines: string[] = [];
    const report = await runRestoreDrill({
      root,
      dir,
      port: await freePort(),
      env: { PATH: process.env.PATH, NODE_ENV: "test", LOG_LEVEL: "warn", PASSWORD_SCRYPT_LOG2N: "14" },
      output: { stdout: sink, stderr: sink },
      conversations: 3,
      seedMessages: 2000,
      log: (line) => lines.push(line),
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n${lines.join("\n")}\n${output.slice(-20_000)}`);
    });

    expect(
      report.checks.filter((c) => !c.ok),
      lines.join("\n"),
    ).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual([
      "the held run completes before the loss",
      "readiness through haproxy answers 503 once the database is gone",
      "the newest snapshot is the one the backup job stored",
      "the restored file holds exactly the snapshot's rows",
      "sign-in through haproxy works",
      "everything written before the snapshot is there",
      "the snapshot held the run it caught mid-way as unfinished",
      "the reconciler settled it: resent at Worker start and answered",
      "data written after the snapshot is lost: bob cannot sign in",
      "data written after the snapshot is lost: alice's later conversation is gone",
    ]);
    expect(report.before).toMatchObject({ users: 1, conversations: 3 });
    expect(report.before.messages).toBeGreaterThanOrEqual(6);
    expect(report.seeded).toEqual({ conversations: 40, messages: 2000 });
    expect(report.unfinishedInSnapshot).toBe(1);
    expect(report.snapshot.key).toMatch(/^backups\/.+\.db$/);
    const { restoreMs, readyMs, signInMs, settledMs } = report.timings;
    expect(restoreMs).toBeLessThanOrEqual(readyMs);
    expect(readyMs).toBeLessThanOrEqual(signInMs);
    expect(signInMs).toBeLessThan(60_000);
    expect(settledMs).toBeLessThan(60_000);
  }, 120_000);
});
