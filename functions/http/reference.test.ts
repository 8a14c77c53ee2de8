import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { referenceContentSecurityPolicy, referenceRoutes } from "./reference.ts";

const app = new Hono().route("/api", referenceRoutes());

describe("the API reference", () => {
  it("serves the page and its files under a strict Content-Security-Policy", async () => {
    for (const path of ["/api/reference", "/api/reference/init.js", "/api/reference/swagger-ui.css"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-security-policy"), path).toBe(referenceContentSecurityPolicy);
    }
    const policy = referenceContentSecurityPolicy;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)|\*/);
    // The page itself holds no inline script the policy would have to allow.
    expect(await (await app.request("/api/reference")).text()).not.toMatch(/<script>(?!<\/script>)/);
  });

  it("puts the policy on a 404 under the reference too", async () => {
    const res = await app.request("/api/reference/nothing.js");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-security-policy")).toBe(referenceContentSecurityPolicy);
  });
});
