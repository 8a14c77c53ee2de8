import type { RunEventData } from "../agent/events.ts";

export type DocsProgress = RunEventData<"docs.progress">;

/**
 * Reports a docs run's progress without flooding its event stream: an update goes out when the
 * phase changes, when a count reaches its total, or when `intervalMs` has passed since the last one
 * went out; `flush` sends the latest state if it was held back. Sends never overlap, and a failed
 * send is logged by the caller's `send`, never thrown into the run.
 */
export function progressReporter(
  send: (progress: DocsProgress) => Promise<void>,
  options: { intervalMs?: number; now?: () => number } = {},
) {
  const intervalMs = options.intervalMs ?? 250;
  const now = options.now ?? Date.now;
  let state: DocsProgress = { phase: "resolving", filesRead: 0, filesTotal: 0, pagesDone: 0, pagesTotal: 0 };
  let sent: DocsProgress | null = null;
  let lastAt = -Infinity;
  let chain = Promise.resolve();

  const dispatch = () => {
    const snapshot = { ...state };
    sent = snapshot;
    lastAt = now();
    chain = chain.then(() => send(snapshot)).catch(() => undefined);
  };
  const due = () =>
    sent === null ||
    sent.phase !== state.phase ||
    (state.filesRead === state.filesTotal && sent.filesRead !== state.filesRead) ||
    (state.pagesDone === state.pagesTotal && sent.pagesDone !== state.pagesDone) ||
    now() - lastAt >= intervalMs;

  return {
    /** Merges `patch` into the state and sends it when due. */
    update(patch: Partial<DocsProgress>): void {
      state = { ...state, ...patch };
      if (due()) dispatch();
    },
    /** Sends the state if the last update was held back, and waits for every send. */
    async flush(): Promise<void> {
      const last = sent;
      if (last === null || JSON.stringify(last) !== JSON.stringify(state)) dispatch();
      await chain;
    },
    get state(): DocsProgress {
      return { ...state };
    },
  };
}
