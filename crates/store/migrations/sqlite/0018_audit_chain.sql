-- A hash chain over the audit log: each entry carries the SHA-256 of the entry before it
-- and of its own columns, so that an entry changed or removed behind landa's back (by
-- someone who can drop the triggers) breaks the chain, and `landa audit verify` names
-- where. The head holds the count of entries and the last hash; every append locks it,
-- so the chain follows the order of the ids. Checkpoints copy the head, to be exported
-- and kept elsewhere: they catch the last entries removed together with a rewritten head.
-- migrations/postgres/0018_audit_chain.sql is the same.
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- The one change allowed: an entry written before the chain began gets its hash, once
-- (when a store opens, see src/audit_chain.rs).
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS NOT OLD.id
    OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor OR NEW.role IS NOT OLD.role
    OR NEW.action IS NOT OLD.action OR NEW.resource IS NOT OLD.resource
    OR NEW.detail IS NOT OLD.detail OR NEW.remote IS NOT OLD.remote
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE audit_chain (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    entries INTEGER NOT NULL CHECK (entries >= 0),
    last_hash TEXT NOT NULL
);
INSERT INTO audit_chain (singleton, entries, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    entries INTEGER NOT NULL CHECK (entries >= 0),
    last_hash TEXT NOT NULL
);
