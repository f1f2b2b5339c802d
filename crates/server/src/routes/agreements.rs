//! Agreements and their follow-up (samverkan): read by the parties, changed by national
//! and the agreement's region, every change a new version; goal status, reminders and the
//! yearly report. Published reports are public.

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::routes::{etag, required_version};
use crate::values::{AgreementKind, ReportFormat, ReportLang};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use landa_app::access::agreement_visible;
use landa_app::followup::with_planning_data;
use landa_followup::{
    follow_up_report, goal_statuses, reminders, render_html, Agreement, GoalStatus, Lang, Reminder,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementSummary {
    pub id: String,
    pub title: String,
    /// regional_agreement, local_development_agreement or cooperation_agreement.
    pub kind: AgreementKind,
    pub region: Option<String>,
    pub valid_from: String,
    pub valid_until: String,
    pub version: u32,
    /// Reminders open today (expiry, missing decisions, stale indicators, overdue actions...).
    pub reminders: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementOut {
    pub version: u32,
    /// The agreement in the format of docs/agreement-format.md, as JSON.
    #[schema(value_type = Object)]
    pub agreement: Agreement,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementIn {
    /// The whole agreement (docs/agreement-format.md, as JSON); its id must be the path's.
    #[schema(value_type = Object)]
    pub agreement: Agreement,
    /// Why this version: kept with it in the version history.
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    pub version: u32,
    pub saved_by: String,
    pub saved_at: String,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpOut {
    pub agreement: String,
    pub today: String,
    #[schema(value_type = Vec<Object>)]
    pub goals: Vec<GoalStatus>,
    #[schema(value_type = Vec<Object>)]
    pub reminders: Vec<Reminder>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    /// The day to judge on, YYYY-MM-DD [default: today].
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// The year followed up [default: this year, or the year after the agreement ended].
    pub year: Option<i32>,
    /// html (print-ready) or json [default: html].
    #[param(inline)]
    pub format: Option<ReportFormat>,
    /// The language of the report's headings, findings and status words: en, sv, nb or nn
    /// [default: en].
    #[param(inline)]
    pub lang: Option<ReportLang>,
}

/// The day a query names, or today.
fn today_or(day: Option<NaiveDate>) -> NaiveDate {
    day.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The agreements the caller may see, at their current version, with their computed
/// indicators' values added, so that lists and reminders judge as the report does. For
/// reading only: a save starts from `agreement_of`.
pub(crate) async fn followed_up_agreements(
    state: &AppState,
    principal: &Principal,
) -> ApiResult<Vec<(Agreement, u32)>> {
    let mut visible = Vec::new();
    for (agreement, version) in state.store.agreements().await? {
        if agreement_visible(principal, &agreement)? {
            visible.push((with_planning_data(&state.store, &agreement).await?, version));
        }
    }
    Ok(visible)
}

/// One agreement if the caller may see it; another party's agreement is "not found".
pub(crate) async fn agreement_of(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> ApiResult<(Agreement, u32)> {
    Ok(landa_app::agreements::visible_agreement(&state.store, principal, id).await?)
}

pub(crate) fn summary(agreement: &Agreement, version: u32, today: NaiveDate) -> AgreementSummary {
    AgreementSummary {
        id: agreement.id.clone(),
        title: agreement.title.clone(),
        kind: agreement.kind.into(),
        region: agreement.region.clone(),
        valid_from: agreement.valid_from.to_string(),
        valid_until: agreement.valid_until.to_string(),
        version,
        reminders: reminders(agreement, today).len(),
    }
}

/// The agreements the caller is party to (national: all; a region: its region's).
#[utoipa::path(get, path = "/agreements", tag = "agreements",
    operation_id = "listAgreements",
    responses((status = 200, body = Vec<AgreementSummary>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<axum::Json<Vec<AgreementSummary>>> {
    let today = chrono::Local::now().date_naive();
    Ok(axum::Json(
        followed_up_agreements(&state, &principal)
            .await?
            .iter()
            .map(|(a, v)| summary(a, *v, today))
            .collect(),
    ))
}

/// One agreement, current version (its ETag is the version).
#[utoipa::path(get, path = "/agreements/{id}", tag = "agreements",
    operation_id = "getAgreement",
    params(("id" = String, Path, description = "Agreement id", example = "vagen-in")),
    responses((status = 200, body = AgreementOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (agreement, version) = agreement_of(&state, &principal, &id).await?;
    Ok((
        [(header::ETAG, etag(version))],
        axum::Json(AgreementOut { version, agreement }),
    )
        .into_response())
}

/// Save a new version of an agreement (national, or the agreement's region). If-Match
/// must hold the version edited ("0" for a new agreement).
#[utoipa::path(put, path = "/agreements/{id}", tag = "agreements",
    operation_id = "saveAgreement",
    params(("id" = String, Path, description = "Agreement id", example = "vagen-in")),
    request_body = AgreementIn,
    responses((status = 200, body = AgreementOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 412, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody),
              (status = 428, body = crate::ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<AgreementIn>,
) -> ApiResult<Response> {
    let expected = required_version(&headers, "agreement", "its ETag; \"0\" for a new one")?;
    let version = save(&state, &principal, &id, &body, expected).await?;
    Ok((
        [(header::ETAG, etag(version))],
        axum::Json(AgreementOut {
            version,
            agreement: body.agreement,
        }),
    )
        .into_response())
}

/// Saves a new version through the application core; the path must name the agreement.
pub(crate) async fn save(
    state: &AppState,
    principal: &Principal,
    id: &str,
    body: &AgreementIn,
    expected: u32,
) -> ApiResult<u32> {
    if body.agreement.id != id {
        return Err(ApiError::field(
            "agreement.id",
            format!(
                "the agreement's id {:?} is not the path's {id:?}",
                body.agreement.id
            ),
        ));
    }
    Ok(landa_app::agreements::save_agreement(
        &state.store,
        principal,
        &body.agreement,
        &body.note,
        expected,
    )
    .await?)
}

/// Every version of an agreement: who saved it, when and why.
#[utoipa::path(get, path = "/agreements/{id}/versions", tag = "agreements",
    operation_id = "listAgreementVersions",
    params(("id" = String, Path, description = "Agreement id", example = "vagen-in")),
    responses((status = 200, body = Vec<VersionOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn versions(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<Vec<VersionOut>>> {
    agreement_of(&state, &principal, &id).await?;
    Ok(axum::Json(
        state
            .store
            .agreement_versions(&id)
            .await?
            .into_iter()
            .map(|v| VersionOut {
                version: v.version,
                saved_by: v.saved_by,
                saved_at: v.saved_at.to_rfc3339(),
                note: v.note,
            })
            .collect(),
    ))
}

/// Each goal's status (on track, at risk, off track, not measurable) and the reminders.
#[utoipa::path(get, path = "/agreements/{id}/follow-up", tag = "agreements",
    operation_id = "getAgreementFollowUp",
    params(("id" = String, Path, description = "Agreement id", example = "vagen-in"), DayQuery),
    responses((status = 200, body = FollowUpOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn follow_up(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    Query(query): Query<DayQuery>,
) -> ApiResult<axum::Json<FollowUpOut>> {
    let today = today_or(query.today);
    let (agreement, _) = agreement_of(&state, &principal, &id).await?;
    let agreement = with_planning_data(&state.store, &agreement).await?;
    Ok(axum::Json(FollowUpOut {
        agreement: id,
        today: today.to_string(),
        goals: goal_statuses(&agreement, today),
        reminders: reminders(&agreement, today),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementReminders {
    pub agreement: String,
    pub title: String,
    #[schema(value_type = Vec<Object>)]
    pub reminders: Vec<Reminder>,
}

/// The reminders of every agreement the caller is party to.
#[utoipa::path(get, path = "/reminders", tag = "agreements", params(DayQuery),
    operation_id = "listReminders",
    responses((status = 200, body = Vec<AgreementReminders>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn all_reminders(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<DayQuery>,
) -> ApiResult<axum::Json<Vec<AgreementReminders>>> {
    let today = today_or(query.today);
    Ok(axum::Json(
        followed_up_agreements(&state, &principal)
            .await?
            .into_iter()
            .map(|(a, _)| AgreementReminders {
                reminders: reminders(&a, today),
                agreement: a.id,
                title: a.title,
            })
            .collect(),
    ))
}

/// The yearly follow-up report as print-ready HTML or as JSON data.
pub(crate) fn report_response(agreement: &Agreement, query: &ReportQuery) -> ApiResult<Response> {
    let today = chrono::Local::now().date_naive();
    let year = query
        .year
        .unwrap_or_else(|| today.year().min(agreement.valid_until.0.year() + 1));
    if !(1990..=2100).contains(&year) {
        return Err(ApiError::field(
            "year",
            "year must be between 1990 and 2100",
        ));
    }
    let lang = query.lang.map_or(Lang::En, Lang::from);
    let report = follow_up_report(agreement, year, today, lang);
    match query.format.unwrap_or(ReportFormat::Html) {
        ReportFormat::Html => Ok(Html(render_html(&report)).into_response()),
        ReportFormat::Json => Ok(axum::Json(report).into_response()),
    }
}

/// The yearly follow-up report of an agreement the caller is party to.
#[utoipa::path(get, path = "/agreements/{id}/report", tag = "agreements",
    operation_id = "getAgreementReport",
    params(("id" = String, Path, description = "Agreement id", example = "vagen-in"), ReportQuery),
    responses((status = 200, description = "The report, HTML or JSON"), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> ApiResult<Response> {
    let (agreement, _) = agreement_of(&state, &principal, &id).await?;
    report_response(&with_planning_data(&state.store, &agreement).await?, &query)
}

/// The agreements whose follow-up is published, for anyone.
#[utoipa::path(get, path = "/public/agreements", tag = "public",
    operation_id = "listPublicAgreements",
    responses((status = 200, body = Vec<AgreementSummary>)))]
pub async fn public_list(
    State(state): State<AppState>,
) -> ApiResult<axum::Json<Vec<AgreementSummary>>> {
    let today = chrono::Local::now().date_naive();
    Ok(axum::Json(
        published_agreements(&state)
            .await?
            .iter()
            .map(|(a, v)| summary(a, *v, today))
            .collect(),
    ))
}

/// The agreements whose follow-up is published, with their computed indicators' values.
pub(crate) async fn published_agreements(state: &AppState) -> ApiResult<Vec<(Agreement, u32)>> {
    let mut published = Vec::new();
    for (agreement, version) in state.store.agreements().await? {
        if agreement.published {
            published.push((with_planning_data(&state.store, &agreement).await?, version));
        }
    }
    Ok(published)
}

/// One published agreement with its computed indicators' values; an unpublished one is
/// "not found", as if it did not exist.
pub(crate) async fn published_agreement(state: &AppState, id: &str) -> ApiResult<Agreement> {
    match state.store.agreement(id, None).await {
        Ok((agreement, _)) if agreement.published => {
            Ok(with_planning_data(&state.store, &agreement).await?)
        }
        Ok(_) | Err(landa_store::StoreError::NotFound(_)) => Err(ApiError::not_found(format!(
            "no published follow-up of agreement {id}"
        ))),
        Err(other) => Err(other.into()),
    }
}

/// A published agreement's yearly follow-up report, for anyone.
#[utoipa::path(get, path = "/public/agreements/{id}/report", tag = "public",
    operation_id = "getPublicAgreementReport",
    params(("id" = String, Path, description = "Agreement id", example = "vagen-in"), ReportQuery),
    responses((status = 200, description = "The report, HTML or JSON"), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn public_report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> ApiResult<Response> {
    report_response(&published_agreement(&state, &id).await?, &query)
}
