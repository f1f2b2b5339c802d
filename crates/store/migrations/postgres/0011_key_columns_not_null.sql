-- The PostgreSQL side of migrations/sqlite/0010_key_columns_not_null.sql: here every
-- primary key column is NOT NULL already, so sessions.token_hash and
-- login_attempts.username stay as they are. The migration is kept so that both engines
-- count the same versions.
SELECT 1;
