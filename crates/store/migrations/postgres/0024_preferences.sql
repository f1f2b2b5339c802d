-- Households' rankings of municipalities (preferences.csv; rank 1 = most wanted) and the
-- groups each municipality is prepared for first (municipality_priorities.csv), which
-- placement runs honour by the mechanism a run names.
CREATE TABLE household_rankings (
    scenario_id BIGINT NOT NULL,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    rank BIGINT NOT NULL CHECK (rank >= 1),
    PRIMARY KEY (scenario_id, household, municipality),
    UNIQUE (scenario_id, household, rank),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE,
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX household_rankings_municipality ON household_rankings (scenario_id, municipality);

-- What a household that ranks no municipality weighs instead (household_preferences.csv).
CREATE TABLE household_criteria (
    scenario_id BIGINT NOT NULL,
    household TEXT NOT NULL,
    criterion TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL CHECK (weight > 0),
    PRIMARY KEY (scenario_id, household, criterion),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE
);

CREATE TABLE municipality_priorities (
    scenario_id BIGINT NOT NULL,
    municipality TEXT NOT NULL,
    priority TEXT NOT NULL,
    rank BIGINT NOT NULL CHECK (rank >= 1),
    PRIMARY KEY (scenario_id, municipality, priority),
    UNIQUE (scenario_id, municipality, rank),
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);

-- A run's mechanism ('weighted', 'minimum_outcome', 'stable'; none: outcome only) and its
-- parameter (λ for weighted, the outcome share for minimum outcome; 0 otherwise, never
-- null: PostgreSQL keeps a statement's parameter types from its first use, and a null
-- bound through sqlx's Any driver is not typed as a float).
ALTER TABLE placement_jobs ADD COLUMN mechanism TEXT
    CHECK (mechanism IN ('weighted', 'minimum_outcome', 'stable'));
ALTER TABLE placement_jobs ADD COLUMN mechanism_parameter DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE run_schedules ADD COLUMN mechanism TEXT
    CHECK (mechanism IN ('weighted', 'minimum_outcome', 'stable'));
ALTER TABLE run_schedules ADD COLUMN mechanism_parameter DOUBLE PRECISION NOT NULL DEFAULT 0;
