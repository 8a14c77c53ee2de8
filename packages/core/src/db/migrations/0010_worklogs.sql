-- R&D capitalisation: the Jira worklogs of the allowed projects and the issue facts their
-- classification needs, kept by the worklog-sync job from Jira's change feeds.

-- One row per issue of an allowed project that the sync has seen. Keyed by Jira's issue id, which
-- stays when an issue moves to another project or is renamed; the key is kept current.
CREATE TABLE cap_issues (
  issue_id     TEXT PRIMARY KEY,
  issue_key    TEXT NOT NULL,
  project_key  TEXT NOT NULL,
  summary      TEXT NOT NULL,
  -- Jira's issue type name: Epic, Story, Task, Bug, ...
  issue_type   TEXT NOT NULL,
  -- The epic the issue belongs to: its own key when it is an epic, its parent's when that is an
  -- epic, and a sub-task's parent's epic (kept current when the parent moves); NULL when none.
  epic_key     TEXT,
  -- The parent issue's key, and whether the epic comes from that parent's row (a sub-task).
  parent_key   TEXT,
  inherits_epic INTEGER NOT NULL DEFAULT 0 CHECK (inherits_epic IN (0, 1)),
  labels       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels)),
  components   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(components)),
  -- Jira's `updated`, ISO 8601 in UTC.
  jira_updated TEXT NOT NULL,
  synced_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX cap_issues_by_key ON cap_issues (issue_key);
CREATE INDEX cap_issues_by_project ON cap_issues (project_key);
CREATE INDEX cap_issues_by_epic ON cap_issues (epic_key) WHERE epic_key IS NOT NULL;
CREATE INDEX cap_issues_inheriting ON cap_issues (parent_key) WHERE inherits_epic = 1;

-- One row per worklog. No foreign key to cap_issues: the feed may deliver a worklog before its
-- issue's facts, and a report lists such a worklog as unclassified rather than losing it.
CREATE TABLE worklogs (
  id                TEXT PRIMARY KEY,
  issue_id          TEXT NOT NULL,
  author_account_id TEXT NOT NULL,
  author_name       TEXT NOT NULL,
  -- When the work started, as Jira gave it (ISO 8601 with the logger's offset) ...
  started           TEXT NOT NULL,
  -- ... and the calendar day in that offset, the day the person booked: periods are cut by it.
  work_date         TEXT NOT NULL CHECK (work_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  seconds           INTEGER NOT NULL CHECK (seconds >= 0),
  jira_updated      TEXT NOT NULL,
  synced_at         TEXT NOT NULL
);
CREATE INDEX worklogs_by_work_date ON worklogs (work_date);
CREATE INDEX worklogs_by_issue ON worklogs (issue_id);

-- Where each feed stands: 'worklogs:updated', 'worklogs:deleted', and 'issues:<PROJECT>'.
CREATE TABLE cap_sync_cursors (
  feed       TEXT PRIMARY KEY,
  -- The feed's watermark in epoch milliseconds (Jira's `until` for the worklog feeds).
  since_ms   INTEGER NOT NULL CHECK (since_ms >= 0),
  updated_at TEXT NOT NULL
);
