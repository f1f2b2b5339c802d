//! What the service reads most: a scenario's planning state without its bulk (households,
//! scores), and households with their persons scoped to the municipality that may see them.

use crate::codec::RowReader;
use crate::planning::{current_decisions, request_rounds};
use crate::read::{households, meta, municipalities, persons, regions};
use crate::{commit, scenario_id, Store, StoreError};
use landa_model::{
    Household, MunicipalDecision, Municipality, MunicipalityCode, Person, Region, RequestRound,
    ScenarioMeta,
};
use std::collections::{BTreeMap, HashMap};

/// A scenario's planning state: geography, request rounds, current decisions and how
/// many persons have been placed where.
#[derive(Debug, Clone)]
pub struct PlanningView {
    pub meta: ScenarioMeta,
    pub regions: Vec<Region>,
    pub municipalities: Vec<Municipality>,
    pub request_rounds: Vec<RequestRound>,
    pub decisions: Vec<MunicipalDecision>,
    /// Persons and, of them, unaccompanied minors placed per municipality (see `placed_counts`).
    pub placed: BTreeMap<MunicipalityCode, (u32, u32)>,
}

/// A household with its members and where placement runs put it.
#[derive(Debug, Clone)]
pub struct HouseholdRecord {
    pub household: Household,
    pub persons: Vec<Person>,
    /// The municipality of the latest placement run, if it placed the household.
    pub proposed_to: Option<MunicipalityCode>,
    /// The municipality of the latest approved run, if it placed the household.
    pub placed_in: Option<MunicipalityCode>,
}

/// The run that counts as "placed": the latest approved one, or, where none was approved
/// (runs saved by the command line are not), the latest run.
const PLACED_RUN: &str = "COALESCE(\
     (SELECT MAX(run_id) FROM placement_jobs WHERE scenario_id = $1 AND approved_at IS NOT NULL), \
     (SELECT MAX(id) FROM placement_runs WHERE scenario_id = $1))";
const APPROVED_RUN: &str =
    "(SELECT MAX(run_id) FROM placement_jobs WHERE scenario_id = $1 AND approved_at IS NOT NULL)";
const LATEST_RUN: &str = "(SELECT MAX(id) FROM placement_runs WHERE scenario_id = $1)";

impl Store {
    /// The planning state of a scenario, read in one transaction; with `only`, of that
    /// one municipality (its row, requests, decisions and placements; all regions), which
    /// is what a municipality's own pages need and much less to read.
    pub async fn planning_view(
        &self,
        scenario: &str,
        only: Option<&MunicipalityCode>,
    ) -> Result<PlanningView, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let rows = sqlx::query(&format!(
            "SELECT p.municipality, CAST(SUM(h.adults + h.children) AS BIGINT), \
             CAST(SUM(CASE WHEN h.unaccompanied_minor THEN h.adults + h.children ELSE 0 END) \
             AS BIGINT) \
             FROM placements p JOIN households h \
             ON h.scenario_id = p.scenario_id AND h.id = p.household \
             WHERE p.run_id = {PLACED_RUN} AND (CAST($2 AS TEXT) IS NULL OR p.municipality = $2) \
             GROUP BY p.municipality"
        ))
        .bind(id)
        .bind(only.map(MunicipalityCode::as_str))
        .fetch_all(&mut *transaction)
        .await
        .map_err(StoreError::database("counting placed persons"))?;
        let placed = rows
            .iter()
            .map(|row| {
                let r = RowReader::new(row, "placements");
                Ok((r.parsed(0)?, (r.count(1)?, r.count(2)?)))
            })
            .collect::<Result<_, StoreError>>()?;
        let view = PlanningView {
            meta: meta(&mut transaction, id).await?,
            regions: regions(&mut transaction, id).await?,
            municipalities: municipalities(&mut transaction, id)
                .await?
                .into_iter()
                .filter(|m| only.is_none_or(|code| &m.code == code))
                .collect(),
            request_rounds: request_rounds(&mut transaction, id, only).await?,
            decisions: current_decisions(&mut transaction, id, only).await?,
            placed,
        };
        commit(transaction).await?;
        Ok(view)
    }

    /// Households with their persons, in import order: all of them, or with
    /// `visible_to`, only those proposed to or placed in that municipality.
    pub async fn household_records(
        &self,
        scenario: &str,
        visible_to: Option<&MunicipalityCode>,
    ) -> Result<Vec<HouseholdRecord>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let mut proposed = run_municipalities(&mut transaction, id, LATEST_RUN).await?;
        let mut placed = run_municipalities(&mut transaction, id, APPROVED_RUN).await?;
        let mut members: HashMap<_, Vec<Person>> = HashMap::new();
        for person in persons(&mut transaction, id).await? {
            members
                .entry(person.household.clone())
                .or_default()
                .push(person);
        }
        let records = households(&mut transaction, id)
            .await?
            .into_iter()
            .map(|household| HouseholdRecord {
                persons: members.remove(&household.id).unwrap_or_default(),
                proposed_to: proposed.remove(household.id.as_str()),
                placed_in: placed.remove(household.id.as_str()),
                household,
            })
            .filter(|record| {
                visible_to.is_none_or(|code| {
                    record.proposed_to.as_ref() == Some(code)
                        || record.placed_in.as_ref() == Some(code)
                })
            })
            .collect();
        commit(transaction).await?;
        Ok(records)
    }
}

/// Household id → municipality in the run chosen by `run` (a scalar subquery on `$1`).
async fn run_municipalities(
    connection: &mut sqlx::AnyConnection,
    scenario_id: i64,
    run: &str,
) -> Result<HashMap<String, MunicipalityCode>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT household, municipality FROM placements WHERE run_id = {run}"
    ))
    .bind(scenario_id)
    .fetch_all(connection)
    .await
    .map_err(StoreError::database("reading placements"))?;
    rows.iter()
        .map(|row| {
            let r = RowReader::new(row, "placements");
            Ok((r.text(0)?, r.parsed(1)?))
        })
        .collect()
}
