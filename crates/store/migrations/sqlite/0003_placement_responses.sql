-- A municipality's answer to a household proposed to or placed in it: accepted, or
-- questioned with why. Appended, never changed: the latest answer counts, the earlier
-- ones stay as history. migrations/postgres/0003_placement_responses.sql is the same.
CREATE TABLE placement_responses (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    response TEXT NOT NULL CHECK (response IN ('accepted', 'questioned')),
    comment TEXT NOT NULL,
    responded_by TEXT NOT NULL,
    responded_at TEXT NOT NULL,
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE,
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX placement_responses_household ON placement_responses (scenario_id, household);
CREATE INDEX placement_responses_municipality ON placement_responses (scenario_id, municipality);
