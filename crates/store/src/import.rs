//! Import of a whole scenario in one transaction.

use crate::audit::insert_audit;
use crate::batch::{BulkWrite, Cell, Table};
use crate::codec::instant_text;
use crate::error::is_unique_violation;
use crate::intake::record_registrations;
use crate::location::Placeholders;
use crate::planning::{insert_decision_version, insert_request_round};
use crate::session::{AnySession, PgSession};
use crate::{commit, AuditEntry, ImportMode, ImportSummary, ScenarioCounts, Store, StoreError};
use chrono::Utc;
use landa_model::{
    Household, HouseholdId, LanguageCode, MunicipalityCode, Person, PersonId, Scenario, Score,
    ServiceName,
};
use sqlx::Acquire;
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

/// Who recorded the decisions that arrive with an imported scenario.
pub(crate) const IMPORT_RECORDER: &str = "import";

impl Store {
    /// Stores `scenario` under its name, all or nothing: on any error the store is left
    /// exactly as it was. Decisions become version 1 of their municipality's decision.
    /// `ImportMode::Replace` refuses a stored scenario that has a history of its own
    /// (decisions registered, placement runs, answers, dwellings changed since it was
    /// imported); only `ReplaceDiscardingHistory` discards it, and `audit` says so.
    pub async fn import_scenario(
        &self,
        scenario: &Scenario,
        mode: ImportMode,
        audit: &AuditEntry,
    ) -> Result<ImportSummary, StoreError> {
        check_scenario(scenario)?;
        let replaced = match &self.postgres {
            // COPY needs a PostgreSQL connection of its own driver, which the Any pool
            // cannot give: the whole import runs on one, in one transaction.
            Some(pool) => {
                let mut connection = pool
                    .acquire()
                    .await
                    .map_err(StoreError::database("connecting to the database"))?;
                let mut transaction = connection
                    .begin()
                    .await
                    .map_err(StoreError::database("starting a transaction"))?;
                let replaced = self
                    .import_on(&mut PgSession(&mut transaction), scenario, mode, audit)
                    .await?;
                // The scenario's reads are planned at once on its real size, not on a
                // guess until autovacuum comes by (a page of households sorted the whole
                // scenario before).
                sqlx::query(
                    "ANALYZE households, household_needs, household_languages, persons, \
                     person_languages, dwellings",
                )
                .execute(&mut *transaction)
                .await
                .map_err(StoreError::database("refreshing the planner's statistics"))?;
                transaction
                    .commit()
                    .await
                    .map_err(StoreError::database("committing"))?;
                replaced
            }
            None => {
                let mut transaction = self.begin_write().await?;
                let replaced = self
                    .import_on(&mut *transaction, scenario, mode, audit)
                    .await?;
                commit(transaction).await?;
                replaced
            }
        };
        Ok(ImportSummary {
            scenario: scenario.meta.name.clone(),
            replaced,
            counts: ScenarioCounts::of(scenario),
        })
    }

    /// The import inside the caller's transaction on `connection`; true when it replaced
    /// a stored scenario.
    async fn import_on<C: BulkWrite + ?Sized>(
        &self,
        connection: &mut C,
        scenario: &Scenario,
        mode: ImportMode,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let name = &scenario.meta.name;
        // Writing first, rather than looking up first, takes SQLite's write lock at once
        // and so avoids a deadlock between two importers that both only read so far.
        let replaced = match mode {
            ImportMode::New => false,
            ImportMode::Replace | ImportMode::ReplaceDiscardingHistory => {
                if mode == ImportMode::Replace {
                    refuse_to_discard_history(connection, name).await?;
                }
                // Scores have no foreign key to cascade along (see the migrations).
                sqlx::query(
                    "DELETE FROM scores WHERE scenario_id = \
                     (SELECT id FROM scenarios WHERE name = $1)",
                )
                .bind(name.as_str())
                .execute(connection.executor())
                .await
                .map_err(StoreError::database("deleting the scores to replace"))?;
                sqlx::query("DELETE FROM scenarios WHERE name = $1")
                    .bind(name.as_str())
                    .execute(connection.executor())
                    .await
                    .map_err(StoreError::database("deleting the scenario to replace"))?
                    .rows_affected()
                    > 0
            }
        };
        let scenario_id: i64 = sqlx::query_scalar(
            "INSERT INTO scenarios (name, country, year, national_total, imported_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name.as_str())
        .bind(scenario.meta.country.code())
        .bind(i64::from(scenario.meta.year))
        .bind(scenario.meta.national_total.map(i64::from))
        .bind(instant_text(Utc::now()))
        .fetch_one(connection.executor())
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::ScenarioExists(name.clone())
            } else {
                StoreError::database("inserting the scenario")(e)
            }
        })?;
        Importer {
            connection: &mut *connection,
            placeholders: self.engine.placeholders(),
            scenario_id,
        }
        .insert_contents(scenario)
        .await?;
        record_registrations(connection, scenario_id, 0, &audit.actor).await?;
        insert_audit(connection, audit).await?;
        Ok(replaced)
    }
}

/// Refuses, with what would be lost, to replace a scenario whose history began after its
/// import: decision versions registered since, placement runs, municipalities' answers,
/// dwellings offered or changed.
async fn refuse_to_discard_history<C: AnySession + ?Sized>(
    connection: &mut C,
    name: &str,
) -> Result<(), StoreError> {
    let decisions_since = format!(
        "SELECT COUNT(*) FROM decisions d JOIN scenarios s ON s.id = d.scenario_id \
         WHERE s.name = $1 AND d.recorded_by <> '{IMPORT_RECORDER}'"
    );
    let mut kept = Vec::new();
    for (what, sql) in [
        (
            "decision versions registered since the import",
            decisions_since.as_str(),
        ),
        (
            "placement runs",
            "SELECT COUNT(*) FROM placement_jobs j JOIN scenarios s ON s.id = j.scenario_id \
             WHERE s.name = $1",
        ),
        (
            "answers to placements",
            "SELECT COUNT(*) FROM placement_responses r JOIN scenarios s ON s.id = r.scenario_id \
             WHERE s.name = $1",
        ),
        (
            "dwellings changed since the import",
            "SELECT COUNT(*) FROM dwellings w JOIN scenarios s ON s.id = w.scenario_id \
             WHERE s.name = $1 AND (w.version > 1 OR w.let_on IS NOT NULL)",
        ),
    ] {
        let n: i64 = sqlx::query_scalar(sql)
            .bind(name)
            .fetch_one(connection.executor())
            .await
            .map_err(StoreError::database("counting the scenario's history"))?;
        if n > 0 {
            kept.push(format!("{n} {what}"));
        }
    }
    if kept.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "scenario '{name}' holds {}, which replacing it would discard; import under a new \
             name, or replace and discard that history explicitly",
            kept.join(", ")
        )))
    }
}

/// Refuses what the database could store but could not give back as it came.
fn check_scenario(scenario: &Scenario) -> Result<(), StoreError> {
    check_score_references(scenario)?;
    let municipalities: HashSet<&MunicipalityCode> =
        scenario.municipalities.iter().map(|m| &m.code).collect();
    check_settled_in(&scenario.households, &municipalities)?;
    let mut decided = HashSet::new();
    for decision in &scenario.decisions {
        if !decided.insert((&decision.municipality, decision.year)) {
            return Err(StoreError::Invalid {
                what: format!(
                    "decision of municipality {} for {}",
                    decision.municipality, decision.year
                ),
                message:
                    "given twice; import one decision and record revisions with record_decision"
                        .into(),
            });
        }
    }
    Ok(())
}

/// A self-settled household settled in a municipality of the scenario: the schema keeps
/// no key on it, since a household's state names municipalities the same way.
pub(crate) fn check_settled_in(
    households: &[Household],
    municipalities: &HashSet<&MunicipalityCode>,
) -> Result<(), StoreError> {
    for household in households {
        if let Some(code) = household.intake.settled_in() {
            if !municipalities.contains(code) {
                return Err(StoreError::Invalid {
                    what: format!("household {}", household.id),
                    message: format!(
                        "settled in municipality {code}, which is not in the scenario"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Every score names a household and a municipality of the scenario, and no pair twice:
/// the schema leaves these checks to the import (see the scores table in the migrations).
fn check_score_references(scenario: &Scenario) -> Result<(), StoreError> {
    let households: HashSet<&HouseholdId> = scenario.households.iter().map(|h| &h.id).collect();
    let municipalities: HashSet<&MunicipalityCode> =
        scenario.municipalities.iter().map(|m| &m.code).collect();
    let mut pairs = HashSet::with_capacity(scenario.scores.len());
    for (index, score) in scenario.scores.iter().enumerate() {
        let problem = if !households.contains(&score.household) {
            Some(format!(
                "names household '{}', which is not in the scenario",
                score.household
            ))
        } else if !municipalities.contains(&score.municipality) {
            Some(format!(
                "names municipality {}, which is not in the scenario",
                score.municipality
            ))
        } else if !pairs.insert((&score.household, &score.municipality)) {
            Some(format!(
                "scores household '{}' in municipality {} a second time",
                score.household, score.municipality
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            return Err(StoreError::Invalid {
                what: format!("score {} of {}", index + 1, scenario.scores.len()),
                message,
            });
        }
    }
    Ok(())
}

/// Inserts the rows of one scenario inside the import's transaction.
pub(crate) struct Importer<'c, C: ?Sized> {
    pub(crate) connection: &'c mut C,
    pub(crate) placeholders: Placeholders,
    pub(crate) scenario_id: i64,
}

impl<C: BulkWrite + ?Sized> Importer<'_, C> {
    /// Boxed: an import's future is `Send` only if the compiler can see it, and it cannot
    /// see through the higher-ranked `cells` of an unboxed one.
    fn insert<'a, T: Sync, const N: usize>(
        &'a mut self,
        table: &'a Table,
        rows: &'a [T],
        cells: impl for<'q> Fn(i64, &'q T) -> [Cell<'q>; N] + Send + Sync + 'a,
    ) -> Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>> {
        Box::pin(
            self.connection
                .write_rows(self.placeholders, table, rows, cells),
        )
    }

    /// Households and their persons (with needs and languages), numbered from the given
    /// first positions: 0 in an import, after the scenario's last at an intake.
    pub(crate) async fn insert_people(
        &mut self,
        households: &[Household],
        persons: &[Person],
        first_household: i64,
        first_person: i64,
    ) -> Result<(), StoreError> {
        let id = self.scenario_id;
        self.insert(&HOUSEHOLDS, households, move |position, h| {
            [
                id.into(),
                (first_household + position).into(),
                h.id.as_str().into(),
                i64::from(h.adults()).into(),
                i64::from(h.children()).into(),
                h.is_unaccompanied_minor().into(),
                h.waiting_since.to_string().into(),
                h.tie.as_ref().map(MunicipalityCode::as_str).into(),
                h.intake.category().as_str().into(),
                h.intake.settled_in().map(MunicipalityCode::as_str).into(),
                h.permit_date.map(|day| day.to_string()).into(),
                h.intake.first_state().name().as_str().into(),
                h.intake.settled_in().map(MunicipalityCode::as_str).into(),
            ]
        })
        .await?;
        self.insert_details(households, persons, first_person).await
    }

    /// Scores numbered from `first`: 0 in an import, after the scenario's last at an intake.
    pub(crate) async fn insert_scores(
        &mut self,
        scores: &[Score],
        first: i64,
    ) -> Result<(), StoreError> {
        let id = self.scenario_id;
        self.insert(&SCORES, scores, move |position, s| {
            [
                id.into(),
                (first + position).into(),
                s.household.as_str().into(),
                s.municipality.as_str().into(),
                s.value().into(),
            ]
        })
        .await
    }

    /// The households' needs and languages, and their persons numbered from `first_person`.
    pub(crate) async fn insert_details(
        &mut self,
        households: &[Household],
        persons: &[Person],
        first_person: i64,
    ) -> Result<(), StoreError> {
        let id = self.scenario_id;
        let needs: Vec<(&HouseholdId, &ServiceName)> = households
            .iter()
            .flat_map(|h| h.needs.iter().map(move |need| (&h.id, need)))
            .collect();
        self.insert(&HOUSEHOLD_NEEDS, &needs, |_, (household, service)| {
            [
                id.into(),
                household.as_str().into(),
                service.as_str().into(),
            ]
        })
        .await?;
        let languages: Vec<(&HouseholdId, &LanguageCode)> = households
            .iter()
            .flat_map(|h| h.languages.iter().map(move |language| (&h.id, language)))
            .collect();
        self.insert(
            &HOUSEHOLD_LANGUAGES,
            &languages,
            |_, (household, language)| {
                [
                    id.into(),
                    household.as_str().into(),
                    language.as_str().into(),
                ]
            },
        )
        .await?;
        self.insert(&PERSONS, persons, move |position, p| {
            [
                id.into(),
                (first_person + position).into(),
                p.id.as_str().into(),
                p.household.as_str().into(),
                i64::from(p.birth_year).into(),
                p.sex.to_string().into(),
                p.education.to_string().into(),
            ]
        })
        .await?;
        let languages: Vec<(&PersonId, &LanguageCode)> = persons
            .iter()
            .flat_map(|p| p.languages.iter().map(move |language| (&p.id, language)))
            .collect();
        self.insert(&PERSON_LANGUAGES, &languages, |_, (person, language)| {
            [id.into(), person.as_str().into(), language.as_str().into()]
        })
        .await?;
        Ok(())
    }

    async fn insert_contents(mut self, scenario: &Scenario) -> Result<(), StoreError> {
        let id = self.scenario_id;
        self.insert(&REGIONS, &scenario.regions, |position, region| {
            [
                id.into(),
                position.into(),
                region.code.as_str().into(),
                region.name.as_str().into(),
            ]
        })
        .await?;
        self.insert(&MUNICIPALITIES, &scenario.municipalities, |position, m| {
            [
                id.into(),
                position.into(),
                m.code.as_str().into(),
                m.name.as_str().into(),
                m.region.as_str().into(),
                m.population.map(i64::from).into(),
                m.employment_rate().into(),
                m.reception_per_1000().into(),
                m.housing_market.map(|h| h.as_str()).into(),
                m.takes_unaccompanied_minors.into(),
                m.language_form.map(|l| l.as_str()).into(),
                m.introduction_result_rate().into(),
                m.upper_secondary_places.map(i64::from).into(),
            ]
        })
        .await?;
        self.insert_people(&scenario.households, &scenario.persons, 0, 0)
            .await?;
        self.insert(&CAPACITIES, &scenario.capacities, |position, c| {
            [
                id.into(),
                position.into(),
                c.municipality.as_str().into(),
                i64::from(c.persons()).into(),
                i64::from(c.unaccompanied_minors()).into(),
            ]
        })
        .await?;
        let services: Vec<(&MunicipalityCode, &ServiceName, u32)> = scenario
            .capacities
            .iter()
            .flat_map(|c| {
                c.services
                    .iter()
                    .map(move |(service, households)| (&c.municipality, service, *households))
            })
            .collect();
        self.insert(
            &CAPACITY_SERVICES,
            &services,
            |_, (municipality, service, households)| {
                [
                    id.into(),
                    municipality.as_str().into(),
                    service.as_str().into(),
                    i64::from(*households).into(),
                ]
            },
        )
        .await?;
        self.insert(&DWELLINGS, &scenario.dwellings, |position, d| {
            [
                id.into(),
                position.into(),
                d.id.as_str().into(),
                d.municipality.as_str().into(),
                i64::from(d.beds()).into(),
                d.available_from.to_string().into(),
                d.accessible.into(),
                d.contract.to_string().into(),
                d.rent.map(i64::from).into(),
                d.passes_over_on().map(|day| day.to_string()).into(),
                d.offered_by.clone().into(),
                d.address().map(str::to_owned).into(),
            ]
        })
        .await?;
        self.insert_scores(&scenario.scores, 0).await?;
        self.insert(&HOUSEHOLD_RANKINGS, &scenario.preferences, |_, p| {
            [
                id.into(),
                p.household.as_str().into(),
                p.municipality.as_str().into(),
                i64::from(p.rank()).into(),
            ]
        })
        .await?;
        let weighed: Vec<(&HouseholdId, String, f64)> = scenario
            .criteria
            .iter()
            .map(|c| (&c.household, c.criterion.to_string(), c.weight()))
            .collect();
        self.insert(
            &HOUSEHOLD_CRITERIA,
            &weighed,
            |_, (household, criterion, weight)| {
                [
                    id.into(),
                    household.as_str().into(),
                    criterion.as_str().into(),
                    (*weight).into(),
                ]
            },
        )
        .await?;
        let groups: Vec<(&MunicipalityCode, String, u32)> = scenario
            .priorities
            .iter()
            .map(|p| (&p.municipality, p.group.to_string(), p.rank()))
            .collect();
        self.insert(
            &MUNICIPALITY_PRIORITIES,
            &groups,
            |_, (municipality, group, rank)| {
                [
                    id.into(),
                    municipality.as_str().into(),
                    group.as_str().into(),
                    i64::from(*rank).into(),
                ]
            },
        )
        .await?;
        for round in &scenario.request_rounds {
            insert_request_round(
                self.connection,
                self.placeholders,
                id,
                &scenario.meta.name,
                round,
            )
            .await?;
        }
        let recorded_at = Utc::now();
        for decision in &scenario.decisions {
            insert_decision_version(
                self.connection,
                id,
                decision,
                recorded_at,
                IMPORT_RECORDER,
                None,
            )
            .await?;
        }
        Ok(())
    }
}

const REGIONS: Table = Table {
    name: "regions",
    columns: &["scenario_id", "position", "code", "name"],
    insert_action: "inserting regions",
};
const MUNICIPALITIES: Table = Table {
    name: "municipalities",
    columns: &[
        "scenario_id",
        "position",
        "code",
        "name",
        "region",
        "population",
        "employment_rate",
        "reception_per_1000",
        "housing_market",
        "takes_unaccompanied_minors",
        "language_form",
        "introduction_result_rate",
        "upper_secondary_places",
    ],
    insert_action: "inserting municipalities",
};
const HOUSEHOLDS: Table = Table {
    name: "households",
    columns: &[
        "scenario_id",
        "position",
        "id",
        "adults",
        "children",
        "unaccompanied_minor",
        "waiting_since",
        "tie",
        "intake_category",
        "settled_in",
        "permit_date",
        "state",
        "state_municipality",
    ],
    insert_action: "inserting households",
};
const HOUSEHOLD_NEEDS: Table = Table {
    name: "household_needs",
    columns: &["scenario_id", "household", "service"],
    insert_action: "inserting households' needs",
};
const HOUSEHOLD_LANGUAGES: Table = Table {
    name: "household_languages",
    columns: &["scenario_id", "household", "language"],
    insert_action: "inserting households' languages",
};
const PERSONS: Table = Table {
    name: "persons",
    columns: &[
        "scenario_id",
        "position",
        "id",
        "household",
        "birth_year",
        "sex",
        "education",
    ],
    insert_action: "inserting persons",
};
const PERSON_LANGUAGES: Table = Table {
    name: "person_languages",
    columns: &["scenario_id", "person", "language"],
    insert_action: "inserting persons' languages",
};
const CAPACITIES: Table = Table {
    name: "capacities",
    columns: &[
        "scenario_id",
        "position",
        "municipality",
        "persons",
        "unaccompanied_minors",
    ],
    insert_action: "inserting capacities",
};
const CAPACITY_SERVICES: Table = Table {
    name: "capacity_services",
    columns: &["scenario_id", "municipality", "service", "households"],
    insert_action: "inserting service capacities",
};
const DWELLINGS: Table = Table {
    name: "dwellings",
    columns: &[
        "scenario_id",
        "position",
        "id",
        "municipality",
        "beds",
        "available_from",
        "accessible",
        "contract",
        "rent",
        "passes_over_on",
        "offered_by",
        "address",
    ],
    insert_action: "inserting dwellings",
};
const SCORES: Table = Table {
    name: "scores",
    columns: &[
        "scenario_id",
        "position",
        "household",
        "municipality",
        "value",
    ],
    insert_action: "inserting scores",
};
const HOUSEHOLD_RANKINGS: Table = Table {
    name: "household_rankings",
    columns: &["scenario_id", "household", "municipality", "rank"],
    insert_action: "inserting households' rankings",
};
const MUNICIPALITY_PRIORITIES: Table = Table {
    name: "municipality_priorities",
    columns: &["scenario_id", "municipality", "priority", "rank"],
    insert_action: "inserting municipalities' priorities",
};
const HOUSEHOLD_CRITERIA: Table = Table {
    name: "household_criteria",
    columns: &["scenario_id", "household", "criterion", "weight"],
    insert_action: "inserting households' criteria",
};
