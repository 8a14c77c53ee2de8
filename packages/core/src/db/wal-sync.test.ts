import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./test-database.ts";
import { WalSync } from "./wal-sync.ts";

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
    const wal = new WalSync("/unused", sync);
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
