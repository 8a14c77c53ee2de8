import { openDatabase } from "@finchat/core/db";
import { faultyWalFiles } from "@finchat/core/db/wal-faults";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "./test-support.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

describe("health", () => {
  it("is live without touching dependencies", async () => {
    const res = await api.app.request("/health/live");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("is ready when the database, Redis and S3 answer", async () => {
    const res = await api.app.request("/health/ready");
    expect(await res.json()).toEqual({ status: "ready", checks: { db: "ok", redis: "ok", storage: "ok" } });
    expect(res.status).toBe(200);
  });

  it("is not ready while draining", async () => {
    api.deps.lifecycle.draining = true;
    try {
      const res = await api.app.request("/health/ready");
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    } finally {
      api.deps.lifecycle.draining = false;
    }
  });

  it("is not ready, naming the check, when S3 has no such bucket", async () => {
    const broken = await createTestApi({ S3_BUCKET: "no-such-bucket" });
    try {
      const res = await broken.app.request("/health/ready");
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: Record<string, string> };
      expect(body.checks.db).toBe("ok");
      expect(body.checks.storage).not.toBe("ok");
    } finally {
      await broken.close();
    }
  });
});

describe("health once the database lost durability", () => {
  it("answers 503 to the write whose WAL sync failed and to every later request, and is not ready", async () => {
    const faulty = await createTestApi();
    const faults = faultyWalFiles();
    // The same file, through a client whose next fdatasync of the log fails with EIO.
    const db = await openDatabase(faulty.deps.config.db, { walFiles: faults.files });
    faulty.deps.db = db;
    try {
      const person = await faulty.signUp();
      const create = () =>
        faulty.app.request("/api/conversations", { method: "POST", headers: person.headers, body: "{}" });
      expect((await create()).status).toBe(201);

      faults.failNextDatasync();
      const failed = await create();
      expect(failed.status).toBe(503);
      expect(failed.headers.get("retry-after")).toBe("5");
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe("unavailable");
      // The next sync would succeed on the same handle; nothing is acknowledged after it anyway.
      expect((await create()).status).toBe(503);
      const list = await faulty.app.request("/api/conversations", { headers: { cookie: person.cookie } });
      expect(list.status).toBe(503);
      expect(faults.failed()).toBe(1);

      const ready = await faulty.app.request("/health/ready");
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; checks: Record<string, string> };
      expect(body.status).toBe("not_ready");
      expect(body.checks.db).toMatch(/durable/);
      expect(body.checks.redis).toBe("ok");
    } finally {
      db.close();
      await faulty.close();
    }
  });
});
