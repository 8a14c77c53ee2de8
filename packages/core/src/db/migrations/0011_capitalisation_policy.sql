-- R&D capitalisation policy, owned by finance (the admin role): what is capitalisable per project,
-- each epic's phase dates, hourly cost rates, people's roles, and an append-only audit of changes.

-- Per project: its currency (ISO 4217) and the scope rules (CapRules as JSON).
CREATE TABLE cap_policies (
  project_key TEXT PRIMARY KEY,
  currency    TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  rules       TEXT NOT NULL CHECK (json_valid(rules) AND json_type(rules) = 'object'),
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- Per epic: when development and post-implementation begin (work before development is preliminary).
CREATE TABLE cap_epic_phases (
  epic_key                 TEXT PRIMARY KEY,
  project_key              TEXT NOT NULL,
  development_from         TEXT CHECK (
    development_from IS NULL OR (development_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
      AND date(development_from) = development_from)),
  post_implementation_from TEXT CHECK (
    post_implementation_from IS NULL OR (post_implementation_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
      AND date(post_implementation_from) = post_implementation_from)),
  updated_by               TEXT NOT NULL,
  updated_at               TEXT NOT NULL,
  CHECK (development_from IS NULL OR post_implementation_from IS NULL
    OR post_implementation_from > development_from)
);

-- Hourly cost rates of a person (Jira account id) or a role, from a day on. The rate is decimal text
-- (never a float); a rate is replaced by adding one with a later effective_from, or deleted.
CREATE TABLE cap_cost_rates (
  id             TEXT PRIMARY KEY,
  subject_kind   TEXT NOT NULL CHECK (subject_kind IN ('person', 'role')),
  subject        TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  hourly_rate    TEXT NOT NULL CHECK (hourly_rate GLOB '[0-9]*' AND hourly_rate NOT GLOB '*[^0-9.]*'),
  currency       TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  effective_from TEXT NOT NULL CHECK (
    effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(effective_from) = effective_from),
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX cap_cost_rates_by_subject ON cap_cost_rates (subject_kind, subject, currency, effective_from);

-- A person's role, for role rates.
CREATE TABLE cap_person_roles (
  account_id TEXT PRIMARY KEY,
  role       TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 100),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Every change to the above, who and when, with the row before and after (JSON; NULL when absent).
CREATE TABLE cap_audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  user_id TEXT NOT NULL,
  entity  TEXT NOT NULL CHECK (entity IN ('policy', 'epic_phases', 'rate', 'person_role')),
  key     TEXT NOT NULL,
  action  TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  before  TEXT CHECK (before IS NULL OR json_valid(before)),
  after   TEXT CHECK (after IS NULL OR json_valid(after))
);
CREATE INDEX cap_audit_by_at ON cap_audit (at);
CREATE TRIGGER cap_audit_no_update BEFORE UPDATE ON cap_audit
BEGIN SELECT RAISE(ABORT, 'cap_audit is append-only'); END;
CREATE TRIGGER cap_audit_no_delete BEFORE DELETE ON cap_audit
BEGIN SELECT RAISE(ABORT, 'cap_audit is append-only'); END;
