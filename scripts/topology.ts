// `npm run topology`: production's shape on one machine — 2 Api and 2 Worker processes behind
// haproxy, one redis-server, the embedded S3 server and a libSQL server over HTTP (README.md,
// "The production topology on one machine"). A development launcher, so it reads process.env to
// pass settings through; the services parse them with loadConfig.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchTopology } from "./lib/topology.ts";
import { ensureWebBuild } from "./lib/web-build.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
if (existsSync(join(root, ".env"))) process.loadEnvFile(join(root, ".env"));

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    "db-delay-ms": { type: "string", default: "0" },
  },
});
const port = Number(values.port);
const databaseDelayMs = Number(values["db-delay-ms"]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port: not a port: ${values.port}`);
  process.exit(1);
}
if (!Number.isFinite(databaseDelayMs) || databaseDelayMs < 0) {
  console.error(`--db-delay-ms: not a delay: ${values["db-delay-ms"]}`);
  process.exit(1);
}

await ensureWebBuild((line) => console.log(line)).catch((error: Error) => {
  console.error(`The web app did not build: ${error.message}`);
  process.exit(1);
});

const env = { ...process.env };
if (!env.LOCAL_REPOS && existsSync(join(root, ".git"))) env.LOCAL_REPOS = `finchat=${root}`;
delete env.DATABASE_URL; // the topology's own libSQL server is the database

const topology = await launchTopology({
  root,
  dataDir: join(root, ".data", "topology"),
  env,
  port,
  databaseDelayMs,
  output: { stdout: process.stdout, stderr: process.stderr },
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => topology.stop(`received ${signal}`));
}

topology.ready.then(
  () => console.log(`\nFinchat (2 Apis, 2 Workers, haproxy) is up at ${topology.url}  (Ctrl-C stops it)\n`),
  () => {},
);

const result = await topology.done;
if (result.ok) console.log("Finchat stopped");
else console.error(`Finchat stopped: ${result.reason}`);
process.exit(result.ok ? 0 : 1);
