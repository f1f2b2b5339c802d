//! The audit log: every read and change of personal data and every decision, appended
//! and never changed (the schema's triggers refuse updates and deletions), each entry
//! chained to the one before by its hash (src/audit_chain.rs).

use crate::audit_chain::{lock_head, set_head, StoredEntry};
use crate::codec::{instant_text, RowReader};
use crate::session::AnySession;
use crate::{Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

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
    /// The request it was written for (its X-Request-Id, also in the request's log
    /// lines); none for the command line and the worker.
    pub request_id: Option<String>,
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
            request_id: None,
        }
    }
}

/// Writes `entry` on `connection`, inside the caller's transaction: a change and its
/// entry are committed together or not at all. The entry is chained to the one before
/// (src/audit_chain.rs), whose head stays locked until the transaction ends.
pub(crate) async fn insert_audit<C: AnySession + ?Sized>(
    connection: &mut C,
    entry: &AuditEntry,
) -> Result<(), StoreError> {
    let at = instant_text(entry.at);
    let (_, previous) = lock_head(connection, 1).await?;
    let hash = StoredEntry {
        at: &at,
        actor: &entry.actor,
        role: &entry.role,
        action: &entry.action,
        resource: &entry.resource,
        detail: &entry.detail,
        remote: entry.remote.as_deref(),
        request_id: entry.request_id.as_deref(),
    }
    .hash(&previous);
    sqlx::query(
        "INSERT INTO audit_log (at, actor, role, action, resource, detail, remote, \
         request_id, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(at.as_str())
    .bind(entry.actor.as_str())
    .bind(entry.role.as_str())
    .bind(entry.action.as_str())
    .bind(entry.resource.as_str())
    .bind(entry.detail.as_str())
    .bind(entry.remote.as_deref())
    .bind(entry.request_id.as_deref())
    .bind(hash.as_str())
    .execute(connection.executor())
    .await
    .map_err(StoreError::database("writing the audit log"))?;
    set_head(connection, &hash).await
}

/// Which entries to read: the data protection officer's exports by account, by record
/// (a household's or person's id in the path) and by period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditFilter<'f> {
    /// Only this account's entries.
    pub actor: Option<&'f str>,
    /// Only entries whose record path contains this, in any case (e.g. a household's id).
    pub resource: Option<&'f str>,
    /// From this day on (UTC).
    pub from: Option<NaiveDate>,
    /// Up to and including this day (UTC).
    pub to: Option<NaiveDate>,
}

impl Store {
    /// Appends one entry on its own, for what changes nothing: a read of personal data,
    /// a login, a refusal. A change writes its entry in its own transaction instead.
    pub async fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        insert_audit(&mut transaction, entry).await?;
        transaction
            .commit()
            .await
            .map_err(StoreError::database("writing the audit log"))
    }

    /// Entries newest first that `filter` lets through, `limit` of them after skipping
    /// `offset`.
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter<'_>,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        // Times are stored as RFC 3339 in UTC, so a day compares as the text's prefix. The
        // record is found whatever its case, alike on both engines (SQLite's LIKE ignores
        // case, PostgreSQL's does not), and `%` or `_` in it are no wildcards.
        let rows = sqlx::query(
            "SELECT at, actor, role, action, resource, detail, remote, request_id FROM audit_log \
             WHERE (CAST($1 AS TEXT) IS NULL OR actor = $1) \
             AND (CAST($4 AS TEXT) IS NULL \
                  OR LOWER(resource) LIKE '%' || LOWER($4) || '%' ESCAPE '\\') \
             AND (CAST($5 AS TEXT) IS NULL OR at >= $5) \
             AND (CAST($6 AS TEXT) IS NULL OR at < $6) \
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(filter.actor)
        .bind(i64::from(limit))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .bind(filter.resource.map(literal_pattern))
        .bind(filter.from.map(|day| day.to_string()))
        .bind(
            filter
                .to
                .and_then(|day| day.succ_opt())
                .map(|day| day.to_string()),
        )
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
                    request_id: r.optional_text("request_id")?,
                })
            })
            .collect()
    }
}

/// `text` for a LIKE pattern with `\` as escape: its `%`, `_` and `\` match themselves.
fn literal_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(character);
    }
    pattern
}
