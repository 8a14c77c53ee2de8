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
