import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

/**
 * A readable API reference at /api/reference: Swagger UI served from our own origin (no CDN), so
 * it works offline and under a strict Content-Security-Policy.
 */
const assetsDir = join(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"), "..");
const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Finchat API reference</title>
  <link rel="stylesheet" href="/api/reference/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/api/reference/swagger-ui-bundle.js"></script>
  <script src="/api/reference/init.js"></script>
</body>
</html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#reference", deepLinking: true });`;

/**
 * The reference is served from the session cookie's origin, so it gets a CSP as strict as Swagger
 * UI allows: scripts only from our files (the page has no inline script), requests only to our
 * origin, nothing framed or framing, no plugins, no forms elsewhere.
 */
export const referenceContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function referenceRoutes() {
  return new Hono<AppEnv>()
    .use("/reference", policy)
    .use("/reference/*", policy)
    .get("/reference", (c) => c.html(page))
    .get("/reference/init.js", (c) => c.body(init, 200, { "content-type": "text/javascript; charset=utf-8" }))
    .get("/reference/:asset", async (c) => {
      const name = c.req.param("asset");
      const type = assets[name];
      if (!type) return c.notFound();
      const body = await readFile(join(assetsDir, name));
      return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
    });
}

const policy: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header("content-security-policy", referenceContentSecurityPolicy);
};
