-- The shared service, PostgreSQL dialect of migrations/sqlite/0002_service.sql: the
-- same tables, columns and constraints (see there for what each is for).

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('national', 'region', 'municipality', 'partner', 'administrator')),
    jurisdiction TEXT,
    disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    CHECK ((role IN ('region', 'municipality', 'partner')) = (jurisdiction IS NOT NULL))
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    detail TEXT NOT NULL,
    remote TEXT
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE placement_jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scenario_id BIGINT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    method TEXT NOT NULL CHECK (method IN ('optimal', 'greedy')),
    time_limit_ms BIGINT NOT NULL CHECK (time_limit_ms > 0),
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    message TEXT,
    run_id BIGINT REFERENCES placement_runs (id) ON DELETE CASCADE,
    finished_at TEXT,
    approved_by TEXT,
    approved_at TEXT,
    CHECK ((status = 'done') = (run_id IS NOT NULL)),
    CHECK (approved_at IS NULL OR status = 'done')
);
CREATE INDEX placement_jobs_scenario ON placement_jobs (scenario_id);
CREATE INDEX placement_jobs_run ON placement_jobs (run_id);

ALTER TABLE dwellings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE dwellings ADD COLUMN let_on TEXT;
