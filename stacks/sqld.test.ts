import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sqldHealthCommand, sqldImage, sqldImageReference } from "./sqld-image.ts";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(status: number): Promise<number> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/health" ? status : 404);
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** Runs an ECS `CMD` health check the way the container runtime does: exit code 0 is healthy. */
function runCheck(command: string[]): Promise<number | null> {
  const [kind, file = "", ...args] = command;
  expect(kind).toBe("CMD");
  const child = spawn(file, args, { stdio: "ignore" });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("the sqld container health check", () => {
  it("is healthy on 200 from /health, unhealthy on an error status or no server", async () => {
    expect(await runCheck(sqldHealthCommand(await serve(200)))).toBe(0);
    expect(await runCheck(sqldHealthCommand(await serve(503)))).toBe(1);
    const closed = await serve(200);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await runCheck(sqldHealthCommand(closed))).not.toBe(0);
  });
});

describe("the sqld image", () => {
  it("is built from the pinned upstream reference into the account's registry", () => {
    expect(sqldImageReference()).toBe(
      `${sqldImage.repository}:${sqldImage.tag}${sqldImage.digest ? `@${sqldImage.digest}` : ""}`,
    );
    expect(sqldImageReference({ ...sqldImage, digest: `sha256:${"a".repeat(64)}` })).toBe(
      `ghcr.io/tursodatabase/libsql-server:v0.24.32@sha256:${"a".repeat(64)}`,
    );
    expect(() => sqldImageReference({ ...sqldImage, digest: "latest" })).toThrow(/sha256/);
    const dockerfile = readFileSync(join(import.meta.dirname, "sqld/Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM \$\{SQLD_IMAGE\}$/m);
  });
});
