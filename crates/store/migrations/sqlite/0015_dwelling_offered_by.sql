-- The housing company that offers a dwelling, by the name its account carries; NULL when
-- the municipality offers it itself. migrations/postgres/0015_dwelling_offered_by.sql is
-- the same.
ALTER TABLE dwellings ADD COLUMN offered_by TEXT CHECK (offered_by IS NULL OR offered_by <> '');
CREATE INDEX dwellings_by_company ON dwellings (scenario_id, offered_by);
