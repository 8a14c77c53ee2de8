import type { Logger } from "../observability/logger.ts";

/**
 * How long the Api and the Worker wait for a remote database at start-up: less than the 75 s after
 * which ECS gives up on a container that never answers its liveness probe (30 s start period,
 * then 3 failures 15 s apart, stacks/fargate.ts).
 */
export const databaseWaitMs = 60_000;

/** What the wait needs of a database client. */
export interface Pingable {
  execute(sql: string): Promise<unknown>;
}

/**
 * Waits until the database answers `SELECT 1`, retrying with backoff (0.5 s doubling to 5 s) for
 * up to `timeoutMs`. A deployed Api or Worker can start while sqld is still starting or being
 * replaced; without this it would fail its migration and exit, and ECS would count a failed task
 * (enough of them roll a deployment back). Rejects with the last error after the timeout.
 */
export async function waitForDatabase(
  db: Pingable,
  options: { timeoutMs: number; logger?: Logger; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.execute("SELECT 1");
      if (attempt > 1) options.logger?.info({ attempt }, "database reachable");
      return;
    } catch (err) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`database unreachable after ${options.timeoutMs} ms: ${String(err)}`, { cause: err });
      }
      if (attempt === 1) options.logger?.warn({ err: String(err) }, "database not reachable yet, waiting");
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
