import { parseArgs } from "node:util";
import { startGitHubServer } from "./github-server.ts";
import { listenOptions, serveFromCli } from "./server-cli.ts";

serveFromCli(
  "usage: node packages/testkit/src/github-server-cli.ts [--port N] [--host H] [--token T] [--source-files N]",
  () =>
    parseArgs({
      options: {
        ...listenOptions,
        token: { type: "string" },
        "source-files": { type: "string", default: "0" },
      },
    }).values,
  (values, listen) => {
    const sourceFiles = Number(values["source-files"]);
    if (!Number.isInteger(sourceFiles) || sourceFiles < 0)
      throw new Error(`--source-files: not a count: ${values["source-files"]}`);
    return startGitHubServer({
      ...listen,
      ...(values.token ? { token: values.token } : {}),
      ...(sourceFiles ? { repo: { sourceFiles } } : {}),
    });
  },
);
