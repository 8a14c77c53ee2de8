import { parseArgs } from "node:util";
import { loadScript } from "./openai-builtin-scripts.ts";
import { startOpenAIServer } from "./openai-server.ts";
import { listenOptions, serveFromCli } from "./server-cli.ts";

serveFromCli(
  "usage: node packages/testkit/src/openai-server-cli.ts [--port N] [--host H] [--script echo|fixed|demo|<file.json|module.ts>] [--api-key K] [--no-record]",
  () =>
    parseArgs({
      options: {
        ...listenOptions,
        script: { type: "string", default: "echo" },
        "api-key": { type: "string" },
        record: { type: "boolean", default: true },
      },
      allowNegative: true,
    }).values,
  async (values, listen) =>
    startOpenAIServer({
      ...listen,
      apiKey: values["api-key"],
      script: await loadScript(values.script),
      recordRequests: values.record,
    }),
);
