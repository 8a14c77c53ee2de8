import { createServer } from "node:http";
import { migrate, openDatabase } from "@finchat/core/db";
import { describe, expect, it } from "vitest";
import { waitForDatabase } from "./database-wait.ts";

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
    const db = await openDatabase({ url: `http://127.0.0.1:${port}` });
    try {
      const started = Date.now();
      await expect(waitForDatabase(db, { timeoutMs: 1200 })).rejects.toThrow(
        /database unreachable after 1200 ms/,
      );
      expect(Date.now() - started).toBeLessThan(5000);
      // Without the wait, start-up fails at the migration.
      await expect(migrate(db)).rejects.toThrow();
    } finally {
      db.close();
    }
  });
});
