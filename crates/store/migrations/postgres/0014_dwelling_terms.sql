-- A dwelling's terms: its monthly rent (what a month empty costs) and, for a first-hand
-- contract the municipality holds, the day the contract is to pass to the household.
-- migrations/sqlite/0014_dwelling_terms.sql is the same.
ALTER TABLE dwellings ADD COLUMN rent BIGINT CHECK (rent IS NULL OR rent >= 0);
ALTER TABLE dwellings ADD COLUMN passes_over_on TEXT;
ALTER TABLE dwellings ADD CONSTRAINT dwellings_passes_over_first_hand
    CHECK (passes_over_on IS NULL OR (contract = 'first_hand' AND passes_over_on >= available_from));
