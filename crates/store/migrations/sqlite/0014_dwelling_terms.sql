-- A dwelling's terms: its monthly rent (what a month empty costs) and, for a first-hand
-- contract the municipality holds, the day the contract is to pass to the household.
-- migrations/postgres/0014_dwelling_terms.sql is the same.
ALTER TABLE dwellings ADD COLUMN rent INTEGER CHECK (rent IS NULL OR rent >= 0);
ALTER TABLE dwellings ADD COLUMN passes_over_on TEXT
    CHECK (passes_over_on IS NULL OR (contract = 'first_hand' AND passes_over_on >= available_from));
