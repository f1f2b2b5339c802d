//! Households' rankings of municipalities (or the criteria they weigh instead) and
//! municipalities' priority groups: imported with the scenario, then each replaced as a
//! whole by the one who owns it (national for a household, the municipality for itself),
//! with its audit entry in the same transaction.

use crate::audit::insert_audit;
use crate::codec::RowReader;
use crate::error::is_foreign_key_violation;
use crate::{commit, scenario_id, AuditEntry, Store, StoreError};
use landa_model::{
    CriterionWeight, HouseholdId, MunicipalityCode, MunicipalityPriority, Preference,
};
use sqlx::AnyConnection;

impl Store {
    /// The household's ranking, most wanted first (empty: it ranks none), and the criteria
    /// it weighs.
    pub async fn household_preferences(
        &self,
        scenario: &str,
        household: &HouseholdId,
    ) -> Result<(Vec<Preference>, Vec<CriterionWeight>), StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        require_household(&mut transaction, id, scenario, household).await?;
        let ranking = rankings(&mut transaction, id, Some(household)).await?;
        let weighed = criteria(&mut transaction, id, Some(household)).await?;
        commit(transaction).await?;
        Ok((ranking, weighed))
    }

    /// Replaces the household's ranking and criteria (empty: none), with the audit entry
    /// `audit` makes of the ranking and criteria replaced, read in the same transaction:
    /// of two writers (two processes) the second names what the first saved.
    pub async fn set_household_preferences(
        &self,
        scenario: &str,
        household: &HouseholdId,
        ranking: &[Preference],
        weighed: &[CriterionWeight],
        audit: impl FnOnce(&[Preference], &[CriterionWeight]) -> AuditEntry,
    ) -> Result<(), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        require_household(&mut transaction, id, scenario, household).await?;
        let audit = audit(
            &rankings(&mut transaction, id, Some(household)).await?,
            &criteria(&mut transaction, id, Some(household)).await?,
        );
        for table in ["household_rankings", "household_criteria"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE scenario_id = $1 AND household = $2"
            ))
            .bind(id)
            .bind(household.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("replacing a household's preferences"))?;
        }
        for preference in ranking {
            sqlx::query(
                "INSERT INTO household_rankings (scenario_id, household, municipality, rank) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(household.as_str())
            .bind(preference.municipality.as_str())
            .bind(i64::from(preference.rank()))
            .execute(&mut *transaction)
            .await
            .map_err(|source| unknown_municipality(scenario, &preference.municipality, source))?;
        }
        for weight in weighed {
            sqlx::query(
                "INSERT INTO household_criteria (scenario_id, household, criterion, weight) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(household.as_str())
            .bind(weight.criterion.to_string())
            .bind(weight.weight())
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("recording a household's criteria"))?;
        }
        insert_audit(&mut transaction, &audit).await?;
        commit(transaction).await
    }

    /// The municipality's priority groups, first prepared for first.
    pub async fn municipality_priorities(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
    ) -> Result<Vec<MunicipalityPriority>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let found = priorities(&mut transaction, id, Some(municipality)).await?;
        commit(transaction).await?;
        Ok(found)
    }

    /// Replaces the municipality's priority groups by `groups` (empty: none), with the
    /// audit entry `audit` makes of the groups replaced, read in the same transaction.
    pub async fn set_municipality_priorities(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
        groups: &[MunicipalityPriority],
        audit: impl FnOnce(&[MunicipalityPriority]) -> AuditEntry,
    ) -> Result<(), StoreError> {
        let (mut transaction, id) = self.begin_scenario_write(scenario).await?;
        let audit = audit(&priorities(&mut transaction, id, Some(municipality)).await?);
        sqlx::query(
            "DELETE FROM municipality_priorities WHERE scenario_id = $1 AND municipality = $2",
        )
        .bind(id)
        .bind(municipality.as_str())
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database(
            "replacing a municipality's priorities",
        ))?;
        for group in groups {
            sqlx::query(
                "INSERT INTO municipality_priorities (scenario_id, municipality, priority, rank) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(municipality.as_str())
            .bind(group.group.to_string())
            .bind(i64::from(group.rank()))
            .execute(&mut *transaction)
            .await
            .map_err(|source| unknown_municipality(scenario, municipality, source))?;
        }
        insert_audit(&mut transaction, &audit).await?;
        commit(transaction).await
    }
}

/// Refuses a household the scenario does not hold.
async fn require_household(
    connection: &mut AnyConnection,
    id: i64,
    scenario: &str,
    household: &HouseholdId,
) -> Result<(), StoreError> {
    let exists: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE scenario_id = $1 AND id = $2")
            .bind(id)
            .bind(household.as_str())
            .fetch_one(connection)
            .await
            .map_err(StoreError::database("reading a household"))?;
    if exists == 0 {
        return Err(StoreError::NotFound(format!(
            "household '{household}' in scenario '{scenario}'"
        )));
    }
    Ok(())
}

fn unknown_municipality(
    scenario: &str,
    municipality: &MunicipalityCode,
    source: sqlx::Error,
) -> StoreError {
    if is_foreign_key_violation(&source) {
        StoreError::UnknownMunicipality {
            scenario: scenario.to_owned(),
            municipality: municipality.to_string(),
        }
    } else {
        StoreError::database("recording preferences")(source)
    }
}

/// The rows of a scenario's preference table (`SELECT columns FROM table`), of one owner
/// (`owner_column = owner`) or of all, in `order`, each read by `read`.
struct Listing<'q> {
    table: &'static str,
    columns: &'q str,
    owner_column: &'q str,
    order: &'q str,
}

impl Listing<'_> {
    async fn read<T>(
        &self,
        connection: &mut AnyConnection,
        id: i64,
        owner: Option<&str>,
        read: impl Fn(&RowReader<'_>) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let Listing {
            table,
            columns,
            owner_column,
            order,
        } = self;
        let only = if owner.is_some() {
            format!(" AND {owner_column} = $2")
        } else {
            String::new()
        };
        let sql =
            format!("SELECT {columns} FROM {table} WHERE scenario_id = $1{only} ORDER BY {order}");
        let mut query = sqlx::query(&sql).bind(id);
        if let Some(owner) = owner {
            query = query.bind(owner);
        }
        let rows = query
            .fetch_all(connection)
            .await
            .map_err(StoreError::database("reading preferences"))?;
        rows.iter()
            .map(|row| read(&RowReader::new(row, table)))
            .collect()
    }
}

/// The scenario's rankings (of one household, or of all), by household and rank.
pub(crate) async fn rankings(
    connection: &mut AnyConnection,
    id: i64,
    household: Option<&HouseholdId>,
) -> Result<Vec<Preference>, StoreError> {
    let listing = Listing {
        table: "household_rankings",
        columns: "household, municipality, rank",
        owner_column: "household",
        order: "household, rank",
    };
    listing
        .read(connection, id, household.map(HouseholdId::as_str), |r| {
            let (household, municipality) = (r.parsed("household")?, r.parsed("municipality")?);
            r.checked(
                "rank",
                Preference::new(household, municipality, r.count("rank")?),
            )
        })
        .await
}

/// The scenario's criteria (of one household, or of all), by household and criterion.
pub(crate) async fn criteria(
    connection: &mut AnyConnection,
    id: i64,
    household: Option<&HouseholdId>,
) -> Result<Vec<CriterionWeight>, StoreError> {
    let listing = Listing {
        table: "household_criteria",
        columns: "household, criterion, weight",
        owner_column: "household",
        order: "household, criterion",
    };
    listing
        .read(connection, id, household.map(HouseholdId::as_str), |r| {
            let (household, criterion) = (r.parsed("household")?, r.parsed("criterion")?);
            r.checked(
                "weight",
                CriterionWeight::new(household, criterion, r.real("weight")?),
            )
        })
        .await
}

/// The scenario's priority groups (of one municipality, or of all), by municipality and rank.
pub(crate) async fn priorities(
    connection: &mut AnyConnection,
    id: i64,
    municipality: Option<&MunicipalityCode>,
) -> Result<Vec<MunicipalityPriority>, StoreError> {
    let listing = Listing {
        table: "municipality_priorities",
        columns: "municipality, priority, rank",
        owner_column: "municipality",
        order: "municipality, rank",
    };
    listing
        .read(
            connection,
            id,
            municipality.map(MunicipalityCode::as_str),
            |r| {
                let (municipality, group) = (r.parsed("municipality")?, r.parsed("priority")?);
                r.checked(
                    "rank",
                    MunicipalityPriority::new(municipality, group, r.count("rank")?),
                )
            },
        )
        .await
}
