-- The reconciler looks for runs that stopped short of a final state (a lost job, a restore) on
-- every Worker start and slot: only unfinished runs are indexed, so the lookup stays small.
CREATE INDEX runs_unfinished ON runs (updated_at)
  WHERE status IN ('queued', 'running', 'awaiting_approval');
