-- landa schema, SQLite dialect. migrations/postgres/0001_scenarios.sql holds the same
-- tables, columns and constraints; only the DDL dialect differs (INTEGER/REAL here,
-- BIGINT/DOUBLE PRECISION/BOOLEAN there). Dates are ISO 'YYYY-MM-DD' text and instants
-- RFC 3339 UTC text on both engines.
--
-- Every list of the model keeps its order in a `position` column so that a scenario
-- loads back exactly as it was imported. Every foreign key has an index that starts with
-- its columns: deleting a scenario cascades, and each cascaded delete looks the
-- referencing rows up.

CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL CHECK (country IN ('SE', 'NO')),
    year INTEGER NOT NULL,
    national_total INTEGER CHECK (national_total >= 0),
    imported_at TEXT NOT NULL
);

CREATE TABLE regions (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, code)
);

CREATE TABLE municipalities (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    population INTEGER CHECK (population >= 0),
    employment_rate REAL CHECK (employment_rate BETWEEN 0 AND 1),
    reception_per_1000 REAL CHECK (reception_per_1000 >= 0),
    housing_market TEXT CHECK (housing_market IN ('shortage', 'balance', 'surplus')),
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, code),
    FOREIGN KEY (scenario_id, region) REFERENCES regions (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX municipalities_region ON municipalities (scenario_id, region);

CREATE TABLE households (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    adults INTEGER NOT NULL CHECK (adults >= 0),
    children INTEGER NOT NULL CHECK (children >= 0),
    unaccompanied_minor INTEGER NOT NULL CHECK (unaccompanied_minor IN (0, 1)),
    waiting_since TEXT NOT NULL,
    tie TEXT,
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, id),
    FOREIGN KEY (scenario_id, tie) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX households_tie ON households (scenario_id, tie);

CREATE TABLE household_needs (
    scenario_id INTEGER NOT NULL,
    household TEXT NOT NULL,
    service TEXT NOT NULL,
    PRIMARY KEY (scenario_id, household, service),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE
);

CREATE TABLE household_languages (
    scenario_id INTEGER NOT NULL,
    household TEXT NOT NULL,
    language TEXT NOT NULL,
    PRIMARY KEY (scenario_id, household, language),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE
);

CREATE TABLE persons (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    household TEXT NOT NULL,
    birth_year INTEGER NOT NULL CHECK (birth_year BETWEEN 0 AND 65535),
    sex TEXT NOT NULL CHECK (sex IN ('f', 'm', 'x')),
    education TEXT NOT NULL
        CHECK (education IN ('none', 'primary', 'secondary', 'tertiary', 'unknown')),
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, id),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE
);
CREATE INDEX persons_household ON persons (scenario_id, household);

CREATE TABLE person_languages (
    scenario_id INTEGER NOT NULL,
    person TEXT NOT NULL,
    language TEXT NOT NULL,
    PRIMARY KEY (scenario_id, person, language),
    FOREIGN KEY (scenario_id, person) REFERENCES persons (scenario_id, id) ON DELETE CASCADE
);

CREATE TABLE capacities (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    persons INTEGER NOT NULL CHECK (persons >= 0),
    unaccompanied_minors INTEGER NOT NULL
        CHECK (unaccompanied_minors >= 0 AND unaccompanied_minors <= persons),
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, municipality),
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);

CREATE TABLE capacity_services (
    scenario_id INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    service TEXT NOT NULL,
    households INTEGER NOT NULL CHECK (households >= 0),
    PRIMARY KEY (scenario_id, municipality, service),
    FOREIGN KEY (scenario_id, municipality)
        REFERENCES capacities (scenario_id, municipality) ON DELETE CASCADE
);

CREATE TABLE dwellings (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    municipality TEXT NOT NULL,
    beds INTEGER NOT NULL CHECK (beds >= 1),
    available_from TEXT NOT NULL,
    accessible INTEGER NOT NULL CHECK (accessible IN (0, 1)),
    contract TEXT NOT NULL CHECK (contract IN ('first_hand', 'sublet')),
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, id),
    -- Target of placements' (dwelling, municipality) key: a household placed in a
    -- dwelling is placed in that dwelling's municipality.
    UNIQUE (scenario_id, id, municipality),
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX dwellings_municipality ON dwellings (scenario_id, municipality);

-- Scores are the bulk of a national batch (290 per household). Their household and
-- municipality are checked by the import (landa-store/src/import.rs, check_scenario)
-- instead of by foreign keys: per-row key checks made a 12 000-household import take
-- 31 s on PostgreSQL. Scores are written by the import only and deleted with their scenario.
CREATE TABLE scores (
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (scenario_id, position),
    UNIQUE (scenario_id, household, municipality)
);

-- Request rounds (anmodning; kommuntal) are appended, never overwritten.
CREATE TABLE request_rounds (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    year INTEGER NOT NULL,
    round INTEGER NOT NULL CHECK (round >= 0),
    sent_on TEXT,
    sent_by TEXT NOT NULL,
    UNIQUE (scenario_id, year, round)
);
CREATE INDEX request_rounds_position ON request_rounds (scenario_id, position);

CREATE TABLE requests (
    round_id INTEGER NOT NULL REFERENCES request_rounds (id) ON DELETE CASCADE,
    scenario_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    persons INTEGER NOT NULL CHECK (persons >= 0),
    unaccompanied_minors INTEGER NOT NULL CHECK (unaccompanied_minors >= 0),
    PRIMARY KEY (round_id, position),
    UNIQUE (round_id, municipality),
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX requests_municipality ON requests (scenario_id, municipality);

-- Formal decisions (vedtak), append-only: a revision is a new version of the decision
-- of one municipality for one year. All versions of one decision share its position.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    persons INTEGER NOT NULL CHECK (persons >= 0),
    unaccompanied_minors INTEGER NOT NULL CHECK (unaccompanied_minors >= 0),
    body_kind TEXT CHECK (body_kind IN ('municipal_council', 'executive_board', 'other')),
    -- Set exactly when body_kind is 'other'.
    body_name TEXT CHECK ((body_kind = 'other') = (body_name IS NOT NULL)),
    decided_on TEXT,
    registration_number TEXT,
    document_url TEXT,
    UNIQUE (scenario_id, municipality, year, version),
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE
);
CREATE INDEX decisions_position ON decisions (scenario_id, position);

CREATE TABLE placement_runs (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    objective REAL NOT NULL,
    bound REAL,
    persons_placed INTEGER NOT NULL CHECK (persons_placed >= 0),
    created_at TEXT NOT NULL
);
CREATE INDEX placement_runs_scenario ON placement_runs (scenario_id);

CREATE TABLE placements (
    run_id INTEGER NOT NULL REFERENCES placement_runs (id) ON DELETE CASCADE,
    scenario_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    dwelling TEXT,
    score REAL NOT NULL,
    PRIMARY KEY (run_id, position),
    -- Families are never split, and a dwelling houses one household.
    UNIQUE (run_id, household),
    UNIQUE (run_id, dwelling),
    FOREIGN KEY (scenario_id, household) REFERENCES households (scenario_id, id) ON DELETE CASCADE,
    FOREIGN KEY (scenario_id, municipality) REFERENCES municipalities (scenario_id, code) ON DELETE CASCADE,
    FOREIGN KEY (scenario_id, dwelling, municipality)
        REFERENCES dwellings (scenario_id, id, municipality) ON DELETE CASCADE
);
CREATE INDEX placements_household ON placements (scenario_id, household);
CREATE INDEX placements_municipality ON placements (scenario_id, municipality);
CREATE INDEX placements_dwelling ON placements (scenario_id, dwelling, municipality);
