//! A municipality's planning year, the read behind its dashboard and page: the most
//! frequent read of all, so it is kept in memory and checked against the database on
//! every read by one statement (its `Stamp`), never served once anything it shows changed.
//!
//! The stamp is made of counts and sums that every change the year shows increases:
//! request rounds, decisions and placement runs are only ever added, approvals only set,
//! and a dwelling is offered (one more) or edited (its version one higher; an edit never
//! moves it to another municipality, so the municipality's own dwellings are counted). Counts rather
//! than the largest id, because PostgreSQL hands out ids before commit, so a later id can
//! become visible before an earlier one. Whether the municipality takes unaccompanied
//! minors, which it may say and unsay, is in the stamp as its value. The stamp is read before the year itself: a
//! change committed in between makes the kept year newer than its stamp, never older,
//! so the next read loads it again. Processes keep their own copies and share nothing but
//! the database, which stays the only truth.

use crate::codec::RowReader;
use crate::households::state_totals;
use crate::planning::{current_decisions, decision_versions, request_rounds};
use crate::read::{meta, municipalities};
use crate::{commit, DecisionVersion, DwellingRecord, Store, StoreError};
use landa_model::{MunicipalDecision, Municipality, MunicipalityCode, RequestRound, ScenarioMeta};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a municipality's dashboard shows of its year.
#[derive(Debug, Clone)]
pub struct MunicipalityYear {
    pub meta: ScenarioMeta,
    /// `None` when the scenario has no such municipality.
    pub municipality: Option<Municipality>,
    /// Every request round, with only this municipality's requests.
    pub request_rounds: Vec<RequestRound>,
    /// The current decision of each year.
    pub decisions: Vec<MunicipalDecision>,
    /// Every version of its decisions, by year and version.
    pub decision_history: Vec<DecisionVersion>,
    /// Persons and, of them, unaccompanied minors placed here (`HouseholdCounts`).
    pub placed: (u32, u32),
    pub dwellings: Vec<DwellingRecord>,
}

/// Everything a kept year depends on; equal stamps mean an equal year.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    scenario_id: i64,
    /// Tells a re-imported scenario from the one before it, even where SQLite gives
    /// the new row the old id.
    imported_at: String,
    rounds: i64,
    decisions: i64,
    runs: i64,
    approvals: i64,
    /// Steps of households at this municipality: proposals, approvals, moves, corrections.
    household_steps: i64,
    dwellings: i64,
    dwelling_versions: i64,
    takes_minors: Option<bool>,
}

/// Years kept per process; past this the memory is cleared rather than managed, since
/// a national store has a few hundred municipalities per scenario.
const KEPT_YEARS: usize = 4096;

/// A kept year: scenario name and municipality.
type YearKey = (String, MunicipalityCode);

#[derive(Debug, Default)]
pub(crate) struct YearCache {
    years: Mutex<HashMap<YearKey, (Stamp, Arc<MunicipalityYear>)>>,
}

impl YearCache {
    fn get(
        &self,
        key: &(String, MunicipalityCode),
        stamp: &Stamp,
    ) -> Option<Arc<MunicipalityYear>> {
        let years = self
            .years
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        years
            .get(key)
            .filter(|(kept, _)| kept == stamp)
            .map(|(_, year)| Arc::clone(year))
    }

    fn put(&self, key: YearKey, stamp: Stamp, year: Arc<MunicipalityYear>) {
        let mut years = self
            .years
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if years.len() >= KEPT_YEARS {
            years.clear();
        }
        years.insert(key, (stamp, year));
    }
}

impl Store {
    /// The planning year of `municipality` in `scenario`, from memory when nothing it
    /// shows changed since it was read (one statement), else from the database.
    pub async fn municipality_year(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
    ) -> Result<Arc<MunicipalityYear>, StoreError> {
        let stamp = self.stamp(scenario, municipality).await?;
        let key = (scenario.to_owned(), municipality.clone());
        if let Some(year) = self.years.get(&key, &stamp) {
            return Ok(year);
        }
        let year = Arc::new(
            self.read_municipality_year(stamp.scenario_id, municipality)
                .await?,
        );
        self.years.put(key, stamp, Arc::clone(&year));
        Ok(year)
    }

    async fn stamp(
        &self,
        scenario: &str,
        municipality: &MunicipalityCode,
    ) -> Result<Stamp, StoreError> {
        let row = sqlx::query(
            "SELECT s.id, s.imported_at, \
             (SELECT COUNT(*) FROM request_rounds r WHERE r.scenario_id = s.id) AS rounds, \
             (SELECT COUNT(*) FROM decisions d WHERE d.scenario_id = s.id \
              AND d.municipality = $2) AS decisions, \
             (SELECT COUNT(*) FROM placement_runs p WHERE p.scenario_id = s.id) AS runs, \
             (SELECT COUNT(*) FROM placement_jobs j WHERE j.scenario_id = s.id \
              AND j.approved_at IS NOT NULL) AS approvals, \
             (SELECT COUNT(*) FROM household_events e WHERE e.scenario_id = s.id \
              AND e.municipality = $2) AS household_steps, \
             (SELECT COUNT(*) FROM dwellings w WHERE w.scenario_id = s.id \
              AND w.municipality = $2) AS dwellings, \
             (SELECT CAST(COALESCE(SUM(w.version), 0) AS BIGINT) FROM dwellings w \
              WHERE w.scenario_id = s.id AND w.municipality = $2) AS dwelling_versions, \
             (SELECT CAST(m.takes_unaccompanied_minors AS INTEGER) FROM municipalities m \
              WHERE m.scenario_id = s.id AND m.code = $2) AS takes_minors \
             FROM scenarios s WHERE s.name = $1",
        )
        .bind(scenario)
        .bind(municipality.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("checking the scenario for changes"))?
        .ok_or_else(|| StoreError::ScenarioNotFound(scenario.to_owned()))?;
        let r = RowReader::new(&row, "scenarios");
        Ok(Stamp {
            scenario_id: r.int("id")?,
            imported_at: r.text("imported_at")?,
            rounds: r.int("rounds")?,
            decisions: r.int("decisions")?,
            runs: r.int("runs")?,
            approvals: r.int("approvals")?,
            household_steps: r.int("household_steps")?,
            dwellings: r.int("dwellings")?,
            dwelling_versions: r.int("dwelling_versions")?,
            takes_minors: r.optional_flag("takes_minors")?,
        })
    }

    async fn read_municipality_year(
        &self,
        id: i64,
        code: &MunicipalityCode,
    ) -> Result<MunicipalityYear, StoreError> {
        let mut transaction = self.begin().await?;
        let placed = state_totals(&mut transaction, id, Some(code))
            .await?
            .get(code)
            .map(|totals| (totals.placed_persons, totals.placed_minors))
            .unwrap_or_default();
        let year = MunicipalityYear {
            meta: meta(&mut transaction, id).await?,
            municipality: municipalities(&mut transaction, id, Some(code))
                .await?
                .pop(),
            request_rounds: request_rounds(&mut transaction, id, Some(code)).await?,
            decisions: current_decisions(&mut transaction, id, Some(code)).await?,
            decision_history: decision_versions(&mut transaction, id, code).await?,
            placed,
            dwellings: crate::dwellings::dwelling_records(&mut transaction, id, Some(code)).await?,
        };
        commit(transaction).await?;
        Ok(year)
    }
}
