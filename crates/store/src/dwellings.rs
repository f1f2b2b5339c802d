//! Dwellings offered by municipalities and housing companies after import: added, edited
//! and marked let, each change checked against the version it was based on; and who
//! holds each.

use crate::audit::insert_audit;
use crate::codec::RowReader;
use crate::error::{is_foreign_key_violation, is_unique_violation};
use crate::{commit, scenario_id, AuditEntry, Store, StoreError};
use landa_model::{Dwelling, DwellingId, MunicipalityCode, NaiveDate, StateName};
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// A dwelling with its edit version and, once let, the day it was let.
#[derive(Debug, Clone, PartialEq)]
pub struct DwellingRecord {
    pub dwelling: Dwelling,
    pub version: u32,
    pub let_on: Option<NaiveDate>,
}

const DWELLING_COLUMNS: &str = "id, municipality, beds, available_from, \
     CAST(accessible AS INTEGER) AS accessible, contract, rent, passes_over_on, offered_by, address, version, let_on";

fn read_dwelling(row: &AnyRow) -> Result<DwellingRecord, StoreError> {
    let r = RowReader::new(row, "dwellings");
    let mut dwelling = r.checked(
        "beds",
        Dwelling::new(
            r.parsed("id")?,
            r.parsed("municipality")?,
            r.count("beds")?,
            r.parsed("available_from")?,
            r.flag("accessible")?,
            r.parsed("contract")?,
        ),
    )?;
    dwelling.rent = r.optional_count("rent")?;
    dwelling.offered_by = r.optional_text("offered_by")?;
    r.checked(
        "address",
        dwelling.set_address(r.optional_text("address")?.as_deref()),
    )?;
    r.checked(
        "passes_over_on",
        dwelling.set_passes_over_on(r.optional_parsed("passes_over_on")?),
    )?;
    Ok(DwellingRecord {
        dwelling,
        version: r.count("version")?,
        let_on: r.optional_parsed("let_on")?,
    })
}

/// The dwellings of a scenario (of one municipality when given), in the order added.
pub(crate) async fn dwelling_records(
    connection: &mut sqlx::AnyConnection,
    scenario_id: i64,
    municipality: Option<&MunicipalityCode>,
) -> Result<Vec<DwellingRecord>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {DWELLING_COLUMNS} FROM dwellings WHERE scenario_id = $1 \
         AND (CAST($2 AS TEXT) IS NULL OR municipality = $2) ORDER BY position"
    ))
    .bind(scenario_id)
    .bind(municipality.map(MunicipalityCode::as_str))
    .fetch_all(connection)
    .await
    .map_err(StoreError::database("listing dwellings"))?;
    rows.iter().map(read_dwelling).collect()
}

/// Inserts one dwelling after the scenario's last, in the caller's transaction.
async fn insert_dwelling(
    connection: &mut sqlx::AnyConnection,
    scenario: &str,
    scenario_id: i64,
    dwelling: &Dwelling,
    let_on: Option<NaiveDate>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO dwellings (scenario_id, position, id, municipality, beds, \
         available_from, accessible, contract, let_on, rent, passes_over_on, offered_by, \
         address, version) \
         SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
         $12, 1 \
         FROM dwellings WHERE scenario_id = $1",
    )
    .bind(scenario_id)
    .bind(dwelling.id.as_str())
    .bind(dwelling.municipality.as_str())
    .bind(i64::from(dwelling.beds()))
    .bind(dwelling.available_from.to_string())
    .bind(dwelling.accessible)
    .bind(dwelling.contract.to_string())
    .bind(let_on.map(|day| day.to_string()))
    .bind(dwelling.rent.map(i64::from))
    .bind(dwelling.passes_over_on().map(|day| day.to_string()))
    .bind(dwelling.offered_by.as_deref())
    .bind(dwelling.address())
    .execute(connection)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(format!(
                "dwelling {} is already in scenario '{scenario}'",
                dwelling.id
            ))
        } else if is_foreign_key_violation(&e) {
            StoreError::UnknownMunicipality {
                scenario: scenario.to_owned(),
                municipality: dwelling.municipality.to_string(),
            }
        } else {
            StoreError::database("adding a dwelling")(e)
        }
    })?;
    Ok(())
}

impl Store {
    /// The dwellings of a scenario, of one municipality when given, in the order added.
    pub async fn dwellings(
        &self,
        scenario: &str,
        municipality: Option<&MunicipalityCode>,
    ) -> Result<Vec<DwellingRecord>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let records = dwelling_records(&mut transaction, id, municipality).await?;
        commit(transaction).await?;
        Ok(records)
    }

    /// One dwelling by id.
    pub async fn dwelling(
        &self,
        scenario: &str,
        dwelling: &str,
    ) -> Result<DwellingRecord, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let row = sqlx::query(&format!(
            "SELECT {DWELLING_COLUMNS} FROM dwellings WHERE scenario_id = $1 AND id = $2"
        ))
        .bind(id)
        .bind(dwelling)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(StoreError::database("reading a dwelling"))?;
        commit(transaction).await?;
        match row {
            Some(row) => read_dwelling(&row),
            None => Err(StoreError::NotFound(format!(
                "dwelling {dwelling} in scenario '{scenario}'"
            ))),
        }
    }

    /// Adds an offered dwelling (let already on `let_on`, where given), after those
    /// already there; its id must be new.
    pub async fn add_dwelling(
        &self,
        scenario: &str,
        dwelling: &Dwelling,
        let_on: Option<NaiveDate>,
        audit: &AuditEntry,
    ) -> Result<DwellingRecord, StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        insert_dwelling(&mut transaction, scenario, id, dwelling, let_on).await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        self.dwelling(scenario, dwelling.id.as_str()).await
    }

    /// Adds offered dwellings, all or none, with one audit entry; their ids must be new.
    pub async fn add_dwellings(
        &self,
        scenario: &str,
        dwellings: &[Dwelling],
        audit: &AuditEntry,
    ) -> Result<Vec<DwellingRecord>, StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        for dwelling in dwellings {
            insert_dwelling(&mut transaction, scenario, id, dwelling, None).await?;
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        let mut records = Vec::with_capacity(dwellings.len());
        for dwelling in dwellings {
            records.push(self.dwelling(scenario, dwelling.id.as_str()).await?);
        }
        Ok(records)
    }

    /// Replaces a dwelling's beds, availability, accessibility, contract, terms and let date, if
    /// it is still at `expected_version`; its id and municipality stay.
    pub async fn update_dwelling(
        &self,
        scenario: &str,
        dwelling: &Dwelling,
        let_on: Option<NaiveDate>,
        expected_version: u32,
        audit: &AuditEntry,
    ) -> Result<DwellingRecord, StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let changed = sqlx::query(
            "UPDATE dwellings SET beds = $1, available_from = $2, accessible = $3, \
             contract = $4, let_on = $5, rent = $9, passes_over_on = $10, address = $11, \
             version = version + 1 WHERE scenario_id = $6 AND id = $7 AND version = $8",
        )
        .bind(i64::from(dwelling.beds()))
        .bind(dwelling.available_from.to_string())
        .bind(dwelling.accessible)
        .bind(dwelling.contract.to_string())
        .bind(let_on.map(|day| day.to_string()))
        .bind(id)
        .bind(dwelling.id.as_str())
        .bind(i64::from(expected_version))
        .bind(dwelling.rent.map(i64::from))
        .bind(dwelling.passes_over_on().map(|day| day.to_string()))
        .bind(dwelling.address())
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("updating a dwelling"))?
        .rows_affected();
        if changed == 1 {
            insert_audit(&mut transaction, audit).await?;
        }
        commit(transaction).await?;
        let current = self.dwelling(scenario, dwelling.id.as_str()).await?;
        if changed == 0 {
            return Err(StoreError::VersionConflict {
                what: format!("dwelling {}", dwelling.id),
                expected: expected_version,
                current: current.version,
            });
        }
        Ok(current)
    }
}

/// The household holding a dwelling, as much as its offerer needs: how many persons, in
/// which state (approved: reserved; moved in: let) and since when.
#[derive(Debug, Clone, PartialEq)]
pub struct DwellingHolder {
    pub persons: u32,
    pub state: StateName,
    pub since: Option<NaiveDate>,
}

impl Store {
    /// The households that hold dwellings of a scenario (reserved by approval or let by
    /// moving in), by dwelling.
    pub async fn dwelling_holders(
        &self,
        scenario: &str,
    ) -> Result<HashMap<DwellingId, DwellingHolder>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(
            "SELECT h.state_dwelling, h.state, h.state_on, \
             (SELECT COUNT(*) FROM persons p WHERE p.scenario_id = h.scenario_id \
              AND p.household = h.id) AS persons \
             FROM households h WHERE h.scenario_id = $1 AND h.state_dwelling IS NOT NULL \
             AND h.state IN ('approved', 'moved_in')",
        )
        .bind(id)
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("reading who holds dwellings"))?;
        commit(transaction).await?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "households");
                Ok((
                    r.parsed("state_dwelling")?,
                    DwellingHolder {
                        persons: r.count("persons")?,
                        state: r.parsed("state")?,
                        since: r.optional_parsed("state_on")?,
                    },
                ))
            })
            .collect()
    }
}
