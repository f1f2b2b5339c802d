-- Agreements and their follow-up (issue: collaboration). Every change is a new version
-- holding the whole agreement as JSON (landa-followup's Agreement), and versions are
-- never changed or deleted: when staff change, what was agreed, measured and learned stays.
-- The current agreement is its highest version; two writers who both read version N
-- cannot both write N + 1 (primary key). migrations/postgres/0005_agreements.sql is the
-- same but for its types and trigger syntax.
CREATE TABLE agreement_versions (
    agreement TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (agreement, version)
);
CREATE TRIGGER agreement_versions_no_update BEFORE UPDATE ON agreement_versions
BEGIN SELECT RAISE(ABORT, 'agreement versions are kept as written'); END;
CREATE TRIGGER agreement_versions_no_delete BEFORE DELETE ON agreement_versions
BEGIN SELECT RAISE(ABORT, 'agreement versions are kept as written'); END;
