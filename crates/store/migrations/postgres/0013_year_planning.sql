-- Planning the rest of the year: national's forecast of the arrivals still to come, the
-- schedule that starts a run every week, and two options of a run that use the forecast
-- (reserving capacity for later arrivals, balancing each municipality's number over the
-- year). migrations/sqlite/0013_year_planning.sql is the same.
CREATE TABLE arrival_forecasts (
    scenario_id BIGINT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    -- The first and last day of the week or month forecast.
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL CHECK (period_end >= period_start),
    intake_category TEXT NOT NULL
        CHECK (intake_category IN ('quota', 'reception_centre', 'family_reunification', 'self_settled')),
    household_type TEXT NOT NULL CHECK (household_type IN ('single_adult', 'couple',
        'single_parent', 'couple_with_children', 'unaccompanied_minor')),
    households BIGINT NOT NULL CHECK (households >= 0),
    persons BIGINT NOT NULL CHECK (persons >= households),
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (scenario_id, period_start, intake_category, household_type)
);

-- One schedule per scenario: the next run starts at next_run_at, then every every_days.
-- A worker that starts it moves next_run_at on in the same transaction, conditionally on
-- its old value, so that of several processes exactly one starts each run.
CREATE TABLE run_schedules (
    scenario_id BIGINT PRIMARY KEY REFERENCES scenarios (id) ON DELETE CASCADE,
    next_run_at TEXT NOT NULL,
    every_days BIGINT NOT NULL CHECK (every_days BETWEEN 1 AND 92),
    method TEXT NOT NULL CHECK (method IN ('optimal', 'greedy')),
    time_limit_ms BIGINT NOT NULL CHECK (time_limit_ms > 0),
    tie_bonus DOUBLE PRECISION NOT NULL,
    waiting_weight DOUBLE PRECISION NOT NULL,
    reserve BOOLEAN NOT NULL,
    balance BOOLEAN NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

ALTER TABLE placement_jobs ADD COLUMN reserve BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE placement_jobs ADD COLUMN balance BOOLEAN NOT NULL DEFAULT FALSE;
-- The instant of the schedule a scheduled run was started for; none twice.
ALTER TABLE placement_jobs ADD COLUMN scheduled_for TEXT;
CREATE UNIQUE INDEX placement_jobs_scheduled ON placement_jobs (scenario_id, scheduled_for);
