-- The integration register: a person's introduction programme and their status at fixed
-- points after it and after settling, recorded by the municipality they settled in. Every
-- write adds a version; the highest is the current one, the others its history.
CREATE TABLE programme_records (
    scenario_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    decided_on TEXT NOT NULL,
    started_on TEXT,
    goal TEXT NOT NULL CHECK (goal IN ('work', 'education', 'other')),
    ended_on TEXT,
    end_reason TEXT CHECK (end_reason IN ('work', 'education', 'moved', 'other')),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
    PRIMARY KEY (scenario_id, person, version),
    FOREIGN KEY (scenario_id, person) REFERENCES persons (scenario_id, id) ON DELETE CASCADE
);

CREATE TABLE status_records (
    scenario_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    -- programme_90_days, programme_1_year, settled_1_year, settled_<n>_years.
    checkpoint TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    activity TEXT NOT NULL CHECK (activity IN ('work', 'education', 'both', 'neither')),
    living_in TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (scenario_id, person, checkpoint, version),
    FOREIGN KEY (scenario_id, person) REFERENCES persons (scenario_id, id) ON DELETE CASCADE
);
