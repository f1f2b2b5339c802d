-- The request an entry was written for (the X-Request-Id of the API call or page), also
-- in that request's log lines, so that a log line and its audit entries can be matched.
-- NULL for entries of the command line, the worker, and of earlier releases; it is part
-- of the hash when present (src/audit_chain.rs), so earlier entries keep their hashes.
-- migrations/postgres/0019_audit_request_id.sql is the same.
ALTER TABLE audit_log ADD COLUMN request_id TEXT;

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS NOT OLD.id
    OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor OR NEW.role IS NOT OLD.role
    OR NEW.action IS NOT OLD.action OR NEW.resource IS NOT OLD.resource
    OR NEW.detail IS NOT OLD.detail OR NEW.remote IS NOT OLD.remote
    OR NEW.request_id IS NOT OLD.request_id
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
