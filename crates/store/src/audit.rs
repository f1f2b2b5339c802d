//! The audit log: every read and change of personal data and every decision, appended
//! and never changed (the schema's triggers refuse updates and deletions).

use crate::codec::{instant_text, RowReader};
use crate::session::AnySession;
use crate::{Store, StoreError};
use chrono::{DateTime, Utc};

/// One entry: who did what to which record, when and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// Username, or "public" / "anonymous".
    pub actor: String,
    /// The actor's role as `kind[:jurisdiction]`.
    pub role: String,
    /// read, create, update, approve, login, ...
    pub action: String,
    /// The record, as an API path (e.g. /api/v1/scenarios/x/households/H1).
    pub resource: String,
    pub detail: String,
    /// The client address, where known.
    pub remote: Option<String>,
}

impl AuditEntry {
    /// An entry of landa itself (a worker, a migration, a test's setup): no account, no
    /// address; role "system".
    pub fn system(actor: &str, action: &str, resource: &str, detail: &str) -> AuditEntry {
        AuditEntry {
            at: Utc::now(),
            actor: actor.to_owned(),
            role: "system".to_owned(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            detail: detail.to_owned(),
            remote: None,
        }
    }
}

/// Writes `entry` on `connection`, inside the caller's transaction: a change and its
/// entry are committed together or not at all.
pub(crate) async fn insert_audit<C: AnySession + ?Sized>(
    connection: &mut C,
    entry: &AuditEntry,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, role, action, resource, detail, remote) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(instant_text(entry.at))
    .bind(entry.actor.as_str())
    .bind(entry.role.as_str())
    .bind(entry.action.as_str())
    .bind(entry.resource.as_str())
    .bind(entry.detail.as_str())
    .bind(entry.remote.as_deref())
    .execute(connection.executor())
    .await
    .map_err(StoreError::database("writing the audit log"))?;
    Ok(())
}

impl Store {
    /// Appends one entry on its own, for what changes nothing: a read of personal data,
    /// a login, a refusal. A change writes its entry in its own transaction instead.
    pub async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let mut connection = self
            .pool
            .acquire()
            .await
            .map_err(StoreError::database("writing the audit log"))?;
        insert_audit(&mut connection, entry).await
    }

    /// Entries newest first, `limit` of them after skipping `offset`; with `actor`, only
    /// that account's.
    pub async fn audit_entries(
        &self,
        actor: Option<&str>,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor, role, action, resource, detail, remote FROM audit_log \
             WHERE (CAST($1 AS TEXT) IS NULL OR actor = $1) ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(actor)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("reading the audit log"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "audit_log");
                Ok(AuditEntry {
                    at: r.instant("at")?,
                    actor: r.text("actor")?,
                    role: r.text("role")?,
                    action: r.text("action")?,
                    resource: r.text("resource")?,
                    detail: r.text("detail")?,
                    remote: r.optional_text("remote")?,
                })
            })
            .collect()
    }
}
