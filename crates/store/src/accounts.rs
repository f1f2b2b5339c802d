//! Accounts, browser sessions and API tokens. Secrets arrive hashed: the store never
//! sees a password or a token, only an argon2id hash or a SHA-256 digest of it.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::error::is_unique_violation;
use crate::{commit, AuditEntry, Store, StoreError};
use chrono::{DateTime, Utc};
use landa_model::Role;
use sqlx::any::AnyRow;

/// An account as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// PHC string of the argon2id hash of the password.
    pub password_hash: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// A new account: the password already hashed by the caller.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
}

/// A live browser session with the account it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub account: Account,
    /// The token a browser must echo in the X-CSRF-Token header on every change.
    pub csrf_token: String,
}

const ACCOUNT_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, \
     u.jurisdiction, u.disabled, u.created_at, u.country";

fn read_account(row: &AnyRow) -> Result<Account, StoreError> {
    let r = RowReader::new(row, "users");
    let kind = r.text("role")?;
    let jurisdiction = r.optional_text("jurisdiction")?;
    let country = r.optional_text("country")?;
    Ok(Account {
        id: r.int("id")?,
        username: r.text("username")?,
        display_name: r.text("display_name")?,
        password_hash: r.text("password_hash")?,
        role: Role::from_parts(&kind, country.as_deref(), jurisdiction.as_deref()).map_err(
            |e| StoreError::Corrupt {
                what: "users.role".into(),
                message: e.to_string(),
            },
        )?,
        disabled: r.flag("disabled")?,
        created_at: r.instant("created_at")?,
    })
}

impl Store {
    /// Creates an account; the username must be new.
    pub async fn create_account(
        &self,
        account: &NewAccount,
        audit: &AuditEntry,
    ) -> Result<Account, StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, jurisdiction, \
             country, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
        )
        .bind(account.username.as_str())
        .bind(account.display_name.as_str())
        .bind(account.password_hash.as_str())
        .bind(account.role.kind())
        .bind(account.role.jurisdiction())
        .bind(account.role.country().map(|c| c.code()))
        .bind(instant_text(Utc::now()))
        .execute(&mut *transaction)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::AccountExists(account.username.clone())
            } else {
                StoreError::database("creating an account")(e)
            }
        })?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        self.account(&account.username)
            .await?
            .ok_or_else(|| StoreError::AccountNotFound(account.username.clone()))
    }

    /// The account named `username`, enabled or not.
    pub async fn account(&self, username: &str) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users u WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading an account"))?;
        row.as_ref().map(read_account).transpose()
    }

    /// The account an identity provider's subject is linked to, enabled or not.
    pub async fn account_by_sso_subject(
        &self,
        subject: &str,
    ) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users u JOIN sso_identities i ON i.user_id = u.id \
             WHERE i.subject = $1"
        ))
        .bind(subject)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading an account by its identity"))?;
        row.as_ref().map(read_account).transpose()
    }

    /// The identity the account with id `user_id` is linked to, if any.
    pub async fn sso_subject_of(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT subject FROM sso_identities WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::database("reading an account's identity"))?;
        row.map(|row| RowReader::new(&row, "sso_identities").text("subject"))
            .transpose()
    }

    /// The identity linked to each account that has one: (username, subject).
    pub async fn sso_identities(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.username, i.subject FROM sso_identities i JOIN users u ON u.id = i.user_id \
             ORDER BY u.username",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("listing linked identities"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "sso_identities");
                Ok((r.text("username")?, r.text("subject")?))
            })
            .collect()
    }

    /// Links `username` to the identity provider's `subject`, replacing the identity it
    /// had; `None` unlinks it. A subject already linked to another account is a conflict.
    pub async fn link_sso_identity(
        &self,
        username: &str,
        subject: Option<&str>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        let user_id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *transaction)
            .await
            .map_err(StoreError::database("reading an account"))?;
        let user_id = user_id.ok_or_else(|| StoreError::AccountNotFound(username.to_owned()))?;
        sqlx::query("DELETE FROM sso_identities WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("unlinking an identity"))?;
        if let Some(subject) = subject {
            sqlx::query(
                "INSERT INTO sso_identities (subject, user_id, linked_at) VALUES ($1, $2, $3)",
            )
            .bind(subject)
            .bind(user_id)
            .bind(instant_text(Utc::now()))
            .execute(&mut *transaction)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(format!(
                        "the identity '{subject}' is already linked to another account"
                    ))
                } else {
                    StoreError::database("linking an identity")(e)
                }
            })?;
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Every account, by username.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM users u ORDER BY u.username"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("listing accounts"))?;
        rows.iter().map(read_account).collect()
    }

    /// Disables or enables an account. Disabling also ends its sessions and revokes its
    /// API tokens at once, so enabling it again revives neither: its holder logs in anew
    /// and issues new tokens.
    pub async fn set_account_disabled(
        &self,
        username: &str,
        disabled: bool,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        let changed = sqlx::query("UPDATE users SET disabled = $1 WHERE username = $2")
            .bind(i64::from(disabled))
            .bind(username)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("disabling an account"))?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::AccountNotFound(username.to_owned()));
        }
        if disabled {
            sqlx::query(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)",
            )
            .bind(username)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("ending the account's sessions"))?;
            sqlx::query(
                "UPDATE api_tokens SET revoked = 1 WHERE revoked = 0 \
                 AND user_id = (SELECT id FROM users WHERE username = $1)",
            )
            .bind(username)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("revoking the account's API tokens"))?;
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Starts a browser session for an account.
    pub async fn create_session(
        &self,
        account_id: i64,
        token_hash: &str,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(csrf_token)
        .bind(instant_text(Utc::now()))
        .bind(instant_text(expires_at))
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("starting a session"))?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// The session with this token digest, when it has not expired and its account is enabled.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS}, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0"
        ))
        .bind(token_hash)
        .bind(instant_text(Utc::now()))
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading a session"))?;
        row.map(|row| {
            Ok(SessionRecord {
                account: read_account(&row)?,
                csrf_token: RowReader::new(&row, "sessions").text("csrf_token")?,
            })
        })
        .transpose()
    }

    /// Ends a session (logout).
    pub async fn end_session(
        &self,
        token_hash: &str,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("ending a session"))?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Issues an API token for the account named `username`.
    pub async fn create_api_token(
        &self,
        username: &str,
        token_hash: &str,
        label: &str,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, revoked) \
             SELECT $1, id, $2, $3, 0 FROM users WHERE username = $4",
        )
        .bind(token_hash)
        .bind(label)
        .bind(instant_text(Utc::now()))
        .bind(username)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("issuing an API token"))?
        .rows_affected();
        if inserted == 0 {
            return Err(StoreError::AccountNotFound(username.to_owned()));
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Revokes every API token of an account; returns how many were live.
    pub async fn revoke_api_tokens(
        &self,
        username: &str,
        audit: &AuditEntry,
    ) -> Result<u64, StoreError> {
        if self.account(username).await?.is_none() {
            return Err(StoreError::AccountNotFound(username.to_owned()));
        }
        let mut transaction = self.begin_write().await?;
        let revoked = sqlx::query(
            "UPDATE api_tokens SET revoked = 1 WHERE revoked = 0 \
             AND user_id = (SELECT id FROM users WHERE username = $1)",
        )
        .bind(username)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("revoking API tokens"))?
        .rows_affected();
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(revoked)
    }

    /// The enabled account holding the unrevoked API token with this digest.
    pub async fn account_by_token(&self, token_hash: &str) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked = 0 AND u.disabled = 0"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading an API token"))?;
        row.as_ref().map(read_account).transpose()
    }
}
