//! Agreements and their follow-up, kept as versions: each save is a new version of the
//! whole agreement, and earlier versions stay readable.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::error::is_unique_violation;
use crate::{commit, AuditEntry, Store, StoreError};
use chrono::{DateTime, Utc};
use landa_followup::Agreement;

/// One saved version of an agreement: who saved it, when, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementVersion {
    pub agreement: String,
    pub version: u32,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
    pub note: String,
}

fn corrupt(agreement: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid {
        what: format!("stored agreement {agreement}"),
        message: error.to_string(),
    }
}

impl Store {
    /// Saves `agreement` as its next version and returns that version. With
    /// `expected_version` (0: a new agreement), the save is refused with `VersionConflict`
    /// unless the current version is that one, so two editors cannot overwrite each other.
    pub async fn save_agreement(
        &self,
        agreement: &Agreement,
        saved_by: &str,
        note: &str,
        expected_version: Option<u32>,
        audit: &AuditEntry,
    ) -> Result<u32, StoreError> {
        let document = serde_json::to_string(agreement).map_err(|e| corrupt(&agreement.id, e))?;
        let mut transaction = self.begin_write().await?;
        let current: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM agreement_versions WHERE agreement = $1",
        )
        .bind(agreement.id.as_str())
        .fetch_one(&mut *transaction)
        .await
        .map_err(StoreError::database("reading the agreement's version"))?;
        let current = u32::try_from(current).unwrap_or(u32::MAX);
        let conflict = |current| StoreError::VersionConflict {
            what: format!("agreement {}", agreement.id),
            expected: expected_version.unwrap_or_default(),
            current,
        };
        if expected_version.is_some_and(|expected| expected != current) {
            return Err(conflict(current));
        }
        let version = current + 1;
        let inserted = sqlx::query(
            "INSERT INTO agreement_versions (agreement, version, document, saved_by, saved_at, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(agreement.id.as_str())
        .bind(i64::from(version))
        .bind(document)
        .bind(saved_by)
        .bind(instant_text(Utc::now()))
        .bind(note)
        .execute(&mut *transaction)
        .await;
        match inserted {
            // Another writer took this version number first.
            Err(error) if is_unique_violation(&error) => return Err(conflict(version)),
            Err(error) => {
                return Err(StoreError::database("saving the agreement")(error));
            }
            Ok(_) => {}
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(version)
    }

    /// The current version of every agreement, by id.
    pub async fn agreements(&self) -> Result<Vec<(Agreement, u32)>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.agreement, v.version, v.document FROM agreement_versions v \
             WHERE v.version = (SELECT MAX(w.version) FROM agreement_versions w \
                                WHERE w.agreement = v.agreement) \
             ORDER BY v.agreement",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("reading agreements"))?;
        rows.iter().map(read_document).collect()
    }

    /// One agreement at `version`, or its current version.
    pub async fn agreement(
        &self,
        id: &str,
        version: Option<u32>,
    ) -> Result<(Agreement, u32), StoreError> {
        let row = sqlx::query(
            "SELECT agreement, version, document FROM agreement_versions \
             WHERE agreement = $1 AND (CAST($2 AS BIGINT) IS NULL OR version = $2) \
             ORDER BY version DESC LIMIT 1",
        )
        .bind(id)
        .bind(version.map(i64::from))
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading an agreement"))?;
        match row {
            Some(row) => read_document(&row),
            None => Err(StoreError::NotFound(match version {
                Some(v) => format!("agreement {id} version {v}"),
                None => format!("agreement {id}"),
            })),
        }
    }

    /// Every saved version of an agreement, oldest first.
    pub async fn agreement_versions(&self, id: &str) -> Result<Vec<AgreementVersion>, StoreError> {
        let rows = sqlx::query(
            "SELECT agreement, version, saved_by, saved_at, note FROM agreement_versions \
             WHERE agreement = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("reading agreement versions"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "agreement_versions");
                Ok(AgreementVersion {
                    agreement: r.text("agreement")?,
                    version: r.count("version")?,
                    saved_by: r.text("saved_by")?,
                    saved_at: r.instant("saved_at")?,
                    note: r.text("note")?,
                })
            })
            .collect()
    }
}

fn read_document(row: &sqlx::any::AnyRow) -> Result<(Agreement, u32), StoreError> {
    let r = RowReader::new(row, "agreement_versions");
    let id = r.text("agreement")?;
    let agreement: Agreement =
        serde_json::from_str(&r.text("document")?).map_err(|e| corrupt(&id, e))?;
    Ok((agreement, r.count("version")?))
}
