//! Households registered during the year (appended after the scenario's others) and
//! corrected, each with its event and the caller's audit entry in one transaction.

use crate::audit::insert_audit;
use crate::codec::instant_text;
use crate::error::is_foreign_key_violation;
use crate::import::{check_settled_in, Importer};
use crate::lifecycle::{step, Transition, INSERT_EVENT};
use crate::session::AnySession;
use crate::{commit, AuditEntry, Store, StoreError};
use chrono::Utc;
use landa_model::{Household, HouseholdId, MunicipalityCode, Person, PersonId, Score};
use sqlx::AnyConnection;
use std::collections::HashSet;

/// The `registered` event (version 1) of each household from position `first` on: one
/// statement, whatever their number (an import's or an intake's).
pub(crate) async fn record_registrations<C: AnySession + ?Sized>(
    connection: &mut C,
    scenario_id: i64,
    first: i64,
    recorded_by: &str,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "{INSERT_EVENT} \
         SELECT scenario_id, id, 1, 'registered', state, state_municipality, NULL, NULL, \
         NULL, intake_category, $3, $4 FROM households \
         WHERE scenario_id = $1 AND position >= $2"
    ))
    .bind(scenario_id)
    .bind(first)
    .bind(recorded_by)
    .bind(instant_text(Utc::now()))
    .execute(connection.executor())
    .await
    .map_err(StoreError::database("recording the registrations"))?;
    Ok(())
}

/// Ids per statement when looking ids up: well under both engines' parameter limits.
const IDS_PER_STATEMENT: usize = 500;

impl Store {
    /// Which of `households` and `persons` the scenario already holds.
    pub async fn registered_ids(
        &self,
        scenario: &str,
        households: &[HouseholdId],
        persons: &[PersonId],
    ) -> Result<(HashSet<HouseholdId>, HashSet<PersonId>), StoreError> {
        let mut transaction = self.begin().await?;
        let id = crate::scenario_id(&mut transaction, scenario).await?;
        let household_ids = existing(&mut transaction, id, "households", households).await?;
        let person_ids = existing(&mut transaction, id, "persons", persons).await?;
        commit(transaction).await?;
        Ok((household_ids, person_ids))
    }

    /// Appends `households` and `persons` to the scenario, each household waiting (or
    /// self-settled) at version 1 with its `registered` event, and writes `audit`: all or
    /// nothing. An id the scenario holds already is a conflict.
    pub async fn register_households(
        &self,
        scenario: &str,
        households: &[Household],
        persons: &[Person],
        scores: &[Score],
        recorded_by: &str,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let household_ids: Vec<HouseholdId> = households.iter().map(|h| h.id.clone()).collect();
        let person_ids: Vec<PersonId> = persons.iter().map(|p| p.id.clone()).collect();
        let taken = existing(&mut transaction, id, "households", &household_ids).await?;
        let taken_persons = existing(&mut transaction, id, "persons", &person_ids).await?;
        if !taken.is_empty() || !taken_persons.is_empty() {
            let mut ids: Vec<String> = taken.iter().map(ToString::to_string).collect();
            ids.extend(taken_persons.iter().map(ToString::to_string));
            ids.sort();
            return Err(StoreError::Conflict(format!(
                "already registered in scenario '{scenario}': {}",
                ids.join(", ")
            )));
        }
        check_municipalities(&mut transaction, id, households).await?;
        let first_household = next_position(&mut transaction, id, "households").await?;
        let first_person = next_position(&mut transaction, id, "persons").await?;
        let first_score = next_position(&mut transaction, id, "scores").await?;
        let mut importer = Importer {
            connection: &mut *transaction,
            placeholders: self.engine.placeholders(),
            scenario_id: id,
        };
        importer
            .insert_people(households, persons, first_household, first_person)
            .await
            .map_err(tie_not_in_scenario)?;
        importer.insert_scores(scores, first_score).await?;
        record_registrations(&mut *transaction, id, first_household, recorded_by).await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Replaces a household's facts and persons with `household` and `persons` as a
    /// `corrected` step to `transition.next` (a correction of the intake may change the
    /// state: to or from self-settled), with `audit`; returns the new version.
    pub async fn correct_household(
        &self,
        scenario: &str,
        household: &Household,
        persons: &[Person],
        transition: &Transition<'_>,
        audit: &AuditEntry,
    ) -> Result<i64, StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        check_municipalities(&mut transaction, id, std::slice::from_ref(household)).await?;
        let version = step(&mut transaction, id, transition).await?;
        let key = household.id.as_str();
        sqlx::query(
            "UPDATE households SET adults = $3, children = $4, unaccompanied_minor = $5, \
             waiting_since = $6, tie = $7, intake_category = $8, settled_in = $9, \
             permit_date = $10 WHERE scenario_id = $1 AND id = $2",
        )
        .bind(id)
        .bind(key)
        .bind(i64::from(household.adults()))
        .bind(i64::from(household.children()))
        .bind(household.is_unaccompanied_minor())
        .bind(household.waiting_since.to_string())
        .bind(household.tie.as_ref().map(MunicipalityCode::as_str))
        .bind(household.intake.category().as_str())
        .bind(household.intake.settled_in().map(MunicipalityCode::as_str))
        .bind(household.permit_date.map(|day| day.to_string()))
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("correcting a household"))?;
        for table in ["household_needs", "household_languages", "persons"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE scenario_id = $1 AND household = $2"
            ))
            .bind(id)
            .bind(key)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("correcting a household"))?;
        }
        let person_ids: Vec<PersonId> = persons.iter().map(|p| p.id.clone()).collect();
        let taken = existing(&mut transaction, id, "persons", &person_ids).await?;
        if let Some(person) = taken.iter().next() {
            return Err(StoreError::Conflict(format!(
                "person {person} belongs to another household of scenario '{scenario}'"
            )));
        }
        let first_person = next_position(&mut transaction, id, "persons").await?;
        let mut importer = Importer {
            connection: &mut *transaction,
            placeholders: self.engine.placeholders(),
            scenario_id: id,
        };
        importer
            .insert_details(std::slice::from_ref(household), persons, first_person)
            .await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(version)
    }
}

/// The ids of `ids` that `table` (households or persons) holds in the scenario.
async fn existing<T>(
    connection: &mut AnyConnection,
    scenario_id: i64,
    table: &str,
    ids: &[T],
) -> Result<HashSet<T>, StoreError>
where
    T: std::fmt::Display + std::str::FromStr + Eq + std::hash::Hash,
    T::Err: std::fmt::Display,
{
    let mut found = HashSet::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let list = (0..chunk.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT id FROM {table} WHERE scenario_id = $1 AND id IN ({list})");
        let rows: Vec<String> = chunk
            .iter()
            .fold(sqlx::query_scalar(&sql).bind(scenario_id), |query, id| {
                query.bind(id.to_string())
            })
            .fetch_all(&mut *connection)
            .await
            .map_err(StoreError::database("looking registered ids up"))?;
        for text in rows {
            found.insert(text.parse().map_err(|e: T::Err| StoreError::Corrupt {
                what: format!("{table}.id"),
                message: e.to_string(),
            })?);
        }
    }
    Ok(found)
}

/// The position after the scenario's last row of `table`.
/// A tie to a municipality the scenario lacks, refused by the households' foreign key.
fn tie_not_in_scenario(error: StoreError) -> StoreError {
    match error {
        StoreError::Database { ref source, .. } if is_foreign_key_violation(source) => {
            StoreError::Invalid {
                what: "households".into(),
                message: "a tie names a municipality that is not in the scenario".into(),
            }
        }
        other => other,
    }
}

async fn next_position(
    connection: &mut AnyConnection,
    scenario_id: i64,
    table: &str,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(MAX(position) + 1, 0) AS BIGINT) FROM {table} WHERE scenario_id = $1"
    ))
    .bind(scenario_id)
    .fetch_one(connection)
    .await
    .map_err(StoreError::database("numbering new rows"))
}

/// The municipalities the households settled in are the scenario's.
async fn check_municipalities(
    connection: &mut AnyConnection,
    scenario_id: i64,
    households: &[Household],
) -> Result<(), StoreError> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT code FROM municipalities WHERE scenario_id = $1")
            .bind(scenario_id)
            .fetch_all(connection)
            .await
            .map_err(StoreError::database("reading the municipalities"))?;
    let codes: Vec<MunicipalityCode> = codes.iter().filter_map(|c| c.parse().ok()).collect();
    check_settled_in(households, &codes.iter().collect())
}
