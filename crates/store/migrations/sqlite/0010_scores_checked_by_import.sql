-- Scores are written by the import only, checked by it (landa-store/src/import.rs,
-- check_score_references: every household and municipality known, no pair twice) and
-- deleted by it with their scenario. Their per-row key checks were most of a national
-- import's time on PostgreSQL (6.7 s of 8.4 s for 877 626 scores: the unique pair index
-- and the key check against scenarios for each row), and nothing reads scores by the pair.
-- SQLite drops a table's constraints only by building the table anew.
CREATE TABLE scores_new (
    scenario_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (scenario_id, position)
);
INSERT INTO scores_new (scenario_id, position, household, municipality, value)
    SELECT scenario_id, position, household, municipality, value FROM scores;
DROP TABLE scores;
ALTER TABLE scores_new RENAME TO scores;
