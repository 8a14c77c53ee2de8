import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";
import { faultyWalFiles } from "./wal-faults.ts";
import { DurabilityLostError, WalSync } from "./wal-sync.ts";

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A file sync that takes one timer tick and counts its starts. */
function countingSync() {
  const starts: number[] = [];
  let finished = 0;
  const sync = async () => {
    starts.push(finished);
    await new Promise((resolve) => setTimeout(resolve, 5));
    finished += 1;
  };
  return { starts, sync };
}

describe("WalSync", () => {
  it("starts at once when idle, and gives everyone who asked during a sync one more, shared", async () => {
    const { starts, sync } = countingSync();
    const wal = new WalSync("/unused", { syncFiles: sync });
    const first = wal.sync();
    const during = [wal.sync(), wal.sync(), wal.sync()];
    await first;
    expect(starts).toEqual([0, 1]);
    await Promise.all(during);
    expect(starts).toEqual([0, 1]);
    await wal.sync();
    expect(starts).toEqual([0, 1, 2]);
  });

  it("syncs a real WAL file and its directory", async () => {
    t = await openTestDatabase({ migrate: false });
    const path = join(t.dir, "test.db");
    writeFileSync(`${path}-wal`, "");
    const wal = new WalSync(path);
    await expect(wal.sync()).resolves.toBeUndefined();
    await expect(wal.sync()).resolves.toBeUndefined();
  });
});

describe("WalSync after a failed fdatasync", () => {
  it("rejects that sync and every later one, though the file would sync again", async () => {
    t = await openTestDatabase({ migrate: false });
    const path = join(t.dir, "test.db");
    writeFileSync(`${path}-wal`, "");
    const faults = faultyWalFiles();
    const wal = new WalSync(path, { files: faults.files });
    await wal.sync();
    faults.failNextDatasync();
    const during = wal.sync();
    const queued = wal.sync();
    await expect(during).rejects.toBeInstanceOf(DurabilityLostError);
    await expect(queued).rejects.toBeInstanceOf(DurabilityLostError);
    await expect(wal.sync()).rejects.toMatchObject({ code: "unavailable", reason: "durability_lost" });
    expect(faults.failed()).toBe(1);
    expect(wal.failure?.cause).toMatchObject({ code: "EIO", syscall: "fdatasync" });
    // A reopened log is no cure either: the pages the failed sync dropped are gone.
    await wal.close();
    await expect(wal.sync()).rejects.toBeInstanceOf(DurabilityLostError);
  });
});
