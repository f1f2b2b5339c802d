//! Planning the rest of the year over the API (national): the arrival forecast against
//! the actual intake, and the schedule that starts a placement run every week.

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::routes::placement::mechanism_out;
use crate::routes::{etag, required_version};
use crate::values::{HouseholdType, IntakeCategory, RunMechanism, RunMethod};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use landa_app::forecast::{self, ForecastEntry};
use landa_app::placement::checked_mechanism;
use landa_app::schedule;
use landa_model::{ForecastPeriod, NaiveDate};
use landa_store::{RunOptions, RunSchedule};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The expected arrivals of one period (a week or a month), category and household type.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForecastPeriodIn {
    /// YYYY-MM-DD, within the scenario's year.
    pub period_start: NaiveDate,
    /// YYYY-MM-DD, the last day of the period, at most 92 days after its start.
    pub period_end: NaiveDate,
    pub intake_category: IntakeCategory,
    pub household_type: HouseholdType,
    pub households: u32,
    /// At least one per household; one per household for unaccompanied minors.
    pub persons: u32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForecastIn {
    /// The whole forecast: it replaces the one before.
    pub periods: Vec<ForecastPeriodIn>,
}

/// A period and category of the forecast against what came in.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastLineOut {
    pub period_start: String,
    pub period_end: String,
    pub intake_category: IntakeCategory,
    pub forecast_households: u32,
    pub forecast_persons: u32,
    pub actual_households: u32,
    pub actual_persons: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastOut {
    pub periods: Vec<ForecastPeriodIn>,
    /// By period and category, against the households registered in the period.
    pub against_intake: Vec<ForecastLineOut>,
}

fn period_out(period: &ForecastPeriod) -> ForecastPeriodIn {
    ForecastPeriodIn {
        period_start: period.start(),
        period_end: period.end(),
        intake_category: period.category.into(),
        household_type: period.household_type.into(),
        households: period.households(),
        persons: period.persons(),
    }
}

/// The forecast against the intake, with its version as the ETag.
async fn forecast_out(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
) -> ApiResult<Response> {
    let today = chrono::Local::now().date_naive();
    let plan = forecast::year_plan(&state.store, principal, scenario, today).await?;
    let out = ForecastOut {
        periods: plan.periods.iter().map(period_out).collect(),
        against_intake: plan
            .against_intake
            .into_iter()
            .map(|line| ForecastLineOut {
                period_start: line.period_start.to_string(),
                period_end: line.period_end.to_string(),
                intake_category: line.category.into(),
                forecast_households: line.forecast_households,
                forecast_persons: line.forecast_persons,
                actual_households: line.actual_households,
                actual_persons: line.actual_persons,
            })
            .collect(),
    };
    Ok(([(header::ETAG, etag(plan.version))], axum::Json(out)).into_response())
}

/// The arrival forecast and the actual intake against it; the ETag is the forecast's
/// version (0 before it is first set).
#[utoipa::path(get, path = "/scenarios/{scenario}/arrival-forecast", tag = "planning",
    operation_id = "arrivalForecast",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = ForecastOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get_forecast(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Response> {
    forecast_out(&state, &principal, &scenario).await
}

/// Set the arrival forecast (prognos / prognose): runs that reserve capacity or balance
/// the year use what it expects after their day. `If-Match` with the version read is
/// required: a forecast set meanwhile by someone else is not overwritten (412).
#[utoipa::path(put, path = "/scenarios/{scenario}/arrival-forecast", tag = "planning",
    operation_id = "setArrivalForecast",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("If-Match" = String, Header, description = "Version the forecast is based on")),
    request_body = ForecastIn,
    responses((status = 200, body = ForecastOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 412, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody),
              (status = 428, body = crate::ErrorBody)))]
pub async fn put_forecast(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    headers: HeaderMap,
    Json(body): Json<ForecastIn>,
) -> ApiResult<Response> {
    let based_on = required_version(&headers, "arrival forecast", "its ETag")?;
    let entries: Vec<ForecastEntry> = body
        .periods
        .iter()
        .map(|p| ForecastEntry {
            period_start: p.period_start,
            period_end: p.period_end,
            category: p.intake_category.into(),
            household_type: p.household_type.into(),
            households: p.households,
            persons: p.persons,
        })
        .collect();
    forecast::set_arrival_forecast(
        &state.store,
        &principal,
        &scenario,
        &entries,
        Some(based_on),
    )
    .await?;
    forecast_out(&state, &principal, &scenario).await
}

/// When runs start by themselves, and with what.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    /// RFC 3339 instant of the first run, at most a day ago (it then starts at once).
    pub first_run: chrono::DateTime<chrono::Utc>,
    /// Days between runs, 1 to 92 [default: 7, weekly].
    pub every_days: Option<u32>,
    /// [default: optimal]
    pub method: Option<RunMethod>,
    /// Seconds each run may use, up to 600 [default: 60].
    pub time_limit_seconds: Option<f64>,
    /// 0 to 10 [default: 0].
    pub tie_bonus: Option<f64>,
    /// 0 to 1 [default: 0].
    pub waiting_weight: Option<f64>,
    /// Reserve capacity for the arrivals the forecast still expects [default: true].
    pub reserve: Option<bool>,
    /// Balance each municipality's number over the year [default: false].
    pub balance: Option<bool>,
    /// As in a run: honour the households' rankings [default: by the outcome alone].
    pub mechanism: Option<RunMechanism>,
    /// As in a run: λ of mechanism weighted, 0 to 100 [default: 0.5].
    pub preference_weight: Option<f64>,
    /// As in a run: the share kept by mechanism minimum_outcome, 0 to 1 [default: 0.98].
    pub outcome_share: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleOut {
    pub next_run_at: String,
    pub every_days: u32,
    pub method: RunMethod,
    pub time_limit_seconds: f64,
    pub tie_bonus: f64,
    pub waiting_weight: f64,
    pub reserve: bool,
    pub balance: bool,
    pub mechanism: Option<RunMechanism>,
    pub mechanism_parameter: Option<f64>,
    /// The runs are started in this officer's name: another approves them.
    pub set_by: String,
    pub set_at: String,
}

impl TryFrom<&RunSchedule> for ScheduleOut {
    type Error = ApiError;
    fn try_from(schedule: &RunSchedule) -> ApiResult<Self> {
        let options = &schedule.spec.options;
        Ok(ScheduleOut {
            next_run_at: schedule.next_run_at.to_rfc3339(),
            every_days: schedule.every_days,
            method: schedule.spec.method.parse().map_err(ApiError::internal)?,
            time_limit_seconds: schedule.spec.time_limit_ms as f64 / 1000.0,
            tie_bonus: options.tie_bonus,
            waiting_weight: options.waiting_weight,
            reserve: options.reserve,
            balance: options.balance,
            mechanism: mechanism_out(options.mechanism)?,
            mechanism_parameter: options.mechanism.and_then(|m| m.parameter()),
            set_by: schedule.set_by.clone(),
            set_at: schedule.set_at.to_rfc3339(),
        })
    }
}

/// Days between scheduled runs when none are given: weekly, as placement is run.
pub const DEFAULT_EVERY_DAYS: u32 = 7;
/// A scheduled run's time limit when none is given.
pub const DEFAULT_SCHEDULED_SECONDS: f64 = 60.0;

/// Sets the schedule through the application core.
pub(crate) async fn set_schedule(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    body: &ScheduleIn,
) -> ApiResult<RunSchedule> {
    Ok(schedule::set_run_schedule(
        &state.store,
        principal,
        scenario,
        body.first_run,
        body.every_days.unwrap_or(DEFAULT_EVERY_DAYS),
        body.method.unwrap_or(RunMethod::Optimal).as_str(),
        body.time_limit_seconds.unwrap_or(DEFAULT_SCHEDULED_SECONDS),
        RunOptions {
            placement_date: None,
            tie_bonus: body.tie_bonus.unwrap_or(0.0),
            waiting_weight: body.waiting_weight.unwrap_or(0.0),
            reserve: body.reserve.unwrap_or(true),
            balance: body.balance.unwrap_or(false),
            mechanism: checked_mechanism(
                body.mechanism.map(RunMechanism::as_str),
                body.preference_weight,
                body.outcome_share,
            )?,
        },
    )
    .await?)
}

/// The scenario's run schedule.
#[utoipa::path(get, path = "/scenarios/{scenario}/run-schedule", tag = "placement",
    operation_id = "runSchedule",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = ScheduleOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get_schedule(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<axum::Json<ScheduleOut>> {
    match schedule::run_schedule(&state.store, &principal, &scenario).await? {
        Some(schedule) => Ok(axum::Json(ScheduleOut::try_from(&schedule)?)),
        None => Err(ApiError::not_found(format!(
            "scenario '{scenario}' has no run schedule"
        ))),
    }
}

/// Start placement runs on a schedule: weekly by default, each run placing the households
/// waiting at its time within what the decisions leave.
#[utoipa::path(put, path = "/scenarios/{scenario}/run-schedule", tag = "placement",
    operation_id = "setRunSchedule",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = ScheduleIn,
    responses((status = 200, body = ScheduleOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn put_schedule(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<ScheduleIn>,
) -> ApiResult<axum::Json<ScheduleOut>> {
    let schedule = set_schedule(&state, &principal, &scenario, &body).await?;
    state.jobs.wake();
    Ok(axum::Json(ScheduleOut::try_from(&schedule)?))
}

/// Stop the scenario's run schedule.
#[utoipa::path(delete, path = "/scenarios/{scenario}/run-schedule", tag = "placement",
    operation_id = "stopRunSchedule",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 204), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn delete_schedule(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<StatusCode> {
    match schedule::stop_run_schedule(&state.store, &principal, &scenario).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found(format!(
            "scenario '{scenario}' has no run schedule"
        ))),
    }
}
