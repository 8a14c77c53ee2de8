-- Generated documentation: one doc set per request for a repository at a ref, its pages as they are
-- written (the record a resumed run skips by), and the caches that make a rerun cheap.

-- label is `owner/repo` (GitHub, lower case) or `local/<name>`. ref is the ref asked for (NULL: the
-- default branch, filled in once resolved); commit_sha is NULL until the job resolves the ref.
-- A request for a commit that already has a completed set becomes an alias of it (same_as): the
-- S3 objects live under docs/<label>/<commitSha>/, so there is one set of them per label and commit.
CREATE TABLE doc_sets (
  id           TEXT PRIMARY KEY,
  label        TEXT NOT NULL,
  source_kind  TEXT NOT NULL CHECK (source_kind IN ('github', 'local')),
  ref          TEXT,
  commit_sha   TEXT,
  status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  run_id       TEXT REFERENCES runs (id) ON DELETE SET NULL,
  requested_by TEXT REFERENCES users (id) ON DELETE SET NULL,
  same_as      TEXT REFERENCES doc_sets (id) ON DELETE CASCADE,
  page_count   INTEGER NOT NULL DEFAULT 0 CHECK (page_count >= 0),
  usage        TEXT CHECK (usage IS NULL OR json_valid(usage)),
  error        TEXT CHECK (error IS NULL OR json_valid(error)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (same_as IS NULL OR status = 'completed'),
  CHECK (status <> 'completed' OR commit_sha IS NOT NULL)
);
CREATE UNIQUE INDEX doc_sets_one_per_commit ON doc_sets (label, commit_sha)
  WHERE status = 'completed' AND same_as IS NULL;
CREATE INDEX doc_sets_recent ON doc_sets (created_at DESC, id DESC);
CREATE INDEX doc_sets_by_label ON doc_sets (label, status, updated_at);
CREATE INDEX doc_sets_by_run ON doc_sets (run_id);
CREATE INDEX doc_sets_by_user ON doc_sets (requested_by);
CREATE INDEX doc_sets_by_same_as ON doc_sets (same_as);

-- One row per page stored in S3, written right after its object: a run killed midway resumes by
-- skipping pages recorded with the same inputs_hash, and the next commit's run copies pages whose
-- inputs_hash (and writer) are unchanged. writer is `skeleton` or `model:<name>`.
CREATE TABLE doc_pages (
  doc_set_id  TEXT NOT NULL REFERENCES doc_sets (id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  position    INTEGER NOT NULL,
  title       TEXT NOT NULL,
  inputs_hash TEXT NOT NULL,
  writer      TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  s3_key      TEXT NOT NULL,
  written_at  TEXT NOT NULL,
  PRIMARY KEY (doc_set_id, path)
);

-- Per-file facts keyed by content: an unchanged file is never read again. The path is part of the
-- key because facts depend on it (language by extension, test files by location).
CREATE TABLE file_facts (
  blob_sha         TEXT NOT NULL,
  path             TEXT NOT NULL,
  analyser_version TEXT NOT NULL,
  facts            TEXT NOT NULL CHECK (json_valid(facts)),
  created_at       TEXT NOT NULL,
  PRIMARY KEY (blob_sha, path, analyser_version)
);

-- Model-written summaries by a key the writer derives from the content (blob SHAs, model, prompt).
CREATE TABLE file_summaries (
  cache_key         TEXT PRIMARY KEY,
  summary           TEXT NOT NULL,
  model             TEXT NOT NULL,
  prompt_tokens     INTEGER NOT NULL CHECK (prompt_tokens >= 0),
  completion_tokens INTEGER NOT NULL CHECK (completion_tokens >= 0),
  created_at        TEXT NOT NULL
);
