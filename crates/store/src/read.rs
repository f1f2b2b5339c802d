//! Reading scenarios back.

use crate::codec::RowReader;
use crate::planning::{current_decisions, request_rounds};
use crate::{commit, scenario_id, ScenarioCounts, ScenarioSummary, Store, StoreError};
use landa_model::{
    Capacity, Dwelling, Household, Municipality, Person, Region, Scenario, ScenarioMeta, Score,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::hash::Hash;

impl Store {
    /// Every stored scenario with the number of each kind it holds, by name.
    pub async fn scenarios(&self) -> Result<Vec<ScenarioSummary>, StoreError> {
        let count = |table: &str, condition: &str| {
            format!("(SELECT COUNT(*) FROM {table} t WHERE t.scenario_id = s.id{condition})")
        };
        let sql = format!(
            "SELECT s.name, s.country, s.year, s.national_total, {}, {}, {}, {}, {}, {}, {}, {}, {}, {} \
             FROM scenarios s ORDER BY s.name",
            count("regions", ""),
            count("municipalities", ""),
            count("households", ""),
            count("persons", ""),
            count("capacities", ""),
            count("dwellings", ""),
            count("scores", ""),
            count("request_rounds", ""),
            // Every decision has exactly one first version.
            count("decisions", " AND t.version = 1"),
            count("placement_runs", ""),
        );
        let rows = sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::database("listing scenarios"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "scenarios");
                Ok(ScenarioSummary {
                    name: r.text(0)?,
                    country: r.parsed(1)?,
                    year: r.count(2)?,
                    national_total: r.optional_count(3)?,
                    counts: ScenarioCounts {
                        regions: r.count(4)?,
                        municipalities: r.count(5)?,
                        households: r.count(6)?,
                        persons: r.count(7)?,
                        capacities: r.count(8)?,
                        dwellings: r.count(9)?,
                        scores: r.count(10)?,
                        request_rounds: r.count(11)?,
                        decisions: r.count(12)?,
                    },
                    placement_runs: r.count(13)?,
                })
            })
            .collect()
    }

    /// The scenario named `name` as it was imported, with the request rounds added since
    /// and the latest version of each decision.
    /// Name, country, year and national total of a scenario, without its contents.
    pub async fn scenario_meta(&self, name: &str) -> Result<ScenarioMeta, StoreError> {
        let mut connection = self
            .pool
            .acquire()
            .await
            .map_err(StoreError::database("connecting to the database"))?;
        let id = scenario_id(&mut connection, name).await?;
        meta(&mut connection, id).await
    }

    pub async fn load_scenario(&self, name: &str) -> Result<Scenario, StoreError> {
        // One transaction, so that every part is read from the same state.
        let mut transaction = self.begin().await?;
        let connection: &mut AnyConnection = &mut transaction;
        let id = scenario_id(connection, name).await?;
        let scenario = Scenario {
            meta: meta(connection, id).await?,
            regions: regions(connection, id).await?,
            municipalities: municipalities(connection, id).await?,
            households: households(connection, id).await?,
            persons: persons(connection, id).await?,
            capacities: capacities(connection, id).await?,
            dwellings: dwellings(connection, id).await?,
            scores: scores(connection, id).await?,
            request_rounds: request_rounds(connection, id, None).await?,
            decisions: current_decisions(connection, id, None).await?,
        };
        commit(transaction).await?;
        Ok(scenario)
    }
}

/// Runs `sql` with the scenario id as `$1` and turns each row into a value.
pub(crate) async fn meta(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<ScenarioMeta, StoreError> {
    let row =
        sqlx::query("SELECT name, country, year, national_total FROM scenarios WHERE id = $1")
            .bind(id)
            .fetch_one(connection)
            .await
            .map_err(StoreError::database("reading the scenario"))?;
    let r = RowReader::new(&row, "scenarios");
    Ok(ScenarioMeta {
        name: r.text(0)?,
        country: r.parsed(1)?,
        year: r.count(2)?,
        national_total: r.optional_count(3)?,
    })
}

async fn fetch_each<T>(
    connection: &mut AnyConnection,
    scenario_id: i64,
    table: &'static str,
    sql: &str,
    read: impl Fn(&RowReader<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let rows: Vec<AnyRow> = sqlx::query(sql)
        .bind(scenario_id)
        .fetch_all(connection)
        .await
        .map_err(|source| StoreError::Database {
            action: "reading a scenario",
            source,
        })?;
    rows.iter()
        .map(|row| read(&RowReader::new(row, table)))
        .collect()
}

/// Adds the (key, item) pairs of a detail table to the rows they belong to, found by key.
fn attach<K, Row, Item>(
    rows: &mut [Row],
    key_of: impl Fn(&Row) -> &K,
    details: Vec<(K, Item)>,
    table: &'static str,
    mut add: impl FnMut(&mut Row, Item),
) -> Result<(), StoreError>
where
    K: Eq + Hash + std::fmt::Display,
{
    let index: HashMap<&K, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| (key_of(row), i))
        .collect();
    let positions: Vec<(usize, Item)> = details
        .into_iter()
        .map(|(key, item)| match index.get(&key) {
            Some(&i) => Ok((i, item)),
            None => Err(StoreError::Corrupt {
                what: table.into(),
                message: format!("{key} is not in this scenario"),
            }),
        })
        .collect::<Result<_, _>>()?;
    for (i, item) in positions {
        if let Some(row) = rows.get_mut(i) {
            add(row, item);
        }
    }
    Ok(())
}

pub(crate) async fn regions(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Vec<Region>, StoreError> {
    fetch_each(
        connection,
        id,
        "regions",
        "SELECT code, name FROM regions WHERE scenario_id = $1 ORDER BY position",
        |r| {
            Ok(Region {
                code: r.parsed(0)?,
                name: r.text(1)?,
            })
        },
    )
    .await
}

pub(crate) async fn municipalities(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Vec<Municipality>, StoreError> {
    fetch_each(
        connection,
        id,
        "municipalities",
        "SELECT code, name, region, population, employment_rate, reception_per_1000, \
         housing_market FROM municipalities WHERE scenario_id = $1 ORDER BY position",
        |r| {
            Ok(Municipality {
                code: r.parsed(0)?,
                name: r.text(1)?,
                region: r.parsed(2)?,
                population: r.optional_count(3)?,
                employment_rate: r.optional_real(4)?,
                reception_per_1000: r.optional_real(5)?,
                housing_market: r.optional_parsed(6)?,
            })
        },
    )
    .await
}

pub(crate) async fn households(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Vec<Household>, StoreError> {
    let mut households = fetch_each(
        connection,
        id,
        "households",
        "SELECT id, adults, children, CAST(unaccompanied_minor AS INTEGER), waiting_since, tie \
         FROM households WHERE scenario_id = $1 ORDER BY position",
        |r| {
            let mut household = Household::new(
                r.parsed(0)?,
                r.count(1)?,
                r.count(2)?,
                r.flag(3)?,
                r.parsed(4)?,
            )
            .map_err(|e| StoreError::Corrupt {
                what: "households".into(),
                message: e.to_string(),
            })?;
            household.tie = r.optional_parsed(5)?;
            Ok(household)
        },
    )
    .await?;
    let needs = fetch_each(
        connection,
        id,
        "household_needs",
        "SELECT household, service FROM household_needs WHERE scenario_id = $1",
        |r| Ok((r.parsed(0)?, r.parsed(1)?)),
    )
    .await?;
    attach(
        &mut households,
        |h| &h.id,
        needs,
        "household_needs",
        |h, need| {
            h.needs.insert(need);
        },
    )?;
    let languages = fetch_each(
        connection,
        id,
        "household_languages",
        "SELECT household, language FROM household_languages WHERE scenario_id = $1",
        |r| Ok((r.parsed(0)?, r.parsed(1)?)),
    )
    .await?;
    attach(
        &mut households,
        |h| &h.id,
        languages,
        "household_languages",
        |h, language| {
            h.languages.insert(language);
        },
    )?;
    Ok(households)
}

pub(crate) async fn persons(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Vec<Person>, StoreError> {
    let mut persons = fetch_each(
        connection,
        id,
        "persons",
        "SELECT id, household, birth_year, sex, education FROM persons \
         WHERE scenario_id = $1 ORDER BY position",
        |r| {
            Ok(Person {
                id: r.parsed(0)?,
                household: r.parsed(1)?,
                birth_year: r.count(2)?,
                sex: r.parsed(3)?,
                education: r.parsed(4)?,
                languages: Default::default(),
            })
        },
    )
    .await?;
    let languages = fetch_each(
        connection,
        id,
        "person_languages",
        "SELECT person, language FROM person_languages WHERE scenario_id = $1",
        |r| Ok((r.parsed(0)?, r.parsed(1)?)),
    )
    .await?;
    attach(
        &mut persons,
        |p| &p.id,
        languages,
        "person_languages",
        |p, language| {
            p.languages.insert(language);
        },
    )?;
    Ok(persons)
}

async fn capacities(connection: &mut AnyConnection, id: i64) -> Result<Vec<Capacity>, StoreError> {
    let mut capacities = fetch_each(
        connection,
        id,
        "capacities",
        "SELECT municipality, persons, unaccompanied_minors FROM capacities \
         WHERE scenario_id = $1 ORDER BY position",
        |r| {
            Capacity::new(r.parsed(0)?, r.count(1)?, r.count(2)?).map_err(|e| StoreError::Corrupt {
                what: "capacities".into(),
                message: e.to_string(),
            })
        },
    )
    .await?;
    let services = fetch_each(
        connection,
        id,
        "capacity_services",
        "SELECT municipality, service, households FROM capacity_services WHERE scenario_id = $1",
        |r| Ok((r.parsed(0)?, (r.parsed(1)?, r.count(2)?))),
    )
    .await?;
    attach(
        &mut capacities,
        |c| &c.municipality,
        services,
        "capacity_services",
        |c, (service, households)| {
            c.services.insert(service, households);
        },
    )?;
    Ok(capacities)
}

async fn dwellings(connection: &mut AnyConnection, id: i64) -> Result<Vec<Dwelling>, StoreError> {
    let records = crate::dwellings::dwelling_records(connection, id, None).await?;
    Ok(records.into_iter().map(|record| record.dwelling).collect())
}

async fn scores(connection: &mut AnyConnection, id: i64) -> Result<Vec<Score>, StoreError> {
    fetch_each(
        connection,
        id,
        "scores",
        "SELECT household, municipality, value FROM scores WHERE scenario_id = $1 \
         ORDER BY position",
        |r| {
            Score::new(r.parsed(0)?, r.parsed(1)?, r.real(2)?).map_err(|e| StoreError::Corrupt {
                what: "scores".into(),
                message: e.to_string(),
            })
        },
    )
    .await
}
