-- The request an entry was written for (the X-Request-Id of the API call or page), also
-- in that request's log lines, so that a log line and its audit entries can be matched.
-- NULL for entries of the command line, the worker, and of earlier releases; it is part
-- of the hash when present (src/audit_chain.rs), so earlier entries keep their hashes.
-- migrations/sqlite/0019_audit_request_id.sql is the same.
ALTER TABLE audit_log ADD COLUMN request_id TEXT;

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
        AND (NEW.id, NEW.at, NEW.actor, NEW.role, NEW.action, NEW.resource, NEW.detail,
             NEW.remote, NEW.request_id)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.at, OLD.actor, OLD.role, OLD.action, OLD.resource, OLD.detail,
             OLD.remote, OLD.request_id)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
