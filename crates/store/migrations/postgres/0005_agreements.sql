-- Agreements and their follow-up: see migrations/sqlite/0005_agreements.sql.
CREATE TABLE agreement_versions (
    agreement TEXT NOT NULL,
    version BIGINT NOT NULL CHECK (version >= 1),
    document TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (agreement, version)
);
CREATE FUNCTION agreement_versions_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'agreement versions are kept as written';
END;
$$;
CREATE TRIGGER agreement_versions_no_change BEFORE UPDATE OR DELETE ON agreement_versions
    FOR EACH ROW EXECUTE FUNCTION agreement_versions_kept();
