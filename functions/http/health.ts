import { durabilityFailure } from "@finchat/core/db";
import { createRoute, z } from "@hono/zod-openapi";
import type { ApiDeps, AppEnv } from "./env.ts";
import { createRouter } from "./router.ts";

const Check = z.string().openapi({ description: '"ok", or what went wrong' });
const Readiness = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    checks: z.object({ db: Check, redis: Check, storage: Check }),
  })
  .openapi("Readiness");

const live = createRoute({
  method: "get",
  path: "/live",
  tags: ["health"],
  summary: "The process is running (checks no dependency)",
  responses: {
    200: {
      description: "Alive",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
    },
  },
});

const ready = createRoute({
  method: "get",
  path: "/ready",
  tags: ["health"],
  summary:
    "Database, Redis and S3 answer, the database still makes writes durable, and the process is not draining",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: Readiness } } },
    503: {
      description: "Draining or a dependency is down",
      content: { "application/json": { schema: Readiness } },
    },
  },
});

const checkTimeoutMs = 2000;

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
      }),
    ]);
    return "ok";
  } catch (err) {
    return err instanceof Error ? err.message : "failed";
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: ApiDeps) {
  return createRouter<AppEnv>()
    .openapi(live, (c) => c.json({ status: "ok" as const }, 200))
    .openapi(ready, async (c) => {
      const [db, redis, storage] = await Promise.all([
        // A failed WAL sync poisons the client for good: not ready, whatever a query would say.
        check(async () => {
          const failure = durabilityFailure(deps.db);
          if (failure) throw failure;
          return deps.db.execute("SELECT 1");
        }),
        check(() => deps.redis.ping()),
        check(() => deps.blobs.ping()),
      ]);
      const checks = { db, redis, storage };
      const ok = !deps.lifecycle.draining && Object.values(checks).every((v) => v === "ok");
      if (!ok) c.header("Retry-After", "5");
      return ok
        ? c.json({ status: "ready" as const, checks }, 200)
        : c.json({ status: "not_ready" as const, checks }, 503);
    });
}
