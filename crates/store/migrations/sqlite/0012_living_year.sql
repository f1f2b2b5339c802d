-- The living year: households are registered during the year, each with its intake
-- (category, permit date, where a self-settled one settled) and its state, and every step
-- of its life is appended to household_events. The state columns are the current
-- projection of those events, written in the same transaction, so that counts by state
-- and municipality are one GROUP BY. migrations/postgres/0012_living_year.sql is the same.
ALTER TABLE households ADD COLUMN intake_category TEXT NOT NULL DEFAULT 'reception_centre'
    CHECK (intake_category IN ('quota', 'reception_centre', 'family_reunification', 'self_settled'));
-- Set exactly when the household is self-settled.
ALTER TABLE households ADD COLUMN settled_in TEXT
    CHECK ((intake_category = 'self_settled') = (settled_in IS NOT NULL));
ALTER TABLE households ADD COLUMN permit_date TEXT;
ALTER TABLE households ADD COLUMN state TEXT NOT NULL DEFAULT 'waiting'
    CHECK (state IN ('waiting', 'proposed', 'accepted', 'approved', 'moved_in',
                     'moved_elsewhere', 'self_settled', 'withdrawn'));
-- Proposed to, approved for, living in, moved from or settled in.
ALTER TABLE households ADD COLUMN state_municipality TEXT;
ALTER TABLE households ADD COLUMN state_dwelling TEXT;
ALTER TABLE households ADD COLUMN state_run INTEGER;
-- The day it moved in or moved on.
ALTER TABLE households ADD COLUMN state_on TEXT;
ALTER TABLE households ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX households_state_municipality ON households (scenario_id, state_municipality);

CREATE TABLE household_events (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL,
    household TEXT NOT NULL,
    -- The household's version this event made.
    version INTEGER NOT NULL,
    step TEXT NOT NULL CHECK (step IN ('registered', 'corrected', 'proposed', 'superseded',
        'accepted', 'questioned', 'approved', 'moved_in', 'moved_elsewhere', 'withdrawn',
        'exclusion_lifted')),
    -- The state it left the household in.
    state TEXT NOT NULL,
    municipality TEXT,
    dwelling TEXT,
    run_id INTEGER,
    on_date TEXT,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (scenario_id, household, version),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE
);
-- A municipality's year is checked for changes by counting its events (municipality_year.rs).
CREATE INDEX household_events_municipality ON household_events (scenario_id, municipality);

-- Municipalities that questioned a household: later runs leave them out for it until
-- national lifts the question.
CREATE TABLE household_exclusions (
    scenario_id INTEGER NOT NULL,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    PRIMARY KEY (scenario_id, household, municipality),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE
);

-- A run's options beside method and time limit.
ALTER TABLE placement_jobs ADD COLUMN placement_date TEXT;
ALTER TABLE placement_jobs ADD COLUMN tie_bonus REAL NOT NULL DEFAULT 0;
ALTER TABLE placement_jobs ADD COLUMN waiting_weight REAL NOT NULL DEFAULT 0;

-- Stores made before: the latest run's placements were its proposals and the latest
-- approved run's were approved; the latest question of a pair excludes it.
UPDATE households SET state = 'proposed', state_municipality = p.municipality,
    state_dwelling = p.dwelling, state_run = p.run_id
FROM placements p
WHERE p.scenario_id = households.scenario_id AND p.household = households.id
  AND p.run_id = (SELECT MAX(r.id) FROM placement_runs r
                  WHERE r.scenario_id = households.scenario_id);
UPDATE households SET state = 'approved', state_municipality = p.municipality,
    state_dwelling = p.dwelling, state_run = p.run_id
FROM placements p
WHERE p.scenario_id = households.scenario_id AND p.household = households.id
  AND p.run_id = (SELECT MAX(j.run_id) FROM placement_jobs j
                  WHERE j.scenario_id = households.scenario_id AND j.approved_at IS NOT NULL);
INSERT INTO household_exclusions (scenario_id, household, municipality)
SELECT DISTINCT r.scenario_id, r.household, r.municipality FROM placement_responses r
WHERE r.response = 'questioned'
  AND r.id = (SELECT MAX(l.id) FROM placement_responses l WHERE l.scenario_id = r.scenario_id
              AND l.household = r.household AND l.municipality = r.municipality);
-- Each household's history starts with its registration, as it stands now.
INSERT INTO household_events (scenario_id, household, version, step, state, municipality,
    dwelling, run_id, on_date, note, recorded_by, recorded_at)
SELECT scenario_id, id, 1, 'registered', state, state_municipality, state_dwelling, state_run,
    NULL, intake_category, 'migration 0012', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM households;
