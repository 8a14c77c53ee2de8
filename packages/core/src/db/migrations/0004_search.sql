-- The search index over code and tickets: what was indexed from where, the chunks of text with
-- their line ranges, a full-text index over them and (when an embedding model is configured)
-- their vectors. Everything derived from a file's content hangs off its blob SHA, so a file whose
-- (path, blob SHA) is already here is never read, chunked or embedded again.

-- One indexed source: a repository (`owner/repo` from GitHub, `local/<name>` from a checkout) or a
-- Jira project (its key). commit_sha and ref describe the last completed repository run;
-- watermark is the `updated` time (ISO 8601) of the newest Jira issue read so far.
CREATE TABLE search_sources (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('github', 'local', 'jira')),
  label       TEXT NOT NULL UNIQUE,
  ref         TEXT,
  commit_sha  TEXT,
  watermark   TEXT,
  indexed_at  TEXT
);

-- One file (or Jira issue) as indexed: path is the repository path or the issue key; blob_sha is
-- the git blob SHA (for an issue, a hash of its indexed text). A file that yields no chunks (empty,
-- binary after all) is remembered too, so an unchanged one is not read again. commit_sha is the
-- commit a citation of the file names; it moves to the newest commit when a run completes.
CREATE TABLE search_files (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL REFERENCES search_sources (id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  blob_sha    TEXT NOT NULL,
  commit_sha  TEXT,
  UNIQUE (source_id, path)
);

-- The chunks of a file: together with its file row the key is (source, path, blob SHA, chunk no).
-- Lines are 1-based and inclusive; an issue's chunks have none.
CREATE TABLE search_chunks (
  id          INTEGER PRIMARY KEY,
  file_id     INTEGER NOT NULL REFERENCES search_files (id) ON DELETE CASCADE,
  chunk_no    INTEGER NOT NULL CHECK (chunk_no >= 0),
  start_line  INTEGER CHECK (start_line IS NULL OR start_line >= 1),
  end_line    INTEGER CHECK (end_line IS NULL OR end_line >= start_line),
  text        TEXT NOT NULL,
  UNIQUE (file_id, chunk_no)
);

-- Contentless (with delete support) rather than external content: the indexed body is the chunk
-- text plus its identifiers split into words (postEntry -> post entry), which the chunk table does
-- not hold. The code writes rows with rowid = search_chunks.id; the trigger removes them with the
-- chunk, also when a file or source delete cascades. Snippets are cut from search_chunks.text.
CREATE VIRTUAL TABLE search_fts USING fts5 (
  path,
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_chunks_fts_delete AFTER DELETE ON search_chunks BEGIN
  DELETE FROM search_fts WHERE rowid = old.id;
END;

-- The embedding model whose vectors the index holds (at most one row). The vector table itself,
-- `search_vectors (chunk_id INTEGER PRIMARY KEY REFERENCES search_chunks (id) ON DELETE CASCADE,
-- embedding F32_BLOB(<dims>))` with the libSQL vector index `search_vectors_idx`, is created by
-- the code on first use, because F32_BLOB needs the model's dimension, known from its first answer.
-- A different model or dimension drops and recreates it; chunks without a vector are embedded on
-- the next run.
CREATE TABLE search_vector_space (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  model       TEXT NOT NULL,
  dims        INTEGER NOT NULL CHECK (dims > 0 AND dims <= 65536),
  created_at  TEXT NOT NULL
);
