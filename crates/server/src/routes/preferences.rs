//! Preferences in placement over the API: a household's ranking of municipalities (kept by
//! national) and the groups a municipality is prepared for first (set by the municipality),
//! which runs with a `mechanism` honour.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Json, Path};
use crate::routes::parse_field;
use crate::AppState;
use axum::extract::State;
use landa_app::preferences::{self, HouseholdPreferences};
use landa_model::{HouseholdId, MunicipalityCode, MunicipalityPriority, Preference};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesIn {
    /// Municipality codes, most wanted first [default: none].
    #[serde(default)]
    #[schema(example = json!(["0301", "4601"]))]
    pub ranking: Vec<String>,
    /// What the household weighs instead, for one that cannot rank municipalities it does
    /// not know [default: none]. Its ranking, where it gives one, comes first.
    #[serde(default)]
    pub criteria: Vec<CriterionIn>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionIn {
    /// city, town, rural, tie, language, work or region:<code>.
    #[schema(example = "tie")]
    pub criterion: String,
    /// More than 0, up to 100: the weights count against each other.
    #[schema(example = 2.0)]
    pub weight: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionOut {
    pub criterion: String,
    pub weight: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesOut {
    /// The household's own ranking, most wanted first.
    pub ranking: Vec<RankedOut>,
    pub criteria: Vec<CriterionOut>,
    /// The ranking its criteria make, where it ranks none itself: what runs honour.
    pub from_criteria: Vec<RankedOut>,
}

impl From<&HouseholdPreferences> for PreferencesOut {
    fn from(preferences: &HouseholdPreferences) -> Self {
        PreferencesOut {
            ranking: preferences.ranking.iter().map(RankedOut::from).collect(),
            criteria: preferences
                .criteria
                .iter()
                .map(|c| CriterionOut {
                    criterion: c.criterion.to_string(),
                    weight: c.weight(),
                })
                .collect(),
            from_criteria: preferences
                .from_criteria
                .iter()
                .map(RankedOut::from)
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankedOut {
    pub municipality: String,
    /// 1 = most wanted.
    pub rank: u32,
}

impl From<&Preference> for RankedOut {
    fn from(preference: &Preference) -> Self {
        RankedOut {
            municipality: preference.municipality.to_string(),
            rank: preference.rank(),
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrioritiesIn {
    /// Groups prepared for first, in order: large_families, families_with_children,
    /// single_adults, unaccompanied_minors, ties or need:<service>; empty: none.
    #[schema(example = json!(["large_families", "need:wheelchair_accessible"]))]
    pub priorities: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PriorityOut {
    pub priority: String,
    /// 1 = prepared for first.
    pub rank: u32,
}

impl From<&MunicipalityPriority> for PriorityOut {
    fn from(priority: &MunicipalityPriority) -> Self {
        PriorityOut {
            priority: priority.group.to_string(),
            rank: priority.rank(),
        }
    }
}

fn household_id(text: &str) -> ApiResult<HouseholdId> {
    parse_field(text, "household")
}

fn municipality(text: &str) -> ApiResult<MunicipalityCode> {
    parse_field(text, "municipality")
}

/// A household's ranking of municipalities and the criteria it weighs (national; the read
/// is audited).
#[utoipa::path(get, path = "/scenarios/{scenario}/households/{id}/preferences",
    tag = "households", operation_id = "householdPreferences",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id", example = "H001")),
    responses((status = 200, body = PreferencesOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn get_ranking(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, household)): Path<(String, String)>,
) -> ApiResult<axum::Json<PreferencesOut>> {
    let household = household_id(&household)?;
    let found =
        preferences::household_preferences(&state.store, &principal, &scenario, &household).await?;
    Ok(axum::Json((&found).into()))
}

/// Replace a household's ranking of municipalities and its criteria (national, audited).
/// Each entry is checked at its field (`ranking[i]`, `criteria[i]`); nothing changes when
/// one is refused.
#[utoipa::path(put, path = "/scenarios/{scenario}/households/{id}/preferences",
    tag = "households", operation_id = "setHouseholdPreferences",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id", example = "H001")),
    request_body = PreferencesIn,
    responses((status = 200, body = PreferencesOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn put_ranking(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, household)): Path<(String, String)>,
    Json(body): Json<PreferencesIn>,
) -> ApiResult<axum::Json<PreferencesOut>> {
    let household = household_id(&household)?;
    let criteria: Vec<(String, f64)> = body
        .criteria
        .iter()
        .map(|c| (c.criterion.clone(), c.weight))
        .collect();
    let saved = preferences::set_household_preferences(
        &state.store,
        &principal,
        &scenario,
        &household,
        &body.ranking,
        &criteria,
    )
    .await?;
    Ok(axum::Json((&saved).into()))
}

/// The groups a municipality is prepared for first (whoever may see the municipality).
#[utoipa::path(get, path = "/scenarios/{scenario}/municipalities/{code}/priorities",
    tag = "planning", operation_id = "municipalityPriorities",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("code" = String, Path, description = "Four-digit municipality code", example = "2080")),
    responses((status = 200, body = Vec<PriorityOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn get_priorities(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, code)): Path<(String, String)>,
) -> ApiResult<axum::Json<Vec<PriorityOut>>> {
    let code = municipality(&code)?;
    let groups =
        preferences::municipality_priorities(&state.store, &principal, &scenario, &code).await?;
    Ok(axum::Json(groups.iter().map(PriorityOut::from).collect()))
}

/// Replace the groups a municipality is prepared for first (the municipality itself or
/// national; audited). Each group is checked at its field (`priorities[i]`).
#[utoipa::path(put, path = "/scenarios/{scenario}/municipalities/{code}/priorities",
    tag = "planning", operation_id = "setMunicipalityPriorities",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("code" = String, Path, description = "Four-digit municipality code", example = "2080")),
    request_body = PrioritiesIn,
    responses((status = 200, body = Vec<PriorityOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn put_priorities(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, code)): Path<(String, String)>,
    Json(body): Json<PrioritiesIn>,
) -> ApiResult<axum::Json<Vec<PriorityOut>>> {
    let code = municipality(&code)?;
    let groups = preferences::set_municipality_priorities(
        &state.store,
        &principal,
        &scenario,
        &code,
        &body.priorities,
    )
    .await?;
    Ok(axum::Json(groups.iter().map(PriorityOut::from).collect()))
}
