import { type ReconcileDeps, reconcileChatRuns } from "@finchat/core/chat/reconcile";
import { startSlotScheduler } from "@finchat/core/schedule/slots";

/** How often the Workers look for runs left without a message (one Worker per slot does). */
export const RECONCILE_INTERVAL_MS = 5 * 60_000;

/**
 * The Worker's share of run reconciliation: a pass at start (after a restore this is what finds
 * the runs the snapshot left unfinished), then one pass per slot across all Workers. A pass that
 * fails is logged and tried again by the slot scheduler.
 */
export function startReconciler(deps: ReconcileDeps, options: { graceMs?: number } = {}) {
  const scheduler = startSlotScheduler({
    name: "run reconciler",
    intervalMs: RECONCILE_INTERVAL_MS,
    logger: deps.logger,
    request: reconcileSlots(deps, () => reconcileChatRuns(deps, { graceMs: options.graceMs })),
  });
  return { close: () => scheduler.stop() };
}

/**
 * The scheduler's request for one Worker: its first slot (the Worker's start) always runs `pass`;
 * a later slot runs it only in the Worker that claims the slot in Redis first.
 */
export function reconcileSlots(
  deps: Pick<ReconcileDeps, "redis">,
  pass: () => Promise<unknown>,
  intervalMs = RECONCILE_INTERVAL_MS,
): (slot: string) => Promise<void> {
  let started = false;
  return async (slot) => {
    const mine =
      !started || (await deps.redis.set(`reconcile:${slot}`, "1", "PX", intervalMs, "NX")) === "OK";
    started = true;
    if (mine) await pass();
  };
}
