//! Placement runs (anvisning / utsøking) over the API: start, follow, read, approve.
//! National only: the agency that places households.

use crate::audit::{self, Action};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{Json, Page, Paging, Path, Query};
use crate::values::{RunMechanism, RunMethod, RunStatus, Standing};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use landa_app::access::require_national_in;
use landa_app::placement::checked_mechanism;
use landa_model::NaiveDate;
use landa_model::{HouseholdId, Mechanism, Placement};
use landa_store::PlacementJob;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunIn {
    /// [default: optimal]
    pub method: Option<RunMethod>,
    /// Seconds the optimiser may use, up to 600 [default: 10].
    pub time_limit_seconds: Option<f64>,
    /// YYYY-MM-DD: dwellings available later do not count [default: every dwelling counts].
    pub placement_date: Option<NaiveDate>,
    /// Added to a placement's score in the household's tie municipality, 0 to 10 [default: 0].
    pub tie_bonus: Option<f64>,
    /// Added per day waited, 0 to 1, so the longest waiting go first when places are
    /// short [default: 0].
    pub waiting_weight: Option<f64>,
    /// Reserve capacity for the arrivals the forecast still expects this year, pricing each
    /// municipality's places by the dual of a sample of them [default: false].
    pub reserve: Option<bool>,
    /// Balance over the year: no municipality gets much more of what is left of its number
    /// than this run's share of the year's remaining arrivals [default: false].
    pub balance: Option<bool>,
    /// Honour the households' rankings of municipalities by this mechanism [default: by
    /// the predicted outcome alone].
    pub mechanism: Option<RunMechanism>,
    /// With mechanism weighted: λ, the weight of a household's satisfaction (a k-th choice
    /// satisfies 1/k) against the predicted outcome, 0 to 100 [default: 0.5].
    pub preference_weight: Option<f64>,
    /// With mechanism minimum_outcome: the share of the outcome-optimal placement's
    /// predicted outcome the placement keeps, 0 to 1 [default: 0.98].
    pub outcome_share: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RunOut {
    pub id: i64,
    pub scenario: String,
    pub method: RunMethod,
    pub time_limit_seconds: f64,
    pub placement_date: Option<String>,
    pub tie_bonus: f64,
    pub waiting_weight: f64,
    pub reserve: bool,
    pub balance: bool,
    /// How the run honours the households' rankings; absent: by the outcome alone.
    pub mechanism: Option<RunMechanism>,
    /// λ of a weighted run, the outcome share of a minimum-outcome run.
    pub mechanism_parameter: Option<f64>,
    /// RFC 3339 instant of the schedule that started it; absent when a person did.
    pub scheduled_for: Option<String>,
    pub requested_by: String,
    pub requested_at: String,
    pub status: RunStatus,
    /// Why it failed, or a summary when done.
    pub message: Option<String>,
    pub finished_at: Option<String>,
    pub persons_placed: Option<u32>,
    pub objective: Option<f64>,
    /// Proven upper bound on the objective.
    pub bound: Option<f64>,
    /// (bound - objective) / bound.
    pub gap: Option<f64>,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

/// A stored mechanism's wire name; one the application core accepted, so failing to read
/// it back is the server's fault.
pub(crate) fn mechanism_out(mechanism: Option<Mechanism>) -> ApiResult<Option<RunMechanism>> {
    mechanism
        .map(|m| m.name().parse())
        .transpose()
        .map_err(ApiError::internal)
}

/// A job's stored method is one the application core accepted, so failing to read it
/// back is the server's fault.
impl TryFrom<&PlacementJob> for RunOut {
    type Error = ApiError;
    fn try_from(job: &PlacementJob) -> ApiResult<Self> {
        let result = job.result.as_ref();
        let gap = result.and_then(|r| {
            r.bound
                .filter(|b| b.abs() > f64::EPSILON)
                .map(|b| ((b - r.objective) / b.abs()).max(0.0))
        });
        Ok(RunOut {
            id: job.id,
            scenario: job.scenario.clone(),
            method: job.method.parse().map_err(ApiError::internal)?,
            time_limit_seconds: job.time_limit_ms as f64 / 1000.0,
            placement_date: job.options.placement_date.map(|d| d.to_string()),
            tie_bonus: job.options.tie_bonus,
            waiting_weight: job.options.waiting_weight,
            reserve: job.options.reserve,
            balance: job.options.balance,
            mechanism: mechanism_out(job.options.mechanism)?,
            mechanism_parameter: job.options.mechanism.and_then(|m| m.parameter()),
            scheduled_for: job.scheduled_for.map(|t| t.to_rfc3339()),
            requested_by: job.requested_by.clone(),
            requested_at: job.requested_at.to_rfc3339(),
            status: job.status.into(),
            message: job.message.clone(),
            finished_at: job.finished_at.map(|t| t.to_rfc3339()),
            persons_placed: result.map(|r| r.persons_placed),
            objective: result.map(|r| r.objective),
            bound: result.and_then(|r| r.bound),
            gap,
            approved_by: job.approved_by.clone(),
            approved_at: job.approved_at.map(|t| t.to_rfc3339()),
        })
    }
}

/// Start a placement run on the scenario's households; it runs in the background.
#[utoipa::path(post, path = "/scenarios/{scenario}/placement-runs", tag = "placement",
    operation_id = "startPlacementRun",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = RunIn,
    responses((status = 202, body = RunOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<RunIn>,
) -> ApiResult<Response> {
    let run = start_run(&state, &principal, &scenario, &body).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(run)).into_response())
}

/// Queues a placement run through the application core and wakes the worker.
pub(crate) async fn start_run(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    body: &RunIn,
) -> ApiResult<RunOut> {
    let job = landa_app::placement::start_run(
        &state.store,
        principal,
        scenario,
        body.method.unwrap_or(RunMethod::Optimal).as_str(),
        body.time_limit_seconds.unwrap_or(10.0),
        landa_store::RunOptions {
            placement_date: body.placement_date,
            tie_bonus: body.tie_bonus.unwrap_or(0.0),
            waiting_weight: body.waiting_weight.unwrap_or(0.0),
            reserve: body.reserve.unwrap_or(false),
            balance: body.balance.unwrap_or(false),
            mechanism: checked_mechanism(
                body.mechanism.map(RunMechanism::as_str),
                body.preference_weight,
                body.outcome_share,
            )?,
        },
    )
    .await?;
    state.jobs.wake();
    RunOut::try_from(&job)
}

/// The placement runs of a scenario, newest first.
#[utoipa::path(get, path = "/scenarios/{scenario}/placement-runs", tag = "placement",
    operation_id = "listPlacementRuns",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<RunOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<axum::Json<Vec<RunOut>>> {
    Ok(axum::Json(runs_of(&state, &principal, &scenario).await?))
}

/// The placement runs of a scenario, newest first (national only).
pub(crate) async fn runs_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
) -> ApiResult<Vec<RunOut>> {
    require_national_in(&state.store, principal, scenario).await?;
    state.store.scenario_meta(scenario).await?;
    let jobs = state.store.placement_jobs(scenario).await?;
    jobs.iter().map(RunOut::try_from).collect()
}

/// A run's resource, as the audit log names it.
pub(crate) fn run_path(scenario: &str, id: i64) -> String {
    format!("/api/v1/scenarios/{scenario}/placement-runs/{id}")
}

async fn job_of(state: &AppState, scenario: &str, id: i64) -> ApiResult<PlacementJob> {
    let job = state.store.placement_job(id).await?;
    if job.scenario != scenario {
        return Err(ApiError::not_found(format!(
            "no placement run {id} in scenario '{scenario}'"
        )));
    }
    Ok(job)
}

/// One placement run: status, and once done objective, bound and gap.
#[utoipa::path(get, path = "/scenarios/{scenario}/placement-runs/{id}", tag = "placement",
    operation_id = "getPlacementRun",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = i64, Path, description = "Run id")),
    responses((status = 200, body = RunOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, i64)>,
) -> ApiResult<axum::Json<RunOut>> {
    Ok(axum::Json(run_of(&state, &principal, &scenario, id).await?))
}

/// One placement run (national only).
pub(crate) async fn run_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: i64,
) -> ApiResult<RunOut> {
    require_national_in(&state.store, principal, scenario).await?;
    RunOut::try_from(&job_of(state, scenario, id).await?)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementOut {
    pub household: String,
    pub municipality: String,
    pub dwelling: Option<String>,
    pub score: f64,
}

/// The placements a done run made (personal data: audited).
#[utoipa::path(get, path = "/scenarios/{scenario}/placement-runs/{id}/placements", tag = "placement",
    operation_id = "listRunPlacements",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = i64, Path, description = "Run id"), Paging),
    responses((status = 200, body = Page<PlacementOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody)))]
pub async fn placements(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, i64)>,
    Query(paging): Query<Paging>,
) -> ApiResult<axum::Json<Page<PlacementOut>>> {
    let window = (paging.limit()?, paging.offset());
    let (placements, total) =
        run_placements(&state, &principal, &scenario, id, Some(window)).await?;
    Ok(axum::Json(Page {
        items: placements
            .into_iter()
            .map(|p| PlacementOut {
                household: p.household.to_string(),
                municipality: p.municipality.to_string(),
                dwelling: p.dwelling.as_ref().map(ToString::to_string),
                score: p.score,
            })
            .collect(),
        total,
        limit: window.0,
        offset: window.1,
    }))
}

/// The saved run of a done placement job; 409 while it is queued or running.
async fn saved_run_of(state: &AppState, scenario: &str, id: i64) -> ApiResult<i64> {
    let job = job_of(state, scenario, id).await?;
    match job.result {
        Some(result) => Ok(result.run_id),
        None => Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::NotDone,
            format!(
                "placement run {id} is {}; its placements come when it is done",
                job.status.as_str()
            ),
        )),
    }
}

/// The placements of a done run (national only), audited.
pub(crate) async fn run_placements(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: i64,
    window: Option<(u32, u64)>,
) -> ApiResult<(Vec<Placement>, u64)> {
    require_national_in(&state.store, principal, scenario).await?;
    let run_id = saved_run_of(state, scenario, id).await?;
    let (placements, total) = state.store.run_placements(run_id, window).await?;
    audit::record(
        state,
        principal,
        Action::Read,
        &format!("/api/v1/scenarios/{scenario}/placement-runs/{id}/placements"),
        format!("read {} of the run's {total} placements", placements.len()),
    )
    .await?;
    Ok((placements, total))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlternativeOut {
    pub municipality: String,
    /// The household's value there as the optimiser counted it.
    pub value: f64,
    pub standing: Standing,
    /// What blocked it, e.g. "full (persons 120/120)".
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExplanationOut {
    pub household: String,
    /// Where the run placed it; none when it stayed unplaced.
    pub placed_in: Option<String>,
    /// Its best municipalities as the run saw them, best value first.
    pub alternatives: Vec<AlternativeOut>,
}

/// Why a done run placed a household where it did, or nowhere: its best municipalities
/// and the capacity that blocked each (personal data: audited).
#[utoipa::path(get, path = "/scenarios/{scenario}/placement-runs/{id}/explanations/{household}", tag = "placement",
    operation_id = "getPlacementExplanation",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = i64, Path, description = "Run id"),
           ("household" = String, Path, description = "Household id", example = "h-001")),
    responses((status = 200, body = ExplanationOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody)))]
pub async fn explanation(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id, household)): Path<(String, i64, String)>,
) -> ApiResult<axum::Json<ExplanationOut>> {
    Ok(axum::Json(
        explanation_of(&state, &principal, &scenario, id, &household).await?,
    ))
}

/// A household's explanation in a done run (national only), audited.
pub(crate) async fn explanation_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: i64,
    household: &str,
) -> ApiResult<ExplanationOut> {
    require_national_in(&state.store, principal, scenario).await?;
    let run_id = saved_run_of(state, scenario, id).await?;
    let not_found = || {
        ApiError::not_found(format!(
            "run {id} has no explanation for household {household} (unknown, or eligible nowhere)"
        ))
    };
    let household_id: HouseholdId = household.parse().map_err(|_| not_found())?;
    let alternatives = state.store.run_alternatives(run_id, &household_id).await?;
    if alternatives.is_empty() {
        return Err(not_found());
    }
    audit::record(
        state,
        principal,
        Action::Read,
        &format!("/api/v1/scenarios/{scenario}/placement-runs/{id}/explanations/{household}"),
        "read placement explanation",
    )
    .await?;
    Ok(ExplanationOut {
        household: household.to_owned(),
        placed_in: alternatives
            .iter()
            .find(|a| a.standing == landa_model::Standing::Placed)
            .map(|a| a.municipality.to_string()),
        alternatives: alternatives
            .into_iter()
            .map(|a| AlternativeOut {
                municipality: a.municipality.to_string(),
                value: a.value,
                standing: a.standing.into(),
                detail: a.detail,
            })
            .collect(),
    })
}

/// Approve a done run: its placements become the placed households (anvisning).
#[utoipa::path(post, path = "/scenarios/{scenario}/placement-runs/{id}/approve", tag = "placement",
    operation_id = "approvePlacementRun",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = i64, Path, description = "Run id")),
    responses((status = 200, body = RunOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, i64)>,
) -> ApiResult<axum::Json<RunOut>> {
    Ok(axum::Json(
        approve_run(&state, &principal, &scenario, id).await?,
    ))
}

/// Approves a done run through the application core, once.
pub(crate) async fn approve_run(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: i64,
) -> ApiResult<RunOut> {
    let job = landa_app::placement::approve_run(&state.store, principal, scenario, id).await?;
    RunOut::try_from(&job)
}
