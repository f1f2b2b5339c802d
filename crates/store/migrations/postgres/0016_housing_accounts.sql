-- A housing company's account (role 'housing', its jurisdiction its name and the
-- municipalities it serves, "Kopparstaden:2080"). migrations/sqlite/0016_housing_accounts.sql
-- rebuilds the table for the same checks.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('national', 'region', 'municipality', 'partner', 'housing', 'administrator'));
ALTER TABLE users ADD CONSTRAINT users_check
    CHECK ((role IN ('region', 'municipality', 'partner', 'housing')) = (jurisdiction IS NOT NULL));
