-- Timestamps are ISO 8601 UTC strings with milliseconds, so text order is time order.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at DESC, id DESC);

-- An admin's outstanding invites die with the admin; a used invite keeps its history.
CREATE TABLE invites (
  id         TEXT PRIMARY KEY,
  code_hash  TEXT NOT NULL UNIQUE,
  email      TEXT COLLATE NOCASE,
  created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT,
  used_by    TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invites_by_creator ON invites (created_by);
CREATE INDEX invites_by_user ON invites (used_by);

CREATE TABLE conversations (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX conversations_by_user_recent ON conversations (user_id, updated_at DESC, id DESC);

-- Docs runs have no conversation, so a run also hangs off its user.
CREATE TABLE runs (
  id              TEXT PRIMARY KEY,
  conversation_id TEXT REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('chat', 'docs')),
  status          TEXT NOT NULL CHECK (
    status IN ('queued', 'running', 'awaiting_approval', 'completed', 'failed', 'cancelled')
  ),
  usage           TEXT CHECK (usage IS NULL OR json_valid(usage)),
  error           TEXT CHECK (error IS NULL OR json_valid(error)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX runs_by_conversation ON runs (conversation_id);
CREATE INDEX runs_by_user ON runs (user_id, created_at DESC);

-- Messages are read in insertion (seq) order, which the conversation_id index already holds.
CREATE TABLE messages (
  seq               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  conversation_id   TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  run_id            TEXT REFERENCES runs (id) ON DELETE SET NULL,
  role              TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool', 'system')),
  content           TEXT NOT NULL,
  tool_calls        TEXT CHECK (tool_calls IS NULL OR json_valid(tool_calls)),
  citations         TEXT CHECK (citations IS NULL OR json_valid(citations)),
  client_message_id TEXT,
  created_at        TEXT NOT NULL,
  UNIQUE (conversation_id, client_message_id)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id);
CREATE INDEX messages_by_run ON messages (run_id);

-- Full-text search over conversation titles and message text: external-content tables kept in
-- sync by the triggers below. They key on `seq`, an INTEGER PRIMARY KEY, because an implicit rowid
-- may be renumbered by VACUUM and would silently detach the index from its rows.
CREATE VIRTUAL TABLE conversations_fts USING fts5 (
  title,
  content = 'conversations',
  content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts (rowid, title) VALUES (new.seq, new.title);
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.seq, old.title);
END;
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.seq, old.title);
  INSERT INTO conversations_fts (rowid, title) VALUES (new.seq, new.title);
END;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  content,
  content = 'messages',
  content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, content) VALUES (new.seq, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.seq, old.content);
  INSERT INTO messages_fts (rowid, content) VALUES (new.seq, new.content);
END;
