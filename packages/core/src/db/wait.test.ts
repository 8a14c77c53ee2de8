import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLibsqlServer } from "@finchat/testkit/libsql-server";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";
import { waitForDatabase } from "./wait.ts";

describe("waitForDatabase", () => {
  it("retries until the database answers", async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const db = {
      execute: async () => {
        calls++;
        if (calls < 4) throw new Error("ECONNREFUSED");
        return { rows: [] };
      },
    };
    await waitForDatabase(db, { timeoutMs: 60_000, sleep: async (ms) => void sleeps.push(ms) });
    expect(calls).toBe(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it("gives up after the timeout with the last error, against a libSQL server that is not there", async () => {
    // A port that refuses connections: listen, note the port, close.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const started = Date.now();
    await expect(openDatabase({ url: `http://127.0.0.1:${port}` }, { waitMs: 1200 })).rejects.toThrow(
      `Cannot use the database at http://127.0.0.1:${port} (DATABASE_URL): database unreachable after 1200 ms`,
    );
    // It retried for the whole wait, not once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("opens a remote database whose server starts while it waits", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const dir = await mkdtemp(join(tmpdir(), "finchat-wait-"));
    const late = new Promise<Awaited<ReturnType<typeof startLibsqlServer>>>((resolve, reject) =>
      setTimeout(() => startLibsqlServer({ path: join(dir, "late.db"), port }).then(resolve, reject), 700),
    );
    try {
      const db = await openDatabase({ url: `http://127.0.0.1:${port}` }, { waitMs: 10_000 });
      expect((await db.execute("SELECT 1 AS one")).rows[0]?.one).toBe(1);
      db.close();
    } finally {
      await (await late).close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
