import { parseArgs } from "node:util";
import { startLibsqlServer } from "./libsql-server.ts";
import { listenOptions, serveFromCli } from "./server-cli.ts";

serveFromCli(
  "usage: node packages/testkit/src/libsql-server-cli.ts --db FILE [--port N] [--host H] [--delay-ms MS] [--auth-token T] [--stream-idle-ms MS]",
  () =>
    parseArgs({
      options: {
        ...listenOptions,
        db: { type: "string" },
        "delay-ms": { type: "string", default: "0" },
        "auth-token": { type: "string" },
        "stream-idle-ms": { type: "string", default: "10000" },
      },
    }).values,
  async (values, listen) => {
    if (!values.db) throw new Error("--db: the database file is required");
    const delayMs = Number(values["delay-ms"]);
    if (!Number.isFinite(delayMs) || delayMs < 0)
      throw new Error(`--delay-ms: not a delay: ${values["delay-ms"]}`);
    const streamIdleMs = Number(values["stream-idle-ms"]);
    if (!Number.isInteger(streamIdleMs) || streamIdleMs <= 0) {
      throw new Error(`--stream-idle-ms: not a duration: ${values["stream-idle-ms"]}`);
    }
    return startLibsqlServer({
      ...listen,
      path: values.db,
      delayMs,
      streamIdleMs,
      authToken: values["auth-token"] ?? process.env.DATABASE_AUTH_TOKEN,
    });
  },
);
