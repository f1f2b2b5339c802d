//! Reading scenarios back.

use crate::codec::RowReader;
use crate::planning::{current_decisions, request_rounds};
use crate::{commit, scenario_id, ScenarioCounts, ScenarioSummary, Store, StoreError};
use landa_model::{
    Capacity, Dwelling, Household, Intake, Municipality, MunicipalityCode, Person, Region,
    Scenario, ScenarioMeta, Score,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::hash::Hash;

/// A region or municipality as its latest year holds it (`Store::jurisdiction`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jurisdiction {
    pub name: String,
    /// A municipality's administrative language form, where its year says.
    pub language_form: Option<landa_model::LanguageForm>,
}

impl Store {
    /// Every stored scenario with the number of each kind it holds, by name.
    pub async fn scenarios(&self) -> Result<Vec<ScenarioSummary>, StoreError> {
        let count = |table: &str, condition: &str| {
            format!(
                "(SELECT COUNT(*) FROM {table} t WHERE t.scenario_id = s.id{condition}) AS {table}"
            )
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
                    name: r.text("name")?,
                    country: r.parsed("country")?,
                    year: r.count("year")?,
                    national_total: r.optional_count("national_total")?,
                    counts: ScenarioCounts {
                        regions: r.count("regions")?,
                        municipalities: r.count("municipalities")?,
                        households: r.count("households")?,
                        persons: r.count("persons")?,
                        capacities: r.count("capacities")?,
                        dwellings: r.count("dwellings")?,
                        scores: r.count("scores")?,
                        request_rounds: r.count("request_rounds")?,
                        decisions: r.count("decisions")?,
                    },
                    placement_runs: r.count("placement_runs")?,
                })
            })
            .collect()
    }

    /// A region (`municipality` false) or municipality of `country` as its latest year
    /// holds it: its name, so that a page's header says "Falun", not "2080", and a
    /// municipality's administrative language form; None when no year holds the code.
    pub async fn jurisdiction(
        &self,
        country: landa_model::Country,
        municipality: bool,
        code: &str,
    ) -> Result<Option<Jurisdiction>, StoreError> {
        let (table, language_form) = if municipality {
            ("municipalities", "t.language_form")
        } else {
            ("regions", "NULL")
        };
        let sql = format!(
            "SELECT t.name, {language_form} AS language_form FROM {table} t \
             JOIN scenarios s ON s.id = t.scenario_id \
             WHERE s.country = $1 AND t.code = $2 ORDER BY s.year DESC, s.id DESC LIMIT 1"
        );
        let row = sqlx::query(&sql)
            .bind(country.code())
            .bind(code)
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::database("reading a jurisdiction"))?;
        row.map(|row| {
            let r = RowReader::new(&row, table);
            Ok(Jurisdiction {
                name: r.text("name")?,
                language_form: r.optional_parsed("language_form")?,
            })
        })
        .transpose()
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
            municipalities: municipalities(connection, id, None).await?,
            households: households(connection, id).await?,
            persons: persons(connection, id).await?,
            capacities: capacities(connection, id).await?,
            dwellings: dwellings(connection, id).await?,
            scores: scores(connection, id).await?,
            request_rounds: request_rounds(connection, id, None).await?,
            decisions: current_decisions(connection, id, None).await?,
            preferences: crate::preferences::rankings(connection, id, None).await?,
            priorities: crate::preferences::priorities(connection, id, None).await?,
            criteria: crate::preferences::criteria(connection, id, None).await?,
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
        name: r.text("name")?,
        country: r.parsed("country")?,
        year: r.count("year")?,
        national_total: r.optional_count("national_total")?,
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
                code: r.parsed("code")?,
                name: r.text("name")?,
            })
        },
    )
    .await
}

/// The scenario's municipalities in import order; with `only`, that one.
pub(crate) async fn municipalities(
    connection: &mut AnyConnection,
    id: i64,
    only: Option<&MunicipalityCode>,
) -> Result<Vec<Municipality>, StoreError> {
    let rows = sqlx::query(
        "SELECT code, name, region, population, employment_rate, reception_per_1000, \
         housing_market, CAST(takes_unaccompanied_minors AS INTEGER) AS takes_unaccompanied_minors, \
         language_form, introduction_result_rate, upper_secondary_places \
         FROM municipalities WHERE scenario_id = $1 \
         AND (CAST($2 AS TEXT) IS NULL OR code = $2) ORDER BY position",
    )
    .bind(id)
    .bind(only.map(MunicipalityCode::as_str))
    .fetch_all(connection)
    .await
    .map_err(StoreError::database("reading municipalities"))?;
    rows.iter()
        .map(|row| {
            let r = RowReader::new(row, "municipalities");
            let mut municipality =
                Municipality::new(r.parsed("code")?, r.text("name")?, r.parsed("region")?)
                    .with_population(r.optional_count("population")?)
                    .with_housing_market(r.optional_parsed("housing_market")?)
                    .with_unaccompanied_minors(r.optional_flag("takes_unaccompanied_minors")?)
                    .with_language_form(r.optional_parsed("language_form")?)
                    .with_upper_secondary_places(r.optional_count("upper_secondary_places")?);
            r.checked(
                "introduction_result_rate",
                municipality
                    .set_introduction_result_rate(r.optional_real("introduction_result_rate")?),
            )?;
            r.checked(
                "employment_rate",
                municipality.set_employment_rate(r.optional_real("employment_rate")?),
            )?;
            r.checked(
                "reception_per_1000",
                municipality.set_reception_per_1000(r.optional_real("reception_per_1000")?),
            )?;
            Ok(municipality)
        })
        .collect()
}

pub(crate) async fn households(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Vec<Household>, StoreError> {
    let mut households = fetch_each(
        connection,
        id,
        "households",
        "SELECT id, adults, children, CAST(unaccompanied_minor AS INTEGER) AS unaccompanied_minor, \
         waiting_since, tie, intake_category, settled_in, permit_date \
         FROM households WHERE scenario_id = $1 ORDER BY position",
        household_of_row,
    )
    .await?;
    let needs = fetch_each(
        connection,
        id,
        "household_needs",
        "SELECT household, service FROM household_needs WHERE scenario_id = $1",
        |r| Ok((r.parsed("household")?, r.parsed("service")?)),
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
        |r| Ok((r.parsed("household")?, r.parsed("language")?)),
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

/// A household from a row of its columns (`id`, `adults`, `children`,
/// `unaccompanied_minor`, `waiting_since`, `tie`, `intake_category`, `settled_in`,
/// `permit_date`), without needs and languages.
pub(crate) fn household_of_row(r: &RowReader<'_>) -> Result<Household, StoreError> {
    let mut household = Household::new(
        r.parsed("id")?,
        r.count("adults")?,
        r.count("children")?,
        r.flag("unaccompanied_minor")?,
        r.parsed("waiting_since")?,
    )
    .map_err(|e| StoreError::Corrupt {
        what: "households".into(),
        message: e.to_string(),
    })?;
    household.tie = r.optional_parsed("tie")?;
    household.intake = r.checked(
        "intake_category",
        Intake::new(
            r.parsed("intake_category")?,
            r.optional_parsed("settled_in")?,
        ),
    )?;
    household.permit_date = r.optional_parsed("permit_date")?;
    Ok(household)
}

/// A person from a row of its columns, without languages.
pub(crate) fn person_of_row(r: &RowReader<'_>) -> Result<Person, StoreError> {
    Ok(Person {
        id: r.parsed("id")?,
        household: r.parsed("household")?,
        birth_year: r.count("birth_year")?,
        sex: r.parsed("sex")?,
        education: r.parsed("education")?,
        languages: Default::default(),
    })
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
        person_of_row,
    )
    .await?;
    let languages = fetch_each(
        connection,
        id,
        "person_languages",
        "SELECT person, language FROM person_languages WHERE scenario_id = $1",
        |r| Ok((r.parsed("person")?, r.parsed("language")?)),
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
            Capacity::new(
                r.parsed("municipality")?,
                r.count("persons")?,
                r.count("unaccompanied_minors")?,
            )
            .map_err(|e| StoreError::Corrupt {
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
        |r| {
            Ok((
                r.parsed("municipality")?,
                (r.parsed("service")?, r.count("households")?),
            ))
        },
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
            Score::new(
                r.parsed("household")?,
                r.parsed("municipality")?,
                r.real("value")?,
            )
            .map_err(|e| StoreError::Corrupt {
                what: "scores".into(),
                message: e.to_string(),
            })
        },
    )
    .await
}
