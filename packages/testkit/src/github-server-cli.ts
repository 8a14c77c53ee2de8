import { parseArgs } from "node:util";
import { startGitHubServer } from "./github-server.ts";
import { listenOptions, serveFromCli } from "./server-cli.ts";

serveFromCli(
  "usage: node packages/testkit/src/github-server-cli.ts [--port N] [--host H] [--token T]",
  () => parseArgs({ options: { ...listenOptions, token: { type: "string" } } }).values,
  (values, listen) => startGitHubServer({ ...listen, ...(values.token ? { token: values.token } : {}) }),
);
