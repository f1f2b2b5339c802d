-- The shared service: accounts, sessions, API tokens, the audit log, placement runs
-- started through the API (with approval), and dwellings offered and let after import.
-- migrations/postgres/0002_service.sql holds the same tables in that dialect.
-- Flags are INTEGER 0/1 on both engines, so one query binds them on both.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- PHC string of an argon2id hash; the password itself is never stored.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('national', 'region', 'municipality', 'partner', 'administrator')),
    jurisdiction TEXT,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    CHECK ((role IN ('region', 'municipality', 'partner')) = (jurisdiction IS NOT NULL))
);

-- Sessions and tokens are kept as SHA-256 hashes: a copy of the database lets nobody in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Append-only: who did what to which record, when and from where. Triggers refuse
-- changes and deletions, so not even a bug in landa can rewrite history.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    detail TEXT NOT NULL,
    remote TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A placement run asked for through the API: queued, running, then done (with the run
-- it saved) or failed (with why). A run that was queued or running when the server
-- stopped is started again when it starts. Approval is recorded here, once.
CREATE TABLE placement_jobs (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    method TEXT NOT NULL CHECK (method IN ('optimal', 'greedy')),
    time_limit_ms INTEGER NOT NULL CHECK (time_limit_ms > 0),
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    message TEXT,
    run_id INTEGER REFERENCES placement_runs (id) ON DELETE CASCADE,
    finished_at TEXT,
    approved_by TEXT,
    approved_at TEXT,
    CHECK ((status = 'done') = (run_id IS NOT NULL)),
    CHECK (approved_at IS NULL OR status = 'done')
);
CREATE INDEX placement_jobs_scenario ON placement_jobs (scenario_id);
CREATE INDEX placement_jobs_run ON placement_jobs (run_id);

-- Dwellings change after import (offered, edited, let); the version detects concurrent edits.
ALTER TABLE dwellings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE dwellings ADD COLUMN let_on TEXT;
