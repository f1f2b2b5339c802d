//! Phase 1 of settlement: request rounds (anmodning; kommuntal) and municipal decisions
//! (vedtak). Both are append-only: a round is never overwritten, a decision is revised by
//! recording a new version.

use crate::audit::insert_audit;
use crate::batch::{insert_rows, Table};
use crate::codec::{instant_text, RowReader};
use crate::error::{is_foreign_key_violation, is_unique_violation};
use crate::location::Placeholders;
use crate::session::AnySession;
use crate::{commit, scenario_id, AuditEntry, DecisionVersion, Store, StoreError};
use chrono::{DateTime, Utc};
use landa_model::{
    DecidingBody, MunicipalDecision, MunicipalRequest, MunicipalityCode, RequestRound,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

impl Store {
    /// Appends a request round to a scenario. The round number must be new for its year.
    pub async fn add_request_round(
        &self,
        scenario: &str,
        round: &RequestRound,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        insert_request_round(
            &mut transaction,
            self.engine.placeholders(),
            id,
            scenario,
            round,
        )
        .await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Records `decision` as the next version of its municipality's decision for its year;
    /// earlier versions stay. With `expected_version`, the change is refused with
    /// `VersionConflict` unless the current version is that one (0: no decision yet), so
    /// two people revising the same decision at once cannot overwrite each other.
    /// Returns the version recorded.
    pub async fn record_decision(
        &self,
        scenario: &str,
        decision: &MunicipalDecision,
        recorded_by: &str,
        expected_version: Option<u32>,
        audit: &AuditEntry,
    ) -> Result<u32, StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let inserted = insert_decision_version(
            &mut transaction,
            id,
            decision,
            Utc::now(),
            recorded_by,
            expected_version,
        )
        .await;
        match inserted {
            Err(StoreError::Database { source, .. }) if is_foreign_key_violation(&source) => {
                Err(StoreError::UnknownMunicipality {
                    scenario: scenario.to_owned(),
                    municipality: decision.municipality.to_string(),
                })
            }
            Err(other) => Err(other),
            Ok(true) => {
                let version = current_version(&mut transaction, id, decision).await?;
                insert_audit(&mut transaction, audit).await?;
                commit(transaction).await?;
                Ok(version)
            }
            Ok(false) => Err(StoreError::VersionConflict {
                what: format!(
                    "the decision of {} for {}",
                    decision.municipality, decision.year
                ),
                expected: expected_version.unwrap_or_default(),
                current: current_version(&mut transaction, id, decision).await?,
            }),
        }
    }

    /// Records whether `municipality` takes unaccompanied minors (`None`: not stated), as
    /// the municipality declares it, with its audit entry.
    pub async fn set_takes_unaccompanied_minors(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
        takes: Option<bool>,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let updated = sqlx::query(
            "UPDATE municipalities SET takes_unaccompanied_minors = $3 \
             WHERE scenario_id = $1 AND code = $2",
        )
        .bind(id)
        .bind(municipality.as_str())
        .bind(takes)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database(
            "recording whether a municipality takes unaccompanied minors",
        ))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::UnknownMunicipality {
                scenario: scenario.to_owned(),
                municipality: municipality.to_string(),
            });
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// The request rounds of a scenario, in the order they were added.
    pub async fn request_rounds(&self, scenario: &str) -> Result<Vec<RequestRound>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rounds = request_rounds(&mut transaction, id, None).await?;
        commit(transaction).await?;
        Ok(rounds)
    }

    /// Every recorded version of a municipality's decisions, by year and then version.
    pub async fn decision_history(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
    ) -> Result<Vec<DecisionVersion>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let history = decision_versions(&mut transaction, id, municipality).await?;
        commit(transaction).await?;
        Ok(history)
    }
}

/// Every version of a municipality's decisions, by year and version.
pub(crate) async fn decision_versions(
    connection: &mut AnyConnection,
    scenario_id: i64,
    municipality: &MunicipalityCode,
) -> Result<Vec<DecisionVersion>, StoreError> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM decisions \
         WHERE scenario_id = $1 AND municipality = $2 ORDER BY year, version"
    );
    let rows = sqlx::query(&sql)
        .bind(scenario_id)
        .bind(municipality.as_str())
        .fetch_all(connection)
        .await
        .map_err(StoreError::database("reading the decision history"))?;
    rows.iter().map(read_decision_version).collect()
}

/// Inserts a round and its requests, after the rounds already stored.
pub(crate) async fn insert_request_round<C: AnySession + ?Sized>(
    connection: &mut C,
    placeholders: Placeholders,
    scenario_id: i64,
    scenario_name: &str,
    round: &RequestRound,
) -> Result<(), StoreError> {
    let round_id: i64 = sqlx::query_scalar(
        "INSERT INTO request_rounds (scenario_id, position, year, round, sent_on, sent_by) \
         SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3, $4, $5 \
         FROM request_rounds WHERE scenario_id = $1 RETURNING id",
    )
    .bind(scenario_id)
    .bind(i64::from(round.year))
    .bind(i64::from(round.round))
    .bind(round.sent_on.map(|day| day.to_string()))
    .bind(round.sent_by.as_str())
    .fetch_one(connection.executor())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::RoundExists {
                scenario: scenario_name.to_owned(),
                year: round.year,
                round: round.round,
            }
        } else {
            StoreError::database("inserting a request round")(e)
        }
    })?;
    insert_rows(
        connection,
        placeholders,
        &REQUESTS,
        &round.requests,
        |q, position, request| {
            q.bind(round_id)
                .bind(scenario_id)
                .bind(position)
                .bind(request.municipality.as_str())
                .bind(i64::from(request.persons))
                .bind(i64::from(request.unaccompanied_minors))
        },
    )
    .await
}

const REQUESTS: Table = Table {
    name: "requests",
    columns: &[
        "round_id",
        "scenario_id",
        "position",
        "municipality",
        "persons",
        "unaccompanied_minors",
    ],
    insert_action: "inserting requests",
};

/// Inserts `decision` as the next version of the decision of its municipality and year.
/// Its position is that of the first version, or after all decisions for a new one, so
/// that a scenario's decisions keep their order across revisions.
pub(crate) async fn insert_decision_version<C: AnySession + ?Sized>(
    connection: &mut C,
    scenario_id: i64,
    decision: &MunicipalDecision,
    recorded_at: DateTime<Utc>,
    recorded_by: &str,
    expected_version: Option<u32>,
) -> Result<bool, StoreError> {
    let (body_kind, body_name) = match &decision.body {
        None => (None, None),
        Some(DecidingBody::MunicipalCouncil) => (Some("municipal_council"), None),
        Some(DecidingBody::ExecutiveBoard) => (Some("executive_board"), None),
        Some(DecidingBody::Other(name)) => (Some("other"), Some(name.as_str())),
    };
    let inserted = sqlx::query(
        "INSERT INTO decisions (scenario_id, position, municipality, year, version, \
         recorded_at, recorded_by, persons, unaccompanied_minors, body_kind, body_name, \
         decided_on, registration_number, document_url) \
         SELECT $1, \
         COALESCE(MIN(CASE WHEN municipality = $2 AND year = $3 THEN position END), \
                  MAX(position) + 1, 0), \
         $2, $3, \
         COALESCE(MAX(CASE WHEN municipality = $2 AND year = $3 THEN version END), 0) + 1, \
         $4, $5, $6, $7, $8, $9, $10, $11, $12 \
         FROM decisions WHERE scenario_id = $1 \
         HAVING CAST($13 AS INTEGER) IS NULL OR \
         COALESCE(MAX(CASE WHEN municipality = $2 AND year = $3 THEN version END), 0) = $13",
    )
    .bind(scenario_id)
    .bind(decision.municipality.as_str())
    .bind(i64::from(decision.year))
    .bind(instant_text(recorded_at))
    .bind(recorded_by)
    .bind(i64::from(decision.persons))
    .bind(i64::from(decision.unaccompanied_minors))
    .bind(body_kind)
    .bind(body_name)
    .bind(decision.decided_on.map(|day| day.to_string()))
    .bind(decision.registration_number.as_deref())
    .bind(decision.document_url.as_deref())
    .bind(expected_version.map(i64::from))
    .execute(connection.executor())
    .await
    .map_err(StoreError::database("inserting a decision"))?;
    Ok(inserted.rows_affected() == 1)
}

/// The latest version of the decision of `decision`'s municipality and year; 0 when none.
async fn current_version(
    connection: &mut AnyConnection,
    scenario_id: i64,
    decision: &MunicipalDecision,
) -> Result<u32, StoreError> {
    let version: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version) FROM decisions \
         WHERE scenario_id = $1 AND municipality = $2 AND year = $3",
    )
    .bind(scenario_id)
    .bind(decision.municipality.as_str())
    .bind(i64::from(decision.year))
    .fetch_one(connection)
    .await
    .map_err(StoreError::database("reading the decision's version"))?;
    Ok(version.map_or(0, |v| u32::try_from(v).unwrap_or(u32::MAX)))
}

/// Columns `read_decision_version` reads, in its order.
const DECISION_COLUMNS: &str = "version, recorded_at, recorded_by, year, municipality, persons, \
     unaccompanied_minors, body_kind, body_name, decided_on, registration_number, document_url";

fn read_decision_version(row: &AnyRow) -> Result<DecisionVersion, StoreError> {
    let r = RowReader::new(row, "decisions");
    let body = match (
        r.optional_text("body_kind")?.as_deref(),
        r.optional_text("body_name")?,
    ) {
        (None, None) => None,
        (Some("municipal_council"), None) => Some(DecidingBody::MunicipalCouncil),
        (Some("executive_board"), None) => Some(DecidingBody::ExecutiveBoard),
        (Some("other"), Some(name)) => Some(DecidingBody::Other(name)),
        (kind, name) => {
            return Err(StoreError::Corrupt {
                what: "decisions.body_kind".into(),
                message: format!("unknown deciding body {kind:?} named {name:?}"),
            })
        }
    };
    Ok(DecisionVersion {
        version: r.count("version")?,
        recorded_at: r.instant("recorded_at")?,
        recorded_by: r.text("recorded_by")?,
        decision: MunicipalDecision {
            year: r.count("year")?,
            municipality: r.parsed("municipality")?,
            persons: r.count("persons")?,
            unaccompanied_minors: r.count("unaccompanied_minors")?,
            body,
            decided_on: r.optional_parsed("decided_on")?,
            registration_number: r.optional_text("registration_number")?,
            document_url: r.optional_text("document_url")?,
        },
    })
}

/// The current decisions of a scenario (of one municipality with `only`): the latest
/// version for each municipality and year, in the order they were first recorded.
pub(crate) async fn current_decisions(
    connection: &mut AnyConnection,
    scenario_id: i64,
    only: Option<&MunicipalityCode>,
) -> Result<Vec<MunicipalDecision>, StoreError> {
    let sql = format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.scenario_id = $1 \
         AND (CAST($2 AS TEXT) IS NULL OR d.municipality = $2) \
         AND d.version = (SELECT MAX(v.version) FROM decisions v WHERE v.scenario_id = d.scenario_id \
         AND v.municipality = d.municipality AND v.year = d.year) \
         ORDER BY d.position"
    );
    let rows = sqlx::query(&sql)
        .bind(scenario_id)
        .bind(only.map(MunicipalityCode::as_str))
        .fetch_all(connection)
        .await
        .map_err(StoreError::database("reading decisions"))?;
    rows.iter()
        .map(|row| read_decision_version(row).map(|version| version.decision))
        .collect()
}

/// The request rounds of a scenario in the order they were added, with their requests
/// (only those of one municipality with `only`).
pub(crate) async fn request_rounds(
    connection: &mut AnyConnection,
    scenario_id: i64,
    only: Option<&MunicipalityCode>,
) -> Result<Vec<RequestRound>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, year, round, sent_on, sent_by FROM request_rounds \
         WHERE scenario_id = $1 ORDER BY position, id",
    )
    .bind(scenario_id)
    .fetch_all(&mut *connection)
    .await
    .map_err(StoreError::database("reading request rounds"))?;
    let mut rounds = Vec::with_capacity(rows.len());
    let mut index_of_round = HashMap::with_capacity(rows.len());
    for row in &rows {
        let r = RowReader::new(row, "request_rounds");
        index_of_round.insert(r.int("id")?, rounds.len());
        rounds.push(RequestRound {
            year: r.count("year")?,
            round: r.count("round")?,
            sent_on: r.optional_parsed("sent_on")?,
            sent_by: r.text("sent_by")?,
            requests: Vec::new(),
        });
    }
    let rows = sqlx::query(
        "SELECT round_id, municipality, persons, unaccompanied_minors FROM requests \
         WHERE scenario_id = $1 AND (CAST($2 AS TEXT) IS NULL OR municipality = $2) \
         ORDER BY round_id, position",
    )
    .bind(scenario_id)
    .bind(only.map(MunicipalityCode::as_str))
    .fetch_all(connection)
    .await
    .map_err(StoreError::database("reading requests"))?;
    for row in &rows {
        let r = RowReader::new(row, "requests");
        let round_id = r.int("round_id")?;
        let round = index_of_round
            .get(&round_id)
            .and_then(|&index| rounds.get_mut(index))
            .ok_or_else(|| StoreError::Corrupt {
                what: "requests.round_id".into(),
                message: format!("round {round_id} is not a round of this scenario"),
            })?;
        round.requests.push(MunicipalRequest {
            municipality: r.parsed("municipality")?,
            persons: r.count("persons")?,
            unaccompanied_minors: r.count("unaccompanied_minors")?,
        });
    }
    Ok(rounds)
}
