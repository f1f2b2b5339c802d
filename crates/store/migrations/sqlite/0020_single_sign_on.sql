-- Identities that an organisation's identity provider vouches for (OpenID Connect), each
-- linked to one landa account by an administrator: the value of the claim the server is
-- configured to map (sub, email or preferred_username). One identity an account, one
-- account an identity. migrations/postgres/0020_single_sign_on.sql is the same.
CREATE TABLE sso_identities (
    subject TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
    linked_at TEXT NOT NULL
);
