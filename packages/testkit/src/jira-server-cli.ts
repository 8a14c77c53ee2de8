import { parseArgs } from "node:util";
import { startJiraServer } from "./jira-server.ts";
import { listenOptions, serveFromCli } from "./server-cli.ts";

serveFromCli(
  "usage: node packages/testkit/src/jira-server-cli.ts [--port N] [--host H] [--email E] [--api-token T] [--finance-demo]",
  () =>
    parseArgs({
      options: {
        ...listenOptions,
        email: { type: "string" },
        "api-token": { type: "string" },
        "finance-demo": { type: "boolean" },
      },
    }).values,
  (values, listen) => {
    if (values.email !== undefined && !/^[^\s@:]+@[^\s@:]+$/.test(values.email))
      throw new Error(`--email: not an email address: ${values.email}`);
    if (values["api-token"] !== undefined && values["api-token"].trim() === "")
      throw new Error("--api-token: empty");
    return startJiraServer({
      ...listen,
      ...(values.email ? { email: values.email } : {}),
      ...(values["api-token"] ? { apiToken: values["api-token"] } : {}),
      ...(values["finance-demo"] ? { financeDemo: true } : {}),
    });
  },
);
