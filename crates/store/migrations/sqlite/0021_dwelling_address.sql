-- A dwelling's street address, where the household is to move in (optional: offers
-- made before it was asked for have none).
ALTER TABLE dwellings ADD COLUMN address TEXT;
