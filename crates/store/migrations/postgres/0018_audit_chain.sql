-- A hash chain over the audit log: each entry carries the SHA-256 of the entry before it
-- and of its own columns, so that an entry changed or removed behind landa's back (by
-- someone who can drop the triggers) breaks the chain, and `landa audit verify` names
-- where. The head holds the count of entries and the last hash; every append locks it,
-- so the chain follows the order of the ids. Checkpoints copy the head, to be exported
-- and kept elsewhere: they catch the last entries removed together with a rewritten head.
-- migrations/sqlite/0018_audit_chain.sql is the same.
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The one change allowed: an entry written before the chain began gets its hash, once
-- (when a store opens, see src/audit_chain.rs).
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
        AND (NEW.id, NEW.at, NEW.actor, NEW.role, NEW.action, NEW.resource, NEW.detail, NEW.remote)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.at, OLD.actor, OLD.role, OLD.action, OLD.resource, OLD.detail, OLD.remote)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TABLE audit_chain (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    entries BIGINT NOT NULL CHECK (entries >= 0),
    last_hash TEXT NOT NULL
);
INSERT INTO audit_chain (singleton, entries, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    entries BIGINT NOT NULL CHECK (entries >= 0),
    last_hash TEXT NOT NULL
);
