-- Leases on placement jobs: see migrations/sqlite/0006_job_leases.sql.
ALTER TABLE placement_jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE placement_jobs ADD COLUMN lease_expires_at TEXT;
ALTER TABLE placement_jobs ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0);
CREATE INDEX placement_jobs_unfinished ON placement_jobs (id) WHERE status IN ('queued', 'running');
