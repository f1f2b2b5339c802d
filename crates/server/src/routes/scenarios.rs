//! Planning years (each a stored scenario), their regions and municipalities, and a
//! municipality's dashboard.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Page, Paging, Path, Query};
use crate::routes::parse_field;
use crate::routes::planning::{DecisionOut, RequestOut};
use crate::values::{Country, HousingMarket, LanguageForm};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use landa_model::{Municipality, RegionCode};
use landa_quota::gap_report;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A planning year: one stored scenario of a country's settlement year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioOut {
    pub name: String,
    pub country: Country,
    pub year: i32,
    /// The year's national number (persons), where set.
    pub national_total: Option<u32>,
    pub regions: u64,
    pub municipalities: u64,
    pub placement_runs: u64,
}

/// Every planning year the store holds.
#[utoipa::path(get, path = "/scenarios", tag = "planning",
    operation_id = "listScenarios",
    responses((status = 200, body = Vec<ScenarioOut>), (status = 401, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<Json<Vec<ScenarioOut>>> {
    let scenarios = state.store.scenarios().await?;
    Ok(Json(
        scenarios
            .into_iter()
            .map(|s| ScenarioOut {
                name: s.name,
                country: s.country.into(),
                year: s.year,
                national_total: s.national_total,
                regions: s.counts.regions,
                municipalities: s.counts.municipalities,
                placement_runs: s.placement_runs,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionOut {
    pub code: String,
    pub name: String,
}

/// The regions (län / fylke) of a planning year.
#[utoipa::path(get, path = "/scenarios/{scenario}/regions", tag = "geography",
    operation_id = "listRegions",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<RegionOut>), (status = 401, body = crate::ErrorBody),
              (status = 404, body = crate::ErrorBody)))]
pub async fn regions(
    State(state): State<AppState>,
    _principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Json<Vec<RegionOut>>> {
    let view = state.store.planning_view(&scenario, None).await?;
    Ok(Json(
        view.regions
            .into_iter()
            .map(|r| RegionOut {
                code: r.code.to_string(),
                name: r.name,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MunicipalityOut {
    pub code: String,
    pub name: String,
    pub region: String,
    pub population: Option<u32>,
    /// Share employed, 0 to 1.
    pub employment_rate: Option<f64>,
    /// Refugees received per 1 000 inhabitants in recent years.
    pub reception_per_1000: Option<f64>,
    pub housing_market: Option<HousingMarket>,
    /// Whether it takes unaccompanied minors; absent where not stated (in Sweden every
    /// municipality does; in Norway only those that said yes are asked).
    pub takes_unaccompanied_minors: Option<bool>,
    /// Its administrative language form (Norwegian målform).
    pub language_form: Option<LanguageForm>,
    /// Share of the introduction programme's participants in work or education a year
    /// after it, 0 to 1 (one of IMDi's request criteria).
    pub introduction_result_rate: Option<f64>,
    /// Upper-secondary school places open to newly arrived young people (one of IMDi's
    /// request criteria).
    pub upper_secondary_places: Option<u32>,
}

impl From<&Municipality> for MunicipalityOut {
    fn from(m: &Municipality) -> Self {
        MunicipalityOut {
            code: m.code.to_string(),
            name: m.name.clone(),
            region: m.region.to_string(),
            population: m.population,
            employment_rate: m.employment_rate(),
            reception_per_1000: m.reception_per_1000(),
            housing_market: m.housing_market.map(HousingMarket::from),
            takes_unaccompanied_minors: m.takes_unaccompanied_minors,
            language_form: m.language_form.map(LanguageForm::from),
            introduction_result_rate: m.introduction_result_rate(),
            upper_secondary_places: m.upper_secondary_places,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MunicipalityFilter {
    /// Only the municipalities of this region (two digits).
    #[param(value_type = Option<String>, pattern = "^[0-9]{2}$")]
    pub region: Option<RegionCode>,
    pub limit: Option<u32>,
    pub offset: Option<u64>,
}

/// The municipalities of a planning year, optionally of one region.
#[utoipa::path(get, path = "/scenarios/{scenario}/municipalities", tag = "geography",
    operation_id = "listMunicipalities",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"), MunicipalityFilter),
    responses((status = 200, body = Page<MunicipalityOut>), (status = 401, body = crate::ErrorBody),
              (status = 404, body = crate::ErrorBody)))]
pub async fn municipalities(
    State(state): State<AppState>,
    _principal: Principal,
    Path(scenario): Path<String>,
    Query(filter): Query<MunicipalityFilter>,
) -> ApiResult<Json<Page<MunicipalityOut>>> {
    let items = state
        .store
        .municipalities(&scenario)
        .await?
        .iter()
        .filter(|m| filter.region.as_ref().is_none_or(|r| &m.region == r))
        .map(MunicipalityOut::from)
        .collect();
    let paging = Paging {
        limit: filter.limit,
        offset: filter.offset,
    };
    Ok(Json(paging.page(items)?))
}

/// A municipality's year at a glance: its numbers, request history, decision history,
/// placements and dwellings.
#[derive(Debug, Serialize, ToSchema)]
pub struct Dashboard {
    pub municipality: MunicipalityOut,
    pub year: i32,
    /// Every request made of it (anmodning / kommuntal), oldest round first.
    pub requests: Vec<RequestOut>,
    /// Every recorded version of its decisions (vedtak), oldest first.
    pub decisions: Vec<DecisionOut>,
    /// Persons requested by the latest round of the year.
    pub requested: u32,
    pub requested_minors: u32,
    /// Persons decided (current version), if a decision is registered.
    pub decided: Option<u32>,
    pub decided_minors: Option<u32>,
    /// Persons placed (anvisade / bosatte) so far.
    pub placed: u32,
    pub placed_minors: u32,
    /// Decided (or else requested) minus placed.
    pub remaining: u32,
    pub dwellings_offered: u32,
    pub dwellings_let: u32,
}

/// A municipality's dashboard: national, its region, or the municipality itself.
#[utoipa::path(get, path = "/scenarios/{scenario}/municipalities/{code}/dashboard", tag = "planning",
    operation_id = "getMunicipalityDashboard",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("code" = String, Path, description = "Four-digit municipality code", example = "2080")),
    responses((status = 200, body = Dashboard), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn dashboard(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, code)): Path<(String, String)>,
) -> ApiResult<Json<Dashboard>> {
    Ok(Json(
        dashboard_of(&state, &principal, &scenario, &code).await?,
    ))
}

/// The dashboard of municipality `code`, if the caller may see it.
pub(crate) async fn dashboard_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    code: &str,
) -> ApiResult<Dashboard> {
    let code = parse_field(code, "municipality")?;
    let year =
        landa_app::planning::municipality_year(&state.store, principal, scenario, &code).await?;
    let found = year
        .municipality
        .as_ref()
        .ok_or_else(|| crate::ApiError::internal("the year has no municipality"))?;
    let report = gap_report(
        year.meta.year,
        &[],
        std::slice::from_ref(found),
        &year.request_rounds,
        &year.decisions,
        &std::iter::once((code.clone(), year.placed)).collect(),
    );
    let row = report.municipalities.first().ok_or_else(|| {
        crate::ApiError::internal("the gap report has no row for the municipality")
    })?;
    let history = &year.decision_history;
    let dwellings = &year.dwellings;
    let requests = year
        .request_rounds
        .iter()
        .flat_map(|round| {
            round
                .requests
                .iter()
                .filter(|r| r.municipality == code)
                .map(move |r| RequestOut::new(round, r))
        })
        .collect();
    Ok(Dashboard {
        municipality: MunicipalityOut::from(found),
        year: year.meta.year,
        requests,
        decisions: history.iter().map(DecisionOut::from).collect(),
        requested: row.requested.persons,
        requested_minors: row.requested.unaccompanied_minors,
        decided: row.decided.map(|d| d.persons),
        decided_minors: row.decided.map(|d| d.unaccompanied_minors),
        placed: row.placed.persons,
        placed_minors: row.placed.unaccompanied_minors,
        remaining: row.remaining.persons,
        dwellings_offered: dwellings.len() as u32,
        dwellings_let: dwellings.iter().filter(|d| d.let_on.is_some()).count() as u32,
    })
}
