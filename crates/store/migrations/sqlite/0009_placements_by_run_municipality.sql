-- A municipality's households are read through the placements of the runs that count
-- (the latest and the latest approved) in that municipality, so that its lists cost what
-- its own households cost, not what the scenario's do.
CREATE INDEX placements_run_municipality ON placements (run_id, municipality);
