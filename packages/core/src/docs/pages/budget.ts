/**
 * The model tokens one documentation run may spend (`config.docs.tokenBudget`). A call first
 * reserves its estimated size, so calls running side by side cannot overshoot together, and then
 * settles the reservation with what the call really used. Once a reservation is refused the budget
 * stays exhausted: every later page of the run falls back to its skeleton, not only the big ones.
 */
export interface TokenBudget {
  readonly limit: number;
  /** Tokens used by settled calls. */
  spent(): number;
  /** Holds `estimate` tokens for a call about to start; false (and exhausted from then on) when they do not fit. */
  reserve(estimate: number): boolean;
  /** Replaces a reservation of `estimate` by the call's real `used` tokens (`used` 0 for a call that failed). */
  settle(estimate: number, used: number): void;
  exhausted(): boolean;
}

/** A budget of `limit` tokens, `alreadySpent` of them gone (e.g. by the run before a restart). */
export function createTokenBudget(limit: number, alreadySpent = 0): TokenBudget {
  let spent = alreadySpent;
  let reserved = 0;
  let exhausted = spent >= limit;
  return {
    limit,
    spent: () => spent,
    reserve(estimate) {
      if (exhausted || spent + reserved + estimate > limit) {
        exhausted = true;
        return false;
      }
      reserved += estimate;
      return true;
    },
    settle(estimate, used) {
      reserved -= estimate;
      spent += used;
      if (spent >= limit) exhausted = true;
    },
    exhausted: () => exhausted,
  };
}
