import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { webContentSecurityPolicy, webRoutes } from "./web.ts";

const dist = mkdtempSync(join(tmpdir(), "finchat-web-dist-"));
mkdirSync(join(dist, "assets"));
writeFileSync(join(dist, "index.html"), "<!doctype html><title>Finchat</title>");
writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log(1)");
writeFileSync(join(dist, "favicon.svg"), "<svg></svg>");
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const app = new Hono().route("/", webRoutes(dist));
app.notFound((c) => c.json({ error: { code: "not_found" } }, 404));

describe("serving the SPA", () => {
  it("answers the app's pages with index.html under a strict CSP, uncached", async () => {
    for (const path of ["/", "/c/0192f0c4", "/docs/d1/p/guide/intro.md"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("<title>Finchat</title>");
      expect(res.headers.get("content-security-policy")).toBe(webContentSecurityPolicy);
      expect(res.headers.get("cache-control")).toBe("no-cache");
    }
    expect(webContentSecurityPolicy).toContain("script-src 'self'");
    expect(webContentSecurityPolicy).toContain("object-src 'none'");
    expect(webContentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(webContentSecurityPolicy).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("serves hashed assets for good and a missing one as a 404, not the app", async () => {
    const asset = await app.request("/assets/index-abc123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await asset.text()).toBe("console.log(1)");
    expect((await app.request("/assets/index-old999.js")).status).toBe(404);
    expect((await app.request("/favicon.svg")).headers.get("content-type")).toContain("image/svg+xml");
  });

  it("leaves /api and /health to the Api", async () => {
    for (const path of ["/api/nothing", "/health/other"]) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found" } });
    }
  });

  it("serves nothing when the SPA was not built", async () => {
    const bare = new Hono().route("/", webRoutes(join(dist, "missing")));
    expect((await bare.request("/")).status).toBe(404);
  });
});
