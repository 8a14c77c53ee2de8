import type { Logger } from "@finchat/core/observability/logger";

export interface ShutdownStep {
  name: string;
  run(): Promise<unknown>;
}

export interface Shutdown {
  /**
   * Runs the same bounded steps a signal does, then exits 1 whatever they do: for a fault the
   * process cannot recover from (the database lost durability), so the orchestrator replaces it.
   */
  fail(reason: string, err?: unknown): void;
}

/**
 * Runs `steps` in order on the first SIGTERM or SIGINT (or {@link Shutdown.fail}), each bounded by
 * what is left of `timeoutMs`, then exits 0 (1 if a step failed, the bound ran out, or the shutdown
 * was a failure). A second signal exits at once.
 */
export function onShutdown(
  logger: Logger,
  timeoutMs: number,
  steps: ShutdownStep[],
  exit: (code: number) => void = (code) => process.exit(code),
): Shutdown {
  let stopping = false;
  const shutdown = async (cause: { signal: NodeJS.Signals } | { reason: string }) => {
    if (stopping) {
      if ("signal" in cause) {
        logger.warn(cause, "second signal: exiting now");
        exit(1);
      }
      return;
    }
    stopping = true;
    logger.info({ ...cause, timeoutMs }, "shutting down");
    const deadline = Date.now() + timeoutMs;
    let failed = "reason" in cause;
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
    exit(failed ? 1 : 0);
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown({ signal });
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return {
    fail(reason, err) {
      logger.error({ err, reason }, "unrecoverable fault: stopping for a replacement");
      void shutdown({ reason });
    },
  };
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
