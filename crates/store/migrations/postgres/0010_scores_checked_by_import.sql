-- Scores are written by the import only, checked by it (landa-store/src/import.rs,
-- check_score_references: every household and municipality known, no pair twice) and
-- deleted by it with their scenario. Their per-row key checks were most of a national
-- import's time on PostgreSQL (6.7 s of 8.4 s for 877 626 scores: the unique pair index
-- and the key check against scenarios for each row), and nothing reads scores by the pair.
ALTER TABLE scores DROP CONSTRAINT scores_scenario_id_household_municipality_key;
ALTER TABLE scores DROP CONSTRAINT scores_scenario_id_fkey;
