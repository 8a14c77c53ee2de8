import { parseArgs } from "node:util";
import { startGitHubServer } from "./github-server.ts";

const usage = "usage: node packages/testkit/src/github-server-cli.ts [--port N] [--host H] [--token T]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      token: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`);
  const server = await startGitHubServer({
    port,
    host: values.host,
    ...(values.token ? { token: values.token } : {}),
  });
  // The first stdout line is the API base URL; harnesses read it to learn the port.
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
