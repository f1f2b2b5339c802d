-- PostgreSQL dialect of migrations/sqlite/0003_placement_responses.sql (see there).
CREATE TABLE placement_responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scenario_id BIGINT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
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
