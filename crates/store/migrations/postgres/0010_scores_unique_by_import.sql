-- A score's (household, municipality) pair is unique per scenario by the import's own
-- check (landa-store/src/import.rs, check_score_references), like its references: the
-- unique index cost most of a national import's time on PostgreSQL (scores are 70 % of
-- its rows), and nothing reads scores by that key.
ALTER TABLE scores DROP CONSTRAINT scores_scenario_id_household_municipality_key;
