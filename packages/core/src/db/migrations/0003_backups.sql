-- Database snapshots stored in S3 under backups/: one row per snapshot, deleted with its object.
-- slot is the start of the backup interval the snapshot belongs to (ISO 8601), so a redelivered or
-- repeated backup job for the same interval finds its work done.
CREATE TABLE backups (
  key        TEXT PRIMARY KEY,
  slot       TEXT NOT NULL UNIQUE,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  created_at TEXT NOT NULL
);
CREATE INDEX backups_by_time ON backups (created_at);
