-- The agent loop's state: write tool calls waiting for a person, and token usage per model call.

-- One row per write tool call the model asked for. A run stops on the first undecided one; the
-- decision is stored here so that any worker can carry it out later, exactly once:
-- pending -> approved | rejected, approved -> executing (claimed by one worker) -> executed.
CREATE TABLE pending_approvals (
  run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  call_id     TEXT NOT NULL,
  message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  args        TEXT NOT NULL CHECK (json_valid(args)),
  args_hash   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'executing', 'executed')),
  created_at  TEXT NOT NULL,
  decided_at  TEXT,
  PRIMARY KEY (run_id, message_id, call_id)
);

-- Cost history outlives a deleted user or run, so those references are cleared, not cascaded.
-- cost_usd is decimal text with exactly 10 digits after the point, so sums stay exact in SQL.
CREATE TABLE usage_events (
  id                TEXT PRIMARY KEY,
  user_id           TEXT REFERENCES users (id) ON DELETE SET NULL,
  run_id            TEXT REFERENCES runs (id) ON DELETE SET NULL,
  message_id        TEXT REFERENCES messages (id) ON DELETE SET NULL,
  model             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('chat', 'title', 'docs')),
  prompt_tokens     INTEGER NOT NULL CHECK (prompt_tokens >= 0),
  completion_tokens INTEGER NOT NULL CHECK (completion_tokens >= 0),
  cost_usd          TEXT NOT NULL,
  priced            INTEGER NOT NULL CHECK (priced IN (0, 1)),
  created_at        TEXT NOT NULL
);
CREATE INDEX usage_events_by_user_time ON usage_events (user_id, created_at);
CREATE INDEX usage_events_by_time ON usage_events (created_at);
CREATE INDEX usage_events_by_run ON usage_events (run_id);
CREATE INDEX usage_events_by_message ON usage_events (message_id);
