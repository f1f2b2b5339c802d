//! The integration register: each person's introduction programme and status at
//! checkpoints. A write adds a version (the highest is current, the others stay as its
//! history) with its audit entry in the same transaction.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::{commit, scenario_id, AuditEntry, Store, StoreError};
use chrono::{DateTime, Utc};
use landa_model::{
    Checkpoint, HouseholdId, IntakeCategory, MunicipalityCode, PersonId, PersonStatus, Programme,
    Sex,
};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// A register entry as it stands: its value, the version it is, who recorded it and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded<T> {
    pub value: T,
    pub version: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// One person's register: the programme (none: not recorded) and the status at each
/// checkpoint recorded, in checkpoint order.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRegister {
    pub person: PersonId,
    pub programme: Option<Recorded<Programme>>,
    pub statuses: Vec<Recorded<PersonStatus>>,
}

/// What one write to the register records, by whom.
#[derive(Debug, Clone, Copy)]
pub struct RegisterWrites<'a> {
    pub programmes: &'a [(PersonId, Programme)],
    pub statuses: &'a [(PersonId, PersonStatus)],
    pub recorded_by: &'a str,
}

/// A recorded status with what the indicators break it down by.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusFact {
    pub person: PersonId,
    pub sex: Sex,
    pub intake: IntakeCategory,
    /// The municipality the household settled in.
    pub settled_in: MunicipalityCode,
    pub status: PersonStatus,
}

/// Versions of one person's entries (`$1` scenario, `$2` person; `{key}` narrows further).
const CURRENT: &str = "version = (SELECT MAX(version) FROM {table} later \
     WHERE later.scenario_id = r.scenario_id AND later.person = r.person{key})";

fn current(table: &str, key: &str) -> String {
    CURRENT.replace("{table}", table).replace("{key}", key)
}

const STATUS_KEY: &str = " AND later.checkpoint = r.checkpoint";

impl Store {
    /// The register of each person of `household`, in the household's order.
    pub async fn household_register(
        &self,
        scenario: &str,
        household: &HouseholdId,
    ) -> Result<Vec<PersonRegister>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let persons: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM persons WHERE scenario_id = $1 AND household = $2 ORDER BY position",
        )
        .bind(id)
        .bind(household.as_str())
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading a household's persons"))?;
        let mut register = Vec::with_capacity(persons.len());
        for person in persons {
            let person: PersonId =
                person
                    .parse()
                    .map_err(|e: landa_model::ValueError| StoreError::Corrupt {
                        what: "persons.id".into(),
                        message: e.to_string(),
                    })?;
            register.push(PersonRegister {
                programme: programme(&mut transaction, id, &person).await?,
                statuses: statuses(&mut transaction, id, &person).await?,
                person,
            });
        }
        commit(transaction).await?;
        Ok(register)
    }

    /// Records each programme and status (a new version of the person's programme or of
    /// the status at its checkpoint) in one transaction: all or nothing. The audit entry of
    /// each is made by `programme_audit` / `status_audit` from the entry it replaces, read
    /// in the same transaction. Answers the versions, in the order given.
    pub async fn record_register(
        &self,
        scenario: &str,
        writes: &RegisterWrites<'_>,
        programme_audit: impl Fn(&PersonId, &Programme, Option<&Programme>) -> AuditEntry,
        status_audit: impl Fn(&PersonId, &PersonStatus, Option<&PersonStatus>) -> AuditEntry,
    ) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let mut programme_versions = Vec::with_capacity(writes.programmes.len());
        for (person, programme) in writes.programmes {
            let before = self::programme(&mut transaction, id, person).await?;
            let audit = programme_audit(person, programme, before.as_ref().map(|r| &r.value));
            let version = before.map_or(1, |r| r.version + 1);
            sqlx::query(
                "INSERT INTO programme_records (scenario_id, person, version, decided_on, \
                 started_on, goal, ended_on, end_reason, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(person.as_str())
            .bind(version)
            .bind(programme.decided_on().to_string())
            .bind(programme.started_on().map(|day| day.to_string()))
            .bind(programme.goal().as_str())
            .bind(programme.ended_on().map(|day| day.to_string()))
            .bind(programme.end_reason().map(|reason| reason.as_str()))
            .bind(writes.recorded_by)
            .bind(instant_text(audit.at))
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("recording a programme"))?;
            insert_audit(&mut transaction, &audit).await?;
            programme_versions.push(version);
        }
        let mut status_versions = Vec::with_capacity(writes.statuses.len());
        for (person, status) in writes.statuses {
            let before = statuses(&mut transaction, id, person)
                .await?
                .into_iter()
                .find(|r| r.value.checkpoint == status.checkpoint);
            let audit = status_audit(person, status, before.as_ref().map(|r| &r.value));
            let version = before.map_or(1, |r| r.version + 1);
            sqlx::query(
                "INSERT INTO status_records (scenario_id, person, checkpoint, version, activity, \
                 living_in, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(person.as_str())
            .bind(status.checkpoint.to_string())
            .bind(version)
            .bind(status.activity.as_str())
            .bind(status.living_in.as_str())
            .bind(writes.recorded_by)
            .bind(instant_text(audit.at))
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("recording a status"))?;
            insert_audit(&mut transaction, &audit).await?;
            status_versions.push(version);
        }
        commit(transaction).await?;
        Ok((programme_versions, status_versions))
    }

    /// The household of each person of the scenario.
    pub async fn households_of_persons(
        &self,
        scenario: &str,
    ) -> Result<HashMap<PersonId, HouseholdId>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query("SELECT id, household FROM persons WHERE scenario_id = $1")
            .bind(id)
            .fetch_all(&mut *transaction)
            .await
            .map_err(StoreError::database("reading the persons' households"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "persons");
                Ok((r.parsed("id")?, r.parsed("household")?))
            })
            .collect()
    }

    /// Every current status of persons whose household settled (moved in, or moved on
    /// since), with what indicators break it down by.
    pub async fn status_facts(&self, scenario: &str) -> Result<Vec<StatusFact>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let sql = format!(
            "SELECT r.person, p.sex, h.intake_category, h.state_municipality, r.checkpoint, \
             r.activity, r.living_in FROM status_records r \
             JOIN persons p ON p.scenario_id = r.scenario_id AND p.id = r.person \
             JOIN households h ON h.scenario_id = p.scenario_id AND h.id = p.household \
             WHERE r.scenario_id = $1 AND h.state IN ('moved_in', 'moved_elsewhere') \
             AND r.{} ORDER BY p.position, r.checkpoint",
            current("status_records", STATUS_KEY)
        );
        let rows = sqlx::query(&sql)
            .bind(id)
            .fetch_all(&mut *transaction)
            .await
            .map_err(StoreError::database("reading the register's statuses"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "status_records");
                Ok(StatusFact {
                    person: r.parsed("person")?,
                    sex: r.parsed("sex")?,
                    intake: r.parsed("intake_category")?,
                    settled_in: r.parsed("state_municipality")?,
                    status: status_of(&r)?,
                })
            })
            .collect()
    }
}

fn status_of(r: &RowReader<'_>) -> Result<PersonStatus, StoreError> {
    Ok(PersonStatus {
        checkpoint: r.parsed::<Checkpoint>("checkpoint")?,
        activity: r.parsed("activity")?,
        living_in: r.parsed("living_in")?,
    })
}

async fn programme(
    connection: &mut AnyConnection,
    id: i64,
    person: &PersonId,
) -> Result<Option<Recorded<Programme>>, StoreError> {
    let sql = format!(
        "SELECT decided_on, started_on, goal, ended_on, end_reason, version, recorded_by, \
         recorded_at FROM programme_records r WHERE r.scenario_id = $1 AND r.person = $2 \
         AND r.{}",
        current("programme_records", "")
    );
    let row = sqlx::query(&sql)
        .bind(id)
        .bind(person.as_str())
        .fetch_optional(connection)
        .await
        .map_err(StoreError::database("reading a programme"))?;
    row.map(|row| {
        let r = RowReader::new(&row, "programme_records");
        let programme = Programme::new(
            r.parsed("decided_on")?,
            r.optional_parsed("started_on")?,
            r.parsed("goal")?,
            r.optional_parsed("ended_on")?,
            r.optional_parsed("end_reason")?,
        );
        Ok(Recorded {
            value: r.checked("decided_on", programme.map_err(|(_, e)| e))?,
            version: r.int("version")?,
            recorded_by: r.text("recorded_by")?,
            recorded_at: r.instant("recorded_at")?,
        })
    })
    .transpose()
}

async fn statuses(
    connection: &mut AnyConnection,
    id: i64,
    person: &PersonId,
) -> Result<Vec<Recorded<PersonStatus>>, StoreError> {
    let sql = format!(
        "SELECT checkpoint, activity, living_in, version, recorded_by, recorded_at \
         FROM status_records r WHERE r.scenario_id = $1 AND r.person = $2 AND r.{}",
        current("status_records", STATUS_KEY)
    );
    let rows = sqlx::query(&sql)
        .bind(id)
        .bind(person.as_str())
        .fetch_all(connection)
        .await
        .map_err(StoreError::database("reading a person's statuses"))?;
    let mut found = rows
        .iter()
        .map(|row| {
            let r = RowReader::new(row, "status_records");
            Ok(Recorded {
                value: status_of(&r)?,
                version: r.int("version")?,
                recorded_by: r.text("recorded_by")?,
                recorded_at: r.instant("recorded_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    found.sort_by_key(|r| r.value.checkpoint);
    Ok(found)
}
