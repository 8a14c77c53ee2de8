// Generates src/api/schema.d.ts, the SPA's types for every Api route, from the OpenAPI document the
// Api serves. The app is built in-process (its routes do no I/O until called), so no server runs.
// `npm run generate:api -w @finchat/web` rewrites the file; api-types.test.ts fails while it is stale.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@finchat/core/config";
import { createLogger } from "@finchat/core/observability/logger";
import { disabledMetrics } from "@finchat/core/observability/metrics";
import openapiTS, { astToString } from "openapi-typescript";
import { createApp } from "../../../functions/http/app.ts";
import type { ApiDeps } from "../../../functions/http/env.ts";

export const schemaFile = fileURLToPath(new URL("../src/api/schema.d.ts", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));

const header = `/**
 * Generated from the Api's OpenAPI document by packages/web/scripts/api-types.ts. Do not edit:
 * run \`npm run generate:api -w @finchat/web\` after changing a route.
 */
`;

/** The OpenAPI document of the Api as GET /api/openapi.json serves it. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  // Only the request logger and metrics run for this request; nothing else in deps is touched.
  const deps = {
    config: loadConfig({ LOG_LEVEL: "silent" }),
    logger: createLogger({ level: "silent", service: "api-types" }),
    metrics: disabledMetrics(),
    lifecycle: { draining: false, streams: new Set() },
  } as unknown as ApiDeps;
  const res = await createApp(deps).request("/api/openapi.json");
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The text schema.d.ts should hold: the generated types, formatted the way Biome formats them. */
export async function renderApiTypes(): Promise<string> {
  const ast = await openapiTS(JSON.stringify(await openApiDocument()));
  return formatWithBiome(header + astToString(ast));
}

function formatWithBiome(source: string): string {
  const biome = spawnSync(
    "npx",
    ["--no-install", "biome", "format", "--stdin-file-path=packages/web/src/api/schema.d.ts"],
    { cwd: root, input: source, encoding: "utf8" },
  );
  if (biome.status !== 0) throw new Error(`biome format failed: ${biome.stderr}`);
  return biome.stdout;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(schemaFile, await renderApiTypes());
  console.log(`wrote ${schemaFile}`);
}
