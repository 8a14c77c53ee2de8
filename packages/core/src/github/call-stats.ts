/** Counts of GitHub requests for one label (usually the tool that made them). */
export interface CallStats {
  /** Requests sent to GitHub, retries included. */
  requests: number;
  /** Of those, conditional reads GitHub answered 304: served from the ETag cache, free of rate limit. */
  notModified: number;
  /** Of those, reads (GET). */
  reads: number;
  /** Of those, answers that were errors (other than 304). */
  errors: number;
}

/** Per-label request counts, so a session can report API calls and cache hits per tool. */
export class CallStatsRecorder {
  readonly #byLabel = new Map<string, CallStats>();

  record(label: string, outcome: { read: boolean; status: number }): void {
    const stats = this.#byLabel.get(label) ?? { requests: 0, notModified: 0, reads: 0, errors: 0 };
    stats.requests += 1;
    if (outcome.read) stats.reads += 1;
    if (outcome.status === 304) stats.notModified += 1;
    else if (outcome.status >= 400 || outcome.status === 0) stats.errors += 1;
    this.#byLabel.set(label, stats);
  }

  snapshot(): Record<string, CallStats> {
    return Object.fromEntries([...this.#byLabel].map(([label, stats]) => [label, { ...stats }]));
  }

  reset(): void {
    this.#byLabel.clear();
  }
}
