import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { spaContentSecurityPolicy } from "./content-security-policy.ts";
import type { AppEnv } from "./env.ts";

/** Where `npm run build -w @finchat/web` writes the SPA. */
export const webDistDir = fileURLToPath(new URL("../../packages/web/dist", import.meta.url));

/** The SPA's Content-Security-Policy (packages/web/content-security-policy.ts). */
export const webContentSecurityPolicy = spaContentSecurityPolicy;

/**
 * Serves the built SPA in local mode: hashed assets cached for good, other files as they are, and
 * index.html (no-cache) for every other page address so the app's own router takes over. /api and
 * /health are never answered here. Without a build (an Api-only image) this serves nothing.
 */
export function webRoutes(distDir: string = webDistDir) {
  const app = new Hono<AppEnv>();
  const indexFile = join(distDir, "index.html");
  if (!existsSync(indexFile)) return app;

  const files = serveStatic({ root: distDir });
  // Middleware rather than a GET route: request metrics name routes by their GET handlers.
  app.use("*", async (c, next) => {
    const method = c.req.method;
    if (!isAppPath(c.req.path) || (method !== "GET" && method !== "HEAD")) return next();
    c.header("content-security-policy", webContentSecurityPolicy);
    const found = await files(c, async () => {});
    if (found instanceof Response) {
      // Only a file that exists may be cached: a 404 cached for a year would outlive the fix.
      const forever = found.ok && c.req.path.startsWith("/assets/");
      found.headers.set("cache-control", forever ? "public, max-age=31536000, immutable" : "no-cache");
      return found;
    }
    // A missing asset is a 404, not the app: a stale page asking for an old chunk must fail loudly.
    if (c.req.path.startsWith("/assets/")) return next();
    c.header("cache-control", "no-cache");
    return c.html(await readFile(indexFile, "utf8"));
  });
  return app;
}

function isAppPath(path: string): boolean {
  return !/^\/(api|health)(\/|$)/.test(path);
}
