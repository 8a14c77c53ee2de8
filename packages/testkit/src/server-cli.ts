/** The options every testkit server's command line takes, besides its own. */
export const listenOptions = {
  port: { type: "string", default: "0" },
  host: { type: "string", default: "127.0.0.1" },
  help: { type: "boolean", default: false },
} as const;

/**
 * The shared life of a testkit server run as its own process: `--help`, a checked `--port`, the
 * base URL as the first stdout line (harnesses read it to learn the port), a bounded close on
 * SIGTERM/SIGINT, and a non-zero exit with the usage on any start-up error.
 */
export function serveFromCli<V extends { port: string; host: string; help: boolean }>(
  usage: string,
  parse: () => V,
  start: (
    values: V,
    listen: { port: number; host: string },
  ) => Promise<{ url: string; close(): Promise<void> }>,
): void {
  const main = async () => {
    const values = parse();
    if (values.help) {
      console.log(usage);
      return;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port: not a port: ${values.port}`);
    const server = await start(values, { port, host: values.host });
    console.log(server.url);
    const stop = () => {
      setTimeout(() => process.exit(0), 2000).unref();
      server.close().then(() => process.exit(0));
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  };
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    process.exit(1);
  });
}
