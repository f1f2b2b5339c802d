//! Public aggregates, for anyone without logging in. Every count between 1 and 4 is
//! shown as "<5" so that no individual can be singled out, and further counts as ".." so
//! that no "<5" can be worked out from a total and the counts shown beside it.

use crate::error::{ApiError, ApiResult};
use crate::extract::{Path, Query};
use crate::values::Country;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use landa_disclosure::{suppress, Hierarchy, Status};
use landa_quota::{GapReport, GapTotals};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Counts from 1 to 4 are suppressed.
pub const SUPPRESSED_BELOW: u64 = 5;

/// The marker of a count of 5 or more hidden so that a "<5" cannot be worked out from
/// its total (the statistical agencies' symbol for a figure withheld).
pub const COMPLEMENT: &str = "..";

/// A count as published: the number, "<5" when it is between 1 and 4, or ".." when it
/// is 5 or more and hidden because publishing it would let a "<5" be worked out (a total
/// minus the counts shown beside it). Zeros are always published.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PublicCount {
    Exact(u64),
    /// "<5" or "..".
    Suppressed(String),
}

impl PublicCount {
    pub(crate) fn published(count: u64, status: Status) -> PublicCount {
        match status {
            Status::Published => PublicCount::Exact(count),
            Status::Primary => PublicCount::Suppressed(format!("<{SUPPRESSED_BELOW}")),
            Status::Complementary => PublicCount::Suppressed(COMPLEMENT.to_owned()),
        }
    }
}

/// A count in a table: the number, or its marker.
impl From<&PublicCount> for landa_export::Cell {
    fn from(count: &PublicCount) -> Self {
        match count {
            PublicCount::Exact(n) => landa_export::Cell::Integer(*n as i64),
            PublicCount::Suppressed(marker) => landa_export::Cell::Text(marker.clone()),
        }
    }
}

/// The counts a row publishes, in `PublicFigures`' order.
const COUNTS: usize = 5;

fn counts(t: &GapTotals) -> [u64; COUNTS] {
    [
        t.requested.persons,
        t.decided.persons,
        t.placed.persons,
        t.placed.unaccompanied_minors,
        u64::from(t.without_decision),
    ]
}

/// Every row of the gap report as published. Each count is one hierarchy (the nation,
/// its regions, their municipalities; a municipality of no region directly under the
/// nation) suppressed as a whole, so the national table, a region's table and the two
/// together hide the same cells and give no small count away.
struct Published {
    nation: [PublicCount; COUNTS],
    /// As the report's regions.
    regions: Vec<[PublicCount; COUNTS]>,
    /// As the report's municipalities.
    municipalities: Vec<[PublicCount; COUNTS]>,
}

fn published(report: &GapReport) -> Published {
    let columns: Vec<Vec<PublicCount>> = (0..COUNTS)
        .map(|column| {
            let mut hierarchy = Hierarchy::new();
            let regions: Vec<_> = report
                .regions
                .iter()
                .map(|_| hierarchy.add_total(Hierarchy::ROOT))
                .collect();
            for m in &report.municipalities {
                let parent = m
                    .region
                    .as_ref()
                    .and_then(|code| report.regions.iter().position(|r| &r.region == code))
                    .map_or(Hierarchy::ROOT, |index| regions[index]);
                hierarchy.add_count(parent, counts(&GapTotals::of(m))[column]);
            }
            let statuses = suppress(&hierarchy, SUPPRESSED_BELOW);
            hierarchy
                .cells()
                .map(|cell| PublicCount::published(hierarchy.value(cell), statuses[cell.index()]))
                .collect()
        })
        .collect();
    // Cells are numbered as added: the nation, the regions, the municipalities.
    let cell = |index: usize| std::array::from_fn(|column| columns[column][index].clone());
    let first_municipality = 1 + report.regions.len();
    Published {
        nation: cell(0),
        regions: (0..report.regions.len()).map(|i| cell(1 + i)).collect(),
        municipalities: (0..report.municipalities.len())
            .map(|i| cell(first_municipality + i))
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicScenario {
    pub name: String,
    pub country: Country,
    pub year: i32,
}

/// The planning years published.
#[utoipa::path(get, path = "/public/scenarios", tag = "public",
    operation_id = "listPublicScenarios",
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
                country: s.country.into(),
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
/// one region. A count from 1 to 4 is shown as "<5"; a larger count is shown as ".." where
/// publishing it would let a "<5" be worked out from a total and the counts beside it
/// (complementary suppression, so that in every total and its parts either none or at
/// least two are hidden and none can be derived). Zeros are shown.
#[utoipa::path(get, path = "/public/scenarios/{scenario}/summary", tag = "public",
    operation_id = "getPublicSummary",
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

fn figures(code: String, name: String, counts: &[PublicCount; COUNTS]) -> PublicFigures {
    let [requested, decided, placed, placed_unaccompanied_minors, municipalities_without_decision] =
        counts.clone();
    PublicFigures {
        code,
        name,
        requested,
        decided,
        placed,
        placed_unaccompanied_minors,
        municipalities_without_decision,
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
    let published = published(&report);
    let region_name = |r: &landa_quota::RegionGap| r.name.clone().unwrap_or_default();
    if let Some(code) = region {
        let Some(index) = report
            .regions
            .iter()
            .position(|r| r.region.as_str() == code)
        else {
            return Err(ApiError::not_found(format!(
                "no region {code} in scenario '{scenario}'"
            )));
        };
        let mut rows: Vec<PublicFigures> = report
            .municipalities
            .iter()
            .zip(&published.municipalities)
            .filter(|(m, _)| m.region.as_ref().is_some_and(|r| r.as_str() == code))
            .map(|(m, counts)| {
                let name = view
                    .municipalities
                    .iter()
                    .find(|v| v.code == m.municipality)
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                figures(m.municipality.to_string(), name, counts)
            })
            .collect();
        rows.push(figures(
            code.to_owned(),
            region_name(&report.regions[index]),
            &published.regions[index],
        ));
        return Ok(rows);
    }
    let mut rows: Vec<PublicFigures> = report
        .regions
        .iter()
        .zip(&published.regions)
        .map(|(r, counts)| figures(r.region.to_string(), region_name(r), counts))
        .collect();
    rows.push(figures(String::new(), "Total".into(), &published.nation));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use landa_model::{MunicipalDecision, Municipality, Region};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A year where municipality `j` of region `i` decided `decided[i][j]` persons.
    fn report(decided: &[Vec<u32>]) -> GapReport {
        let regions: Vec<Region> = (0..decided.len())
            .map(|i| Region {
                code: format!("{:02}", i + 1).parse().unwrap(),
                name: format!("Region {i}"),
            })
            .collect();
        let mut municipalities = Vec::new();
        let mut decisions = Vec::new();
        for (region, counts) in regions.iter().zip(decided) {
            for (j, &persons) in counts.iter().enumerate() {
                let code: landa_model::MunicipalityCode =
                    format!("{}{:02}", region.code, j + 1).parse().unwrap();
                decisions.push(MunicipalDecision {
                    year: 2024,
                    municipality: code.clone(),
                    persons,
                    unaccompanied_minors: 0,
                    body: None,
                    decided_on: None,
                    registration_number: None,
                    document_url: None,
                });
                municipalities.push(Municipality::new(code, "", region.code.clone()));
            }
        }
        landa_quota::gap_report(
            2024,
            &regions,
            &municipalities,
            &[],
            &decisions,
            &BTreeMap::new(),
        )
    }

    const DECIDED: usize = 1;

    #[test]
    fn the_total_minus_the_shown_municipalities_does_not_give_a_small_count_back() {
        let report = report(&[vec![3, 20, 30], vec![40, 50]]);
        let decided: Vec<PublicCount> = published(&report)
            .municipalities
            .iter()
            .map(|counts| counts[DECIDED].clone())
            .collect();
        let marker = |text: &str| PublicCount::Suppressed(text.to_owned());
        assert_eq!(
            decided,
            [
                marker("<5"),
                marker(COMPLEMENT),
                PublicCount::Exact(30),
                PublicCount::Exact(40),
                PublicCount::Exact(50)
            ]
        );
    }

    proptest! {
        #[test]
        fn small_counts_say_so_and_withheld_ones_say_so_too(
            decided in prop::collection::vec(prop::collection::vec(0u32..12, 1..5), 1..4),
        ) {
            let report = report(&decided);
            let published = published(&report);
            for (row, counts) in report.municipalities.iter().zip(&published.municipalities) {
                let count = u64::from(row.decided.map_or(0, |d| d.persons));
                let shown = serde_json::to_value(&counts[DECIDED]).unwrap();
                if (1..5).contains(&count) {
                    prop_assert_eq!(shown, serde_json::json!("<5"));
                } else if shown.is_string() {
                    prop_assert_eq!((count > 0, shown), (true, serde_json::json!("..")));
                } else {
                    prop_assert_eq!(shown, serde_json::json!(count));
                }
            }
        }
    }
}
