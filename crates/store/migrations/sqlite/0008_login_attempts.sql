-- Failed-login limiting kept in the store, so that every server process shares it and
-- two parallel guesses cannot both pass: one row per (lower-cased) username, counting the
-- attempts since the window opened; taken by one atomic upsert before the password is
-- checked, deleted by a successful login.
CREATE TABLE login_attempts (
    username TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts > 0)
);
