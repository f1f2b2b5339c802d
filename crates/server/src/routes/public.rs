//! Public aggregates, for anyone without logging in. Every count between 1 and 4 is
//! shown as "<5" so that no individual can be singled out.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Path, Query};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use landa_quota::GapTotals;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Counts from 1 to 4 are suppressed.
pub const SUPPRESSED_BELOW: u64 = 5;

/// A count as published: the number, or "<5" when it is between 1 and 4.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PublicCount {
    Exact(u64),
    /// Always "<5".
    Suppressed(String),
}

impl PublicCount {
    pub fn of(count: u64) -> PublicCount {
        if (1..SUPPRESSED_BELOW).contains(&count) {
            PublicCount::Suppressed(format!("<{SUPPRESSED_BELOW}"))
        } else {
            PublicCount::Exact(count)
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicScenario {
    pub name: String,
    pub country: String,
    pub year: i32,
}

/// The planning years published.
#[utoipa::path(get, path = "/public/scenarios", tag = "public",
    responses((status = 200, body = Vec<PublicScenario>)))]
pub async fn scenarios(State(state): State<AppState>) -> ApiResult<Json<Vec<PublicScenario>>> {
    Ok(Json(
        state
            .store
            .scenarios()
            .await?
            .into_iter()
            .map(|s| PublicScenario {
                name: s.name,
                country: s.country.code().to_owned(),
                year: s.year,
            })
            .collect(),
    ))
}

/// One municipality's, region's or the nation's figures for the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicFigures {
    /// Municipality or region code; empty for the nation.
    pub code: String,
    pub name: String,
    pub requested: PublicCount,
    pub decided: PublicCount,
    pub placed: PublicCount,
    pub placed_unaccompanied_minors: PublicCount,
    /// For a municipality 1 when it has registered no decision (vedtak) yet.
    pub municipalities_without_decision: PublicCount,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    /// A region code: that region's municipalities, then the region's total.
    pub region: Option<String>,
}

/// Requested, decided and placed per region and for the nation, or per municipality of
/// one region, small counts suppressed.
#[utoipa::path(get, path = "/public/scenarios/{scenario}/summary", tag = "public",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           SummaryQuery),
    responses((status = 200, body = Vec<PublicFigures>), (status = 404, body = crate::ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    Path(scenario): Path<String>,
    Query(query): Query<SummaryQuery>,
) -> ApiResult<Json<Vec<PublicFigures>>> {
    Ok(Json(
        summary_rows(&state, &scenario, query.region.as_deref()).await?,
    ))
}

fn figures(code: String, name: String, t: &GapTotals) -> PublicFigures {
    PublicFigures {
        code,
        name,
        requested: PublicCount::of(t.requested.persons),
        decided: PublicCount::of(t.decided.persons),
        placed: PublicCount::of(t.placed.persons),
        placed_unaccompanied_minors: PublicCount::of(t.placed.unaccompanied_minors),
        municipalities_without_decision: PublicCount::of(u64::from(t.without_decision)),
    }
}

/// The public figures of a planning year: per region, then the nation; or with `region`,
/// per municipality of that region, then the region.
pub(crate) async fn summary_rows(
    state: &AppState,
    scenario: &str,
    region: Option<&str>,
) -> ApiResult<Vec<PublicFigures>> {
    let view = state.store.planning_view(scenario, None).await?;
    let report = crate::routes::gap_report_of(&view);
    let region_name = |r: &landa_quota::RegionGap| r.name.clone().unwrap_or_default();
    if let Some(code) = region {
        let Some(totals) = report.regions.iter().find(|r| r.region.as_str() == code) else {
            return Err(ApiError::not_found(format!(
                "no region {code} in scenario '{scenario}'"
            )));
        };
        let mut rows: Vec<PublicFigures> = report
            .municipalities
            .iter()
            .filter(|m| m.region.as_ref().is_some_and(|r| r.as_str() == code))
            .map(|m| {
                let name = view
                    .municipalities
                    .iter()
                    .find(|v| v.code == m.municipality)
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                figures(m.municipality.to_string(), name, &GapTotals::of(m))
            })
            .collect();
        rows.push(figures(
            code.to_owned(),
            region_name(totals),
            &totals.totals,
        ));
        return Ok(rows);
    }
    let mut rows: Vec<PublicFigures> = report
        .regions
        .iter()
        .map(|r| figures(r.region.to_string(), region_name(r), &r.totals))
        .collect();
    rows.push(figures(String::new(), "Total".into(), &report.nation));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn only_counts_from_one_to_four_are_hidden(count in 0u64..1_000_000) {
            let published = serde_json::to_value(PublicCount::of(count)).unwrap();
            if (1..5).contains(&count) {
                prop_assert_eq!(published, serde_json::json!("<5"));
            } else {
                prop_assert_eq!(published, serde_json::json!(count));
            }
        }
    }
}
