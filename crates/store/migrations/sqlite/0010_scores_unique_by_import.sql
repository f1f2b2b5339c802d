-- A score's (household, municipality) pair is unique per scenario by the import's own
-- check (landa-store/src/import.rs, check_score_references), like its references: the
-- unique index cost most of a national import's time on PostgreSQL (scores are 70 % of
-- its rows), and nothing reads scores by that key. SQLite drops a table's UNIQUE
-- constraint only by building the table anew.
CREATE TABLE scores_new (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
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
