import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const cliPath = fileURLToPath(new URL("./libsql-server-cli.ts", import.meta.url));

let child: ChildProcess;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "libsql-cli-"));
  child = spawn(
    process.execPath,
    [cliPath, "--db", join(dir, "x.db"), "--delay-ms", "0.5", "--auth-token", "t"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [firstLine] = (await once(lines, "line")) as [string];
  url = firstLine;
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
  await rm(dir, { recursive: true, force: true });
});

describe("libsql-server-cli", () => {
  it("prints its URL and serves the file as a separate process", async () => {
    const db = createClient({ url, authToken: "t" });
    await db.execute("CREATE TABLE t (x INTEGER)");
    await db.execute({ sql: "INSERT INTO t VALUES (?)", args: [7n] });
    const rows = await db.execute("SELECT x FROM t");
    db.close();

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(rows.rows[0]?.x).toBe(7);
  });

  it("refuses to start without a database file", async () => {
    const bad = spawn(process.execPath, [cliPath], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    bad.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = (await once(bad, "exit")) as [number];

    expect(code).toBe(1);
    expect(stderr).toMatch(/--db/);
  });
});
