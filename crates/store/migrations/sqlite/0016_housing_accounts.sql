-- A housing company's account (role 'housing', its jurisdiction its name and the
-- municipalities it serves, "Kopparstaden:2080"). SQLite cannot change a CHECK in place,
-- so users is built again with the same columns in the same order. Migrations run in a
-- transaction with foreign keys on, where dropping users would delete its sessions and
-- API tokens by their ON DELETE CASCADE: both are kept aside and put back.
CREATE TEMP TABLE kept_sessions AS SELECT * FROM sessions;
CREATE TEMP TABLE kept_api_tokens AS SELECT * FROM api_tokens;

CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    -- PHC string of an argon2id hash; the password itself is never stored.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL
        CHECK (role IN ('national', 'region', 'municipality', 'partner', 'housing',
                        'administrator')),
    jurisdiction TEXT,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    country TEXT CHECK (country IN ('SE', 'NO')),
    CHECK ((role IN ('region', 'municipality', 'partner', 'housing')) = (jurisdiction IS NOT NULL))
);
INSERT INTO users_rebuilt (id, username, display_name, password_hash, role, jurisdiction,
                           disabled, created_at, country)
    SELECT id, username, display_name, password_hash, role, jurisdiction, disabled,
           created_at, country FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;

INSERT INTO sessions SELECT * FROM kept_sessions;
INSERT INTO api_tokens SELECT * FROM kept_api_tokens;
DROP TABLE kept_sessions;
DROP TABLE kept_api_tokens;
