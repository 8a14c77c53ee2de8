-- Tokens per user and UTC day, kept by triggers in step with usage_events, so the daily budget
-- check before every chat turn reads one row instead of summing all of the user's calls that day.
CREATE TABLE usage_daily (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  day     TEXT NOT NULL,
  tokens  INTEGER NOT NULL,
  PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

INSERT INTO usage_daily (user_id, day, tokens)
  SELECT user_id, substr(created_at, 1, 10), SUM(prompt_tokens + completion_tokens)
  FROM usage_events WHERE user_id IS NOT NULL GROUP BY user_id, substr(created_at, 1, 10);

CREATE TRIGGER usage_daily_add AFTER INSERT ON usage_events WHEN NEW.user_id IS NOT NULL
BEGIN
  INSERT INTO usage_daily (user_id, day, tokens)
    VALUES (NEW.user_id, substr(NEW.created_at, 1, 10), NEW.prompt_tokens + NEW.completion_tokens)
    ON CONFLICT (user_id, day) DO UPDATE SET tokens = tokens + excluded.tokens;
END;

CREATE TRIGGER usage_daily_remove AFTER DELETE ON usage_events WHEN OLD.user_id IS NOT NULL
BEGIN
  UPDATE usage_daily SET tokens = tokens - (OLD.prompt_tokens + OLD.completion_tokens)
    WHERE user_id = OLD.user_id AND day = substr(OLD.created_at, 1, 10);
END;

CREATE TRIGGER usage_daily_move
AFTER UPDATE OF user_id, created_at, prompt_tokens, completion_tokens ON usage_events
BEGIN
  UPDATE usage_daily SET tokens = tokens - (OLD.prompt_tokens + OLD.completion_tokens)
    WHERE OLD.user_id IS NOT NULL AND user_id = OLD.user_id AND day = substr(OLD.created_at, 1, 10);
  INSERT INTO usage_daily (user_id, day, tokens)
    SELECT NEW.user_id, substr(NEW.created_at, 1, 10), NEW.prompt_tokens + NEW.completion_tokens
    WHERE NEW.user_id IS NOT NULL
    ON CONFLICT (user_id, day) DO UPDATE SET tokens = tokens + excluded.tokens;
END;
