-- A placement job is claimed before it runs: the claiming process writes its id and
-- how long its claim (lease) lasts, and renews the lease while it solves. A job left
-- running with an expired lease (its process died) is claimed again by another process;
-- attempts counts the claims, so a job whose processes keep dying ends failed instead
-- of being claimed forever. A job running before this migration has no lease and counts
-- as expired. The other engine's migration is the same but for its types.
ALTER TABLE placement_jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE placement_jobs ADD COLUMN lease_expires_at TEXT;
ALTER TABLE placement_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
-- What the workers poll for.
CREATE INDEX placement_jobs_unfinished ON placement_jobs (id) WHERE status IN ('queued', 'running');
