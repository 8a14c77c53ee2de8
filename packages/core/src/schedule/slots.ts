import type { Logger } from "../observability/logger.ts";

/** The start of the interval `now` falls in (intervals count from the Unix epoch, UTC), as ISO 8601. */
export function intervalSlot(now: Date, intervalMs: number): string {
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs).toISOString();
}

export interface SlotSchedulerOptions {
  /** What is asked for, in logs. */
  name: string;
  intervalMs: number;
  /** Asks for the slot's work; the slot should make the request's deduplication id. */
  request: (slot: string) => Promise<void>;
  logger: Logger;
  /** How soon a failed request is tried again (default one minute, never past the next slot). */
  retryMs?: number;
  now?: () => Date;
}

/**
 * Requests the current slot's work now, then at the start of every following slot, until `stop`.
 * Runs in every Worker task: with the slot as deduplication id, one piece of work runs per slot
 * however many tasks ask.
 */
export function startSlotScheduler(options: SlotSchedulerOptions): { stop(): void } {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  const untilNextSlot = () => {
    const current = now();
    return Date.parse(intervalSlot(current, options.intervalMs)) + options.intervalMs - current.getTime();
  };
  let asked: string | undefined;
  const tick = async () => {
    const slot = intervalSlot(now(), options.intervalMs);
    // A timer may fire a little before the wall clock reaches the next slot: wait for it.
    if (slot === asked) return schedule(untilNextSlot());
    try {
      await options.request(slot);
      asked = slot;
      schedule(untilNextSlot());
    } catch (err) {
      options.logger.warn({ err, slot }, `${options.name}: could not request the slot's work, will retry`);
      schedule(Math.min(options.retryMs ?? 60_000, untilNextSlot()));
    }
  };
  void tick();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
