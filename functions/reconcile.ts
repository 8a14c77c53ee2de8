import { type ReconcileDeps, reconcileChatRuns } from "@finchat/core/chat/reconcile";
import { startSlotScheduler } from "@finchat/core/schedule/slots";

/** How often the Workers look for runs left without a message (one Worker per slot does). */
export const RECONCILE_INTERVAL_MS = 5 * 60_000;

/**
 * The Worker's share of run reconciliation: a pass at start (after a restore this is what finds
 * the runs the snapshot left unfinished), then one pass per slot across all Workers, claimed in
 * Redis. A pass that fails is logged and tried again by the slot scheduler.
 */
export function startReconciler(deps: ReconcileDeps) {
  let started = false;
  const scheduler = startSlotScheduler({
    name: "run reconciler",
    intervalMs: RECONCILE_INTERVAL_MS,
    logger: deps.logger,
    request: async (slot) => {
      const mine =
        !started || (await deps.redis.set(`reconcile:${slot}`, "1", "PX", RECONCILE_INTERVAL_MS, "NX"));
      started = true;
      if (mine) await reconcileChatRuns(deps);
    },
  });
  return { close: () => scheduler.stop() };
}
