-- A TEXT PRIMARY KEY admits NULL on SQLite (a quirk it keeps for compatibility), where
-- PostgreSQL makes every key column NOT NULL: sessions.token_hash and
-- login_attempts.username are made NOT NULL here as they are there (checked by the store
-- test `schema`). SQLite cannot change a column's constraint in place, so both tables are
-- built again with the same columns in the same order; nothing refers to them. A row
-- with a NULL key could never be looked up and is not carried over.
CREATE TABLE sessions_rebuilt (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
INSERT INTO sessions_rebuilt (token_hash, user_id, csrf_token, created_at, expires_at)
    SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions
    WHERE token_hash IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_rebuilt RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts_rebuilt (
    username TEXT NOT NULL PRIMARY KEY,
    window_start TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts > 0)
);
INSERT INTO login_attempts_rebuilt (username, window_start, attempts)
    SELECT username, window_start, attempts FROM login_attempts WHERE username IS NOT NULL;
DROP TABLE login_attempts;
ALTER TABLE login_attempts_rebuilt RENAME TO login_attempts;
