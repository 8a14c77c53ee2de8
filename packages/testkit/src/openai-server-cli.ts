import { parseArgs } from "node:util";
import { loadScript } from "./openai-builtin-scripts.ts";
import { startOpenAIServer } from "./openai-server.ts";

const usage =
  "usage: node packages/testkit/src/openai-server-cli.ts [--port N] [--host H] [--script echo|fixed|<file.json|module.ts>] [--api-key K] [--no-record]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      script: { type: "string", default: "echo" },
      "api-key": { type: "string" },
      record: { type: "boolean", default: true },
      help: { type: "boolean", default: false },
    },
    allowNegative: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`);
  const server = await startOpenAIServer({
    port,
    host: values.host,
    apiKey: values["api-key"],
    script: await loadScript(values.script),
    recordRequests: values.record,
  });
  // The first stdout line is the base URL; harnesses read it to learn the port.
  console.log(server.url);
  const stop = () => {
    setTimeout(() => process.exit(0), 2000).unref();
    server.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exit(1);
});
