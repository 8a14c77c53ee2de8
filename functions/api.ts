import { createServer, type Server } from "node:http";
import { loadConfig } from "@finchat/core/config";
import { onDurabilityLost } from "@finchat/core/db";
import { createLogger } from "@finchat/core/observability/logger";
import { serve } from "@hono/node-server";
import { createApp } from "./http/app.ts";
import { openApiDeps } from "./http/deps.ts";
import { onShutdown } from "./lifecycle.ts";
import { startupSummary } from "./startup-summary.ts";

/** The Api service: config, stores, the Hono app on Node's HTTP server, and a bounded drain. */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, service: "api" });
  logger.info(startupSummary(config), "api configuration");
  const { deps, close } = await openApiDeps(config, logger);
  const app = createApp(deps);
  // With node:http's createServer, serve() returns an http.Server (its type also allows HTTP/2).
  const server = serve(
    { fetch: app.fetch, port: config.http.port, hostname: config.http.host, createServer },
    (info) => logger.info({ port: info.port, host: config.http.host }, "api listening"),
  ) as Server;

  const shutdown = onShutdown(logger, config.http.shutdownTimeoutMs, [
    {
      name: "drain",
      // Readiness turns 503 first so the load balancer stops sending new requests.
      run: async () => {
        deps.lifecycle.draining = true;
        // Open event streams end now; their clients resume with Last-Event-ID on another task.
        for (const stop of deps.lifecycle.streams) stop();
        const closed = new Promise<void>((resolve, reject) =>
          server.close((err) => (err ? reject(err) : resolve())),
        );
        // close() drops the connections idle right now; keep-alive connections whose request finishes
        // later (an ended stream, a slow request) become idle afterwards and are dropped as they do.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        await closed.finally(() => clearInterval(sweep));
      },
    },
    // Sends the requests of the last interval, the drain's included.
    { name: "metrics", run: () => deps.metrics.close() },
    { name: "connections", run: close },
  ]);
  // Nothing may be acknowledged after a failed WAL sync: drain as on SIGTERM, then exit 1.
  onDurabilityLost(deps.db, (err) => shutdown.fail("database durability lost", err));
}

await main();
