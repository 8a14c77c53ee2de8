import type { Redis } from "ioredis";

const cancelKey = (runId: string) => `run:${runId}:cancel`;
/** A cancel request outlives any run that could still be waiting for it. */
const cancelTtlSeconds = 24 * 3600;

/** Records that the person asked to stop the run; the worker running it notices within a poll. */
export async function requestCancel(redis: Redis, runId: string): Promise<void> {
  await redis.set(cancelKey(runId), "1", "EX", cancelTtlSeconds);
}

export async function isCancelRequested(redis: Redis, runId: string): Promise<boolean> {
  return (await redis.exists(cancelKey(runId))) === 1;
}

/**
 * Aborts `controller` once a cancel is requested, checking every `intervalMs` (well inside the one
 * second a cancel may take). Returns a function that stops watching.
 */
export function watchCancel(
  redis: Redis,
  runId: string,
  controller: AbortController,
  intervalMs = 200,
): () => void {
  let stopped = false;
  const poll = async () => {
    if (stopped) return;
    try {
      if (await isCancelRequested(redis, runId)) {
        controller.abort(new Error("cancelled"));
        return;
      }
    } catch {
      // A Redis blip must not end the run; the next poll tries again.
    }
    if (!stopped) timer = setTimeout(poll, intervalMs);
  };
  // The run checked for a cancel just before it started.
  let timer = setTimeout(poll, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
