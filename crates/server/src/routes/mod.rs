//! Every route of the API and the helpers its handlers share. The route table is
//! `api()`: each route registered here is in the OpenAPI document, and the authorization
//! matrix test (tests/authorization.rs) has a rule for each, or fails.

pub(crate) mod admin;
pub(crate) mod agreements;
pub(crate) mod attention;
pub(crate) mod auth;
pub(crate) mod commitments;
pub(crate) mod dwellings;
pub mod health;
pub(crate) mod households;
pub(crate) mod intake;
pub(crate) mod integration_indicators;
pub(crate) mod placement;
pub(crate) mod planning;
pub(crate) mod preferences;
pub(crate) mod public;
pub(crate) mod quota;
pub(crate) mod register;
pub(crate) mod scenarios;
pub(crate) mod year_plan;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use landa_model::{Municipality, NaiveDate};
use std::str::FromStr;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The API under /api/v1, with its OpenAPI document.
pub fn api() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(admin::list, admin::create))
        .routes(routes!(agreements::list))
        .routes(routes!(agreements::get, agreements::put))
        .routes(routes!(agreements::versions))
        .routes(routes!(agreements::follow_up))
        .routes(routes!(agreements::report))
        .routes(routes!(agreements::all_reminders))
        .routes(routes!(agreements::public_list))
        .routes(routes!(agreements::public_report))
        .routes(routes!(admin::disable))
        .routes(routes!(admin::enable))
        .routes(routes!(admin::link_identity))
        .routes(routes!(admin::issue_token))
        .routes(routes!(admin::audit_log))
        .routes(routes!(scenarios::list))
        .routes(routes!(scenarios::regions))
        .routes(routes!(scenarios::municipalities))
        .routes(routes!(scenarios::dashboard))
        .routes(routes!(planning::list_rounds, planning::publish_round))
        .routes(routes!(quota::preview))
        .routes(routes!(planning::current_decisions))
        .routes(routes!(
            planning::decision_history,
            planning::record_decision
        ))
        .routes(routes!(planning::gaps))
        .routes(routes!(planning::declare_unaccompanied_minors))
        .routes(routes!(
            preferences::get_priorities,
            preferences::put_priorities
        ))
        .routes(routes!(preferences::get_ranking, preferences::put_ranking))
        .routes(routes!(households::list, intake::register))
        .routes(routes!(households::counts))
        .routes(routes!(households::get, intake::correct))
        .routes(routes!(intake::withdraw))
        .routes(routes!(intake::move_in))
        .routes(routes!(intake::move_elsewhere))
        .routes(routes!(intake::lift_exclusion))
        .routes(routes!(intake::history))
        .routes(routes!(register::get))
        .routes(routes!(register::put_programme))
        .routes(routes!(register::put_status))
        .routes(routes!(integration_indicators::get))
        .routes(routes!(intake::totals))
        .routes(routes!(households::respond))
        .routes(routes!(households::responses))
        .routes(routes!(dwellings::list, dwellings::add))
        .routes(routes!(dwellings::get, dwellings::update))
        .routes(routes!(commitments::commit))
        .routes(routes!(placement::list, placement::start))
        .routes(routes!(placement::get))
        .routes(routes!(placement::placements))
        .routes(routes!(placement::explanation))
        .routes(routes!(placement::approve))
        .routes(routes!(year_plan::get_forecast, year_plan::put_forecast))
        .routes(routes!(attention::reminders))
        .routes(routes!(
            year_plan::get_schedule,
            year_plan::put_schedule,
            year_plan::delete_schedule
        ))
        .routes(routes!(public::scenarios))
        .routes(routes!(public::summary));
    // Files are larger than the requests the global limit is made for.
    let files = OpenApiRouter::new()
        .routes(routes!(intake::upload))
        .routes(routes!(register::upload))
        .layer(axum::extract::DefaultBodyLimit::max(
            intake::MAX_INTAKE_FILE_BYTES,
        ));
    OpenApiRouter::with_openapi(crate::openapi::base()).nest("/api/v1", v1.merge(files))
}

/// The municipality of `code` in the year's view: 422 for a malformed code, 404 for one
/// not in the scenario, saying which municipality it is part of or was when a code change
/// explains its absence (a 2015 Østfold code in today's year, or the reverse).
pub fn known_municipality<'a>(
    code: &str,
    view: &'a landa_store::PlanningView,
) -> ApiResult<&'a Municipality> {
    let parsed: landa_model::MunicipalityCode = parse_field(code, "municipality")?;
    view.municipalities
        .iter()
        .find(|m| m.code == parsed)
        .ok_or_else(|| ApiError::not_found(landa_model::not_in_year(view.meta.country, &parsed)))
}

/// Parses a request field with the model's own checks; the error names the field.
pub fn parse_field<T>(text: &str, field: &str) -> ApiResult<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| ApiError::field(field, format!("{field}: {e}")))
}

/// A YYYY-MM-DD date field.
pub fn parse_date(text: &str, field: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::field(
            field,
            format!("{field}: expected a date YYYY-MM-DD, got '{text}'"),
        )
    })
}

pub(crate) use landa_app::planning::gap_report_of;

/// The ETag of a record version.
pub fn etag(version: impl std::fmt::Display) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// The version in an If-Match header (`"3"`, `W/"3"` or `3`), if one was sent.
pub fn expected_version(headers: &HeaderMap) -> ApiResult<Option<u32>> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::field(
            "If-Match",
            "If-Match must hold the version read, e.g. \"3\"",
        )
    };
    let text = value.to_str().map_err(|_| invalid())?.trim();
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    text.parse().map(Some).map_err(|_| invalid())
}

/// The version in If-Match, which a change of `what` must send (428 without it) so a
/// concurrent change is not overwritten; `hint` says what to send.
pub fn required_version(headers: &HeaderMap, what: &str, hint: &str) -> ApiResult<u32> {
    expected_version(headers)?.ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            ErrorCode::IfMatchRequired,
            format!("send If-Match with the {what}'s version ({hint})"),
        )
    })
}
