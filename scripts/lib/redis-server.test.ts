import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startRedisServer } from "./redis-server.ts";

describe("startRedisServer", () => {
  it("starts a noeviction server on a free port and stops it", async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, { lazyConnect: true });
    await client.connect();
    expect(await client.config("GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
    client.disconnect();
    await server.stop();
    expect(server.process.exitCode !== null || server.process.signalCode !== null).toBe(true);
  });
});
