//! What the service reads most: a scenario's planning state without its bulk (households,
//! scores).

use crate::households::state_totals;
use crate::planning::{current_decisions, request_rounds};
use crate::read::{meta, municipalities, regions};
use crate::{commit, scenario_id, Store, StoreError};
use landa_model::{
    MunicipalDecision, Municipality, MunicipalityCode, Region, RequestRound, ScenarioMeta,
};
use std::collections::BTreeMap;

/// A scenario's planning state: geography, request rounds, current decisions and how
/// many persons have been placed where.
#[derive(Debug, Clone)]
pub struct PlanningView {
    pub meta: ScenarioMeta,
    pub regions: Vec<Region>,
    pub municipalities: Vec<Municipality>,
    pub request_rounds: Vec<RequestRound>,
    pub decisions: Vec<MunicipalDecision>,
    /// Persons and, of them, unaccompanied minors placed per municipality
    /// (`HouseholdCounts`: approved, moved in, moved on, or self-settled).
    pub placed: BTreeMap<MunicipalityCode, (u32, u32)>,
}

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
        let placed = state_totals(&mut transaction, id, only)
            .await?
            .into_iter()
            .map(|(code, totals)| (code, (totals.placed_persons, totals.placed_minors)))
            .collect();
        let view = PlanningView {
            meta: meta(&mut transaction, id).await?,
            regions: regions(&mut transaction, id).await?,
            municipalities: municipalities(&mut transaction, id, only).await?,
            request_rounds: request_rounds(&mut transaction, id, only).await?,
            decisions: current_decisions(&mut transaction, id, only).await?,
            placed,
        };
        commit(transaction).await?;
        Ok(view)
    }

    /// The scenario's municipalities in import order, without the rest of its planning state.
    pub async fn municipalities(&self, scenario: &str) -> Result<Vec<Municipality>, StoreError> {
        let mut transaction = self.begin().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let municipalities = municipalities(&mut transaction, id, None).await?;
        commit(transaction).await?;
        Ok(municipalities)
    }
}
