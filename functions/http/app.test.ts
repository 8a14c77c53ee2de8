import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, errorOf } from "./test-support.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi({ BODY_LIMIT_BYTES: "2048" });
});
afterAll(() => api.close());

describe("edges every route shares", () => {
  it("answers unknown routes with a JSON 404 carrying the request id", async () => {
    const res = await api.app.request("/api/nope", { headers: { "x-request-id": "req-123" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBe("req-123");
    expect(await errorOf(res)).toEqual({
      code: "not_found",
      message: expect.any(String),
      requestId: "req-123",
    });
  });

  it("gives every response a request id", async () => {
    const res = await api.app.request("/health/live");
    expect(res.headers.get("x-request-id")).toMatch(/.+/);
  });

  it("answers 413 for a body over the limit and stores nothing", async () => {
    const { headers } = await api.signUp();
    const res = await api.app.request("/api/conversations", {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "x".repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("payload_too_large");
    const list = (await (await api.app.request("/api/conversations", { headers })).json()) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(0);
  });

  it("answers 415 for a body that is not JSON", async () => {
    const { headers } = await api.signUp();
    const res = await api.app.request("/api/conversations", {
      method: "POST",
      headers: { ...headers, "content-type": "text/plain" },
      body: "title=hello",
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe("unsupported_media_type");
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await api.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });

  it("serves the OpenAPI document and a readable reference page", async () => {
    const doc = (await (await api.app.request("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/auth/signup", "/api/conversations/{id}", "/api/tokens", "/health/ready"]),
    );
    const page = await api.app.request("/api/reference");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/reference/swagger-ui-bundle.js");
    const bundle = await api.app.request("/api/reference/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect((await api.app.request("/api/reference/..%2Fpackage.json")).status).toBe(404);
  });
});

describe("caching", () => {
  it("marks user data no-store so no shared cache keeps it", async () => {
    const { headers } = await api.signUp();
    const res = await api.app.request("/api/conversations", { headers });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
