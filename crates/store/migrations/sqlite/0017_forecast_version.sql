-- The arrival forecast's version: each time it is set it goes up by one, and a change
-- based on an older one is refused, so two officers cannot overwrite each other's
-- forecast unawares. migrations/postgres/0017_forecast_version.sql is the same.
ALTER TABLE scenarios ADD COLUMN forecast_version INTEGER NOT NULL DEFAULT 0
    CHECK (forecast_version >= 0);
