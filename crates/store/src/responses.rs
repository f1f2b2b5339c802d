//! Municipalities' answers to the households proposed to or placed in them.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::error::is_foreign_key_violation;
use crate::lifecycle::{step, Transition};
use crate::{commit, scenario_id, AuditEntry, Store, StoreError};
use chrono::{DateTime, Utc};
use landa_model::{HouseholdId, MunicipalityCode};

/// A municipality's answer to one placement.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementResponse {
    pub household: HouseholdId,
    pub municipality: MunicipalityCode,
    /// True when accepted, false when questioned.
    pub accepted: bool,
    /// Why it was questioned (or a note with an acceptance).
    pub comment: String,
    pub responded_by: String,
    pub responded_at: DateTime<Utc>,
}

impl Store {
    /// Appends a municipality's answer to a placement, with the household's step it makes
    /// (accepted, or questioned and back to waiting); returns the household's new version.
    pub async fn respond_to_placement(
        &self,
        scenario: &str,
        response: &PlacementResponse,
        transition: &Transition<'_>,
        audit: &AuditEntry,
    ) -> Result<i64, StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let version = step(&mut transaction, id, transition).await?;
        sqlx::query(
            "INSERT INTO placement_responses (scenario_id, household, municipality, response, \
             comment, responded_by, responded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(response.household.as_str())
        .bind(response.municipality.as_str())
        .bind(if response.accepted {
            "accepted"
        } else {
            "questioned"
        })
        .bind(response.comment.as_str())
        .bind(response.responded_by.as_str())
        .bind(instant_text(response.responded_at))
        .execute(&mut *transaction)
        .await
        .map_err(|e| {
            if is_foreign_key_violation(&e) {
                StoreError::NotFound(format!(
                    "household {} or municipality {} in scenario '{scenario}'",
                    response.household, response.municipality
                ))
            } else {
                StoreError::database("recording a placement response")(e)
            }
        })?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(version)
    }

    /// The latest answer per household and municipality, of one municipality when given,
    /// newest first.
    pub async fn placement_responses(
        &self,
        scenario: &str,
        municipality: Option<&MunicipalityCode>,
    ) -> Result<Vec<PlacementResponse>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(
            "SELECT r.household, r.municipality, r.response, r.comment, r.responded_by, \
             r.responded_at FROM placement_responses r WHERE r.scenario_id = $1 \
             AND (CAST($2 AS TEXT) IS NULL OR r.municipality = $2) \
             AND r.id = (SELECT MAX(l.id) FROM placement_responses l WHERE l.scenario_id = r.scenario_id \
             AND l.household = r.household AND l.municipality = r.municipality) \
             ORDER BY r.id DESC",
        )
        .bind(id)
        .bind(municipality.map(MunicipalityCode::as_str))
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading placement responses"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "placement_responses");
                Ok(PlacementResponse {
                    household: r.parsed("household")?,
                    municipality: r.parsed("municipality")?,
                    accepted: r.text("response")? == "accepted",
                    comment: r.text("comment")?,
                    responded_by: r.text("responded_by")?,
                    responded_at: r.instant("responded_at")?,
                })
            })
            .collect()
    }
}
