import { createServer } from "node:http";
import { loadConfig } from "@finchat/core/config";
import { createLogger } from "@finchat/core/observability/logger";
import { serve } from "@hono/node-server";
import { createApp } from "./http/app.ts";
import { openApiDeps } from "./http/deps.ts";
import { onShutdown } from "./lifecycle.ts";

/** The Api service: config, stores, the Hono app on Node's HTTP server, and a bounded drain. */
async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, service: "api" });
  const { deps, close } = await openApiDeps(config, logger);
  const app = createApp(deps);
  const server = serve(
    { fetch: app.fetch, port: config.http.port, hostname: config.http.host, createServer },
    (info) => logger.info({ port: info.port, host: config.http.host }, "api listening"),
  );

  onShutdown(logger, config.http.shutdownTimeoutMs, [
    {
      name: "drain",
      // Readiness turns 503 first so the load balancer stops sending new requests.
      run: async () => {
        deps.lifecycle.draining = true;
        // Open event streams end now; their clients resume with Last-Event-ID on another task.
        for (const stop of deps.lifecycle.streams) stop();
        await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      },
    },
    { name: "connections", run: close },
  ]);
}

await main();
