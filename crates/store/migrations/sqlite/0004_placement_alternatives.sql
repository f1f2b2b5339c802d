-- Why each household of a placement run went where it went, or nowhere: its best
-- municipalities as the optimiser saw them when the run ended (placed, would fit, or the
-- capacity that blocked it). Kept with the run, because capacities change afterwards and
-- an explanation rebuilt later would explain another problem. The other engine's
-- migration is the same but for its types.
CREATE TABLE placement_alternatives (
    run_id INTEGER NOT NULL REFERENCES placement_runs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    household TEXT NOT NULL,
    municipality TEXT NOT NULL,
    value REAL NOT NULL,
    standing TEXT NOT NULL CHECK (standing IN ('placed', 'fits', 'blocked')),
    detail TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE INDEX placement_alternatives_household ON placement_alternatives (run_id, household);
