import type { Logger } from "@finchat/core/observability/logger";

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs `steps` in order on the first SIGTERM or SIGINT, each bounded by what is left of
 * `timeoutMs`, then exits 0 (1 if a step failed or the bound ran out). A second signal exits at once.
 */
export function onShutdown(logger: Logger, timeoutMs: number, steps: ShutdownStep[]): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutMs }, "shutting down");
    const deadline = Date.now() + timeoutMs;
    let failed = false;
    for (const step of steps) {
      const left = Math.max(0, deadline - Date.now());
      const started = Date.now();
      try {
        await withTimeout(step.run(), left, step.name);
        logger.info({ step: step.name, ms: Date.now() - started }, "shutdown step done");
      } catch (err) {
        failed = true;
        logger.error({ err, step: step.name }, "shutdown step failed");
      }
    }
    logger.info({ failed }, "stopped");
    process.exit(failed ? 1 : 0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
