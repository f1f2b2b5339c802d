//! Phase 1 over the API: request rounds (anmodning; kommuntal), municipal decisions
//! (vedtak) with their versions, and the gap report.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Json, Path, Query};
use crate::routes::{etag, expected_version, known_municipality, parse_field};
use crate::values::GapLevel;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use landa_app::access::{scope_in, Scope};
use landa_app::planning;
use landa_model::{
    DecidingBody, MunicipalDecision, MunicipalRequest, MunicipalityCode, NaiveDate, RequestRound,
};
use landa_quota::gap_report;
use landa_store::DecisionVersion;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One municipality's number in one request round.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestOut {
    pub year: i32,
    pub round: u32,
    /// YYYY-MM-DD, where known.
    pub sent_on: Option<NaiveDate>,
    pub sent_by: String,
    pub municipality: String,
    pub persons: u32,
    pub unaccompanied_minors: u32,
}

impl RequestOut {
    pub fn new(round: &RequestRound, request: &MunicipalRequest) -> RequestOut {
        RequestOut {
            year: round.year,
            round: round.round,
            sent_on: round.sent_on,
            sent_by: round.sent_by.clone(),
            municipality: request.municipality.to_string(),
            persons: request.persons,
            unaccompanied_minors: request.unaccompanied_minors,
        }
    }
}

/// A request round with the requests the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundOut {
    pub year: i32,
    pub round: u32,
    pub sent_on: Option<NaiveDate>,
    pub sent_by: String,
    pub requests: Vec<RequestItem>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestItem {
    /// Four-digit municipality code.
    #[schema(value_type = String, pattern = "^[0-9]{4}$", example = "2080")]
    pub municipality: MunicipalityCode,
    /// Persons requested, including the unaccompanied minors.
    pub persons: u32,
    pub unaccompanied_minors: u32,
}

/// The request rounds of a planning year; regions and municipalities see their own requests.
#[utoipa::path(get, path = "/scenarios/{scenario}/request-rounds", tag = "planning",
    operation_id = "listRequestRounds",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<RoundOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn list_rounds(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Json<Vec<RoundOut>>> {
    let scope = scope_in(&state.store, &principal, &scenario).await?;
    let view = state.store.planning_view(&scenario, scope.only()).await?;
    let region_of = |code: &MunicipalityCode| {
        view.municipalities
            .iter()
            .find(|m| &m.code == code)
            .map(|m| &m.region)
    };
    Ok(Json(
        view.request_rounds
            .iter()
            .map(|round| RoundOut {
                year: round.year,
                round: round.round,
                sent_on: round.sent_on,
                sent_by: round.sent_by.clone(),
                requests: round
                    .requests
                    .iter()
                    .filter(|r| scope.covers(&r.municipality, region_of(&r.municipality)))
                    .map(|r| RequestItem {
                        municipality: r.municipality.clone(),
                        persons: r.persons,
                        unaccompanied_minors: r.unaccompanied_minors,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A new request round: national for any municipality, a region for its own.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundIn {
    pub year: i32,
    /// A round number not used before in this year: rounds are never overwritten.
    pub round: u32,
    /// [default: today]
    pub sent_on: Option<NaiveDate>,
    /// Who sends it, e.g. "Länsstyrelsen Dalarna".
    pub sent_by: String,
    pub requests: Vec<RequestItem>,
}

/// Publish a request round (anmodning) to municipalities.
#[utoipa::path(post, path = "/scenarios/{scenario}/request-rounds", tag = "planning",
    operation_id = "publishRequestRound",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = RoundIn,
    responses((status = 201, body = RoundOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn publish_round(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<RoundIn>,
) -> ApiResult<Response> {
    let out = publish(&state, &principal, &scenario, body).await?;
    Ok((StatusCode::CREATED, axum::Json(out)).into_response())
}

/// Publishes a request round through the application core; the body's codes and dates
/// are parsed here, with the field that holds each.
pub(crate) async fn publish(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    body: RoundIn,
) -> ApiResult<RoundOut> {
    let requests = body
        .requests
        .iter()
        .map(|item| MunicipalRequest {
            municipality: item.municipality.clone(),
            persons: item.persons,
            unaccompanied_minors: item.unaccompanied_minors,
        })
        .collect();
    let sent_on = body
        .sent_on
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let round = planning::publish_round(
        &state.store,
        principal,
        scenario,
        RequestRound {
            year: body.year,
            round: body.round,
            sent_on: Some(sent_on),
            sent_by: body.sent_by,
            requests,
        },
    )
    .await?;
    Ok(RoundOut {
        year: round.year,
        round: round.round,
        sent_on: round.sent_on,
        sent_by: round.sent_by,
        requests: body.requests,
    })
}

/// One version of a municipality's decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionOut {
    pub municipality: String,
    pub year: i32,
    /// 1 for the first recorded decision, then 2, 3 ... per revision.
    pub version: u32,
    pub recorded_at: String,
    pub recorded_by: String,
    pub persons: u32,
    pub unaccompanied_minors: u32,
    /// municipal_council, executive_board, or the name of another body; absent when no
    /// formal decision is registered (only the number is known).
    #[schema(value_type = Option<String>, example = "municipal_council")]
    pub body: Option<DecidingBody>,
    pub decided_on: Option<NaiveDate>,
    pub registration_number: Option<String>,
    pub document_url: Option<String>,
}

impl From<&DecisionVersion> for DecisionOut {
    fn from(v: &DecisionVersion) -> Self {
        let d = &v.decision;
        DecisionOut {
            municipality: d.municipality.to_string(),
            year: d.year,
            version: v.version,
            recorded_at: v.recorded_at.to_rfc3339(),
            recorded_by: v.recorded_by.clone(),
            persons: d.persons,
            unaccompanied_minors: d.unaccompanied_minors,
            body: d.body.clone(),
            decided_on: d.decided_on,
            registration_number: d.registration_number.clone(),
            document_url: d.document_url.clone(),
        }
    }
}

/// Every version of a municipality's decisions, oldest first. The ETag is the current
/// version of the latest year's decision, for If-Match on the next revision.
#[utoipa::path(get, path = "/scenarios/{scenario}/municipalities/{code}/decisions", tag = "planning",
    operation_id = "getDecisionHistory",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("code" = String, Path, description = "Four-digit municipality code", example = "2080")),
    responses((status = 200, body = Vec<DecisionOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn decision_history(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, code)): Path<(String, String)>,
) -> ApiResult<Response> {
    let scope = scope_in(&state.store, &principal, &scenario).await?;
    let view = state
        .store
        .planning_view(&scenario, Some(&parse_field(&code, "municipality")?))
        .await?;
    let code = known_municipality(&code, &view)?.code.clone();
    scope.check(&code, &view.municipalities)?;
    let history = state.store.decision_history(&scenario, &code).await?;
    let versions: Vec<DecisionOut> = history.iter().map(DecisionOut::from).collect();
    let current = history
        .iter()
        .filter(|v| v.decision.year == view.meta.year)
        .map(|v| v.version)
        .max()
        .unwrap_or(0);
    Ok(([(header::ETAG, etag(current))], axum::Json(versions)).into_response())
}

/// A decision to record: a new version of the municipality's decision for the year.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    /// The planning year [default: the scenario's].
    pub year: Option<i32>,
    pub persons: u32,
    #[serde(default)]
    pub unaccompanied_minors: u32,
    /// municipal_council, executive_board, or the name of another body.
    #[schema(value_type = Option<String>, example = "municipal_council")]
    pub body: Option<DecidingBody>,
    pub decided_on: Option<NaiveDate>,
    /// Diarienummer / saksnummer.
    pub registration_number: Option<String>,
    pub document_url: Option<String>,
}

/// Register a municipality's formal decision (vedtak): the municipality itself or national.
/// Send `If-Match` with the version read (ETag of the history; "0" when none) so a
/// concurrent revision is refused (412) instead of silently overwritten.
#[utoipa::path(post, path = "/scenarios/{scenario}/municipalities/{code}/decisions", tag = "planning",
    operation_id = "recordDecision",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("code" = String, Path, description = "Four-digit municipality code", example = "2080"),
           ("If-Match" = Option<String>, Header, description = "Version the change is based on")),
    request_body = DecisionIn,
    responses((status = 201, body = DecisionOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 412, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn record_decision(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, code)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<DecisionIn>,
) -> ApiResult<Response> {
    let expected = expected_version(&headers)?;
    let out = register_decision(&state, &principal, &scenario, &code, body, expected).await?;
    let version = out.version;
    Ok((
        StatusCode::CREATED,
        [(header::ETAG, etag(version))],
        axum::Json(out),
    )
        .into_response())
}

/// Registers a decision for municipality `code` through the application core.
pub(crate) async fn register_decision(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    code: &str,
    body: DecisionIn,
    expected: Option<u32>,
) -> ApiResult<DecisionOut> {
    let municipality: MunicipalityCode = parse_field(code, "municipality")?;
    let year = match body.year {
        Some(year) => year,
        None => state.store.scenario_meta(scenario).await?.year,
    };
    let decision = MunicipalDecision {
        year,
        municipality,
        persons: body.persons,
        unaccompanied_minors: body.unaccompanied_minors,
        body: body.body,
        decided_on: body.decided_on,
        registration_number: optional_text(body.registration_number),
        document_url: optional_text(body.document_url),
    };
    let version = planning::register_decision(
        &state.store,
        principal,
        scenario,
        decision,
        expected,
        chrono::Utc::now().date_naive(),
    )
    .await?;
    Ok(DecisionOut::from(&version))
}

/// A text field trimmed, `None` when empty.
fn optional_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The current decision of every municipality the caller may see.
#[utoipa::path(get, path = "/scenarios/{scenario}/decisions", tag = "planning",
    operation_id = "listCurrentDecisions",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<DecisionSummary>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn current_decisions(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Json<Vec<DecisionSummary>>> {
    let scope = scope_in(&state.store, &principal, &scenario).await?;
    let view = state.store.planning_view(&scenario, scope.only()).await?;
    Ok(Json(
        view.decisions
            .iter()
            .filter(|d| {
                let region = view
                    .municipalities
                    .iter()
                    .find(|m| m.code == d.municipality)
                    .map(|m| &m.region);
                scope.covers(&d.municipality, region)
            })
            .map(|d| DecisionSummary {
                municipality: d.municipality.to_string(),
                year: d.year,
                persons: d.persons,
                unaccompanied_minors: d.unaccompanied_minors,
                formally_registered: d.body.is_some() && d.decided_on.is_some(),
            })
            .collect(),
    ))
}

/// A municipality's current decision for a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionSummary {
    pub municipality: String,
    pub year: i32,
    pub persons: u32,
    pub unaccompanied_minors: u32,
    /// False when only the number is known, without deciding body and date: what follow-up must catch.
    pub formally_registered: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GapQuery {
    /// Planning year [default: the scenario's].
    pub year: Option<i32>,
}

/// One row of the gap report: a municipality, a region or the nation.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapRow {
    pub level: GapLevel,
    pub code: String,
    pub name: String,
    pub region: Option<String>,
    pub requested: u64,
    pub requested_minors: u64,
    /// Absent for a municipality without a registered decision.
    pub decided: Option<u64>,
    pub decided_minors: Option<u64>,
    pub placed: u64,
    pub remaining: u64,
    /// Requested minus decided (positive: fewer places decided than asked for).
    pub gap: i64,
    /// Municipalities without a decision (regions and nation).
    pub without_decision: Option<u32>,
    /// The municipality this one is part of today, where its code has changed since
    /// (a 2015 Østfold municipality: Askim 0124 is Indre Østfold 3118).
    pub today_code: Option<String>,
    pub today_name: Option<String>,
}

/// Requested, decided, placed and remaining per municipality, region and nation, for
/// the municipalities the caller may see (a region sees its own and its total).
#[utoipa::path(get, path = "/scenarios/{scenario}/gaps", tag = "planning",
    operation_id = "getGapReport",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"), GapQuery),
    responses((status = 200, body = Vec<GapRow>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn gaps(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Query(query): Query<GapQuery>,
) -> ApiResult<Json<Vec<GapRow>>> {
    Ok(Json(
        gap_rows(&state, &principal, &scenario, query.year).await?,
    ))
}

/// The gap report rows the caller may see: its municipalities, then its region(s), then
/// (national only) the nation.
pub(crate) async fn gap_rows(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    year: Option<i32>,
) -> ApiResult<Vec<GapRow>> {
    let scope = scope_in(&state.store, principal, scenario).await?;
    let view = state.store.planning_view(scenario, scope.only()).await?;
    let year = year.unwrap_or(view.meta.year);
    landa_app::planning::check_year(year, "year")?;
    let visible: Vec<_> = view
        .municipalities
        .iter()
        .filter(|m| scope.covers(&m.code, Some(&m.region)))
        .cloned()
        .collect();
    let regions: Vec<_> = view
        .regions
        .iter()
        .filter(|r| visible.iter().any(|m| m.region == r.code))
        .cloned()
        .collect();
    let report = gap_report(
        year,
        &regions,
        &visible,
        &view.request_rounds,
        &view.decisions,
        &view.placed,
    );
    let name_of = |code: &MunicipalityCode| {
        visible
            .iter()
            .find(|m| &m.code == code)
            .map_or(String::new(), |m| m.name.clone())
    };
    let known: Vec<&MunicipalityCode> = visible.iter().map(|m| &m.code).collect();
    let mut rows: Vec<GapRow> = report
        .municipalities
        .iter()
        // Requests or decisions naming municipalities outside the scope are not shown.
        .filter(|row| known.contains(&&row.municipality))
        .map(|row| GapRow {
            level: GapLevel::Municipality,
            code: row.municipality.to_string(),
            name: name_of(&row.municipality),
            region: row.region.as_ref().map(ToString::to_string),
            requested: row.requested.persons.into(),
            requested_minors: row.requested.unaccompanied_minors.into(),
            decided: row.decided.map(|d| d.persons.into()),
            decided_minors: row.decided.map(|d| d.unaccompanied_minors.into()),
            placed: row.placed.persons.into(),
            remaining: row.remaining.persons.into(),
            gap: row.gap.persons,
            without_decision: None,
            today_code: landa_model::today_of(view.meta.country, &row.municipality)
                .map(|change| change.today.to_string()),
            today_name: landa_model::today_of(view.meta.country, &row.municipality)
                .map(|change| change.today_name.clone()),
        })
        .collect();
    let totals = |level, code: String, name: String, t: &landa_quota::GapTotals| GapRow {
        level,
        code,
        name,
        region: None,
        requested: t.requested.persons,
        requested_minors: t.requested.unaccompanied_minors,
        decided: Some(t.decided.persons),
        decided_minors: Some(t.decided.unaccompanied_minors),
        placed: t.placed.persons,
        remaining: t.remaining.persons,
        gap: t.gap.persons,
        without_decision: Some(t.without_decision),
        today_code: None,
        today_name: None,
    };
    if !matches!(scope, Scope::Municipality(..)) {
        rows.extend(report.regions.iter().map(|r| {
            totals(
                GapLevel::Region,
                r.region.to_string(),
                r.name.clone().unwrap_or_default(),
                &r.totals,
            )
        }));
    }
    if scope == Scope::All {
        rows.push(totals(
            GapLevel::Nation,
            String::new(),
            "Total".into(),
            &report.nation,
        ));
    }
    Ok(rows)
}

/// A municipality's word on unaccompanied minors.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnaccompaniedMinorsIn {
    /// Whether it takes unaccompanied minors (enslige mindreårige, EM).
    pub takes: bool,
}

/// Say whether a Norwegian municipality takes unaccompanied minors: IMDi asks for minors
/// only of those that say yes (or decided to settle some this year). The municipality
/// itself or national; a Swedish year is refused, since every Swedish municipality takes them.
#[utoipa::path(put, path = "/scenarios/{scenario}/municipalities/{code}/unaccompanied-minors",
    tag = "planning", operation_id = "declareUnaccompaniedMinors",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("code" = String, Path, description = "Four-digit municipality code", example = "2080")),
    request_body = UnaccompaniedMinorsIn,
    responses((status = 200, body = crate::routes::scenarios::MunicipalityOut),
              (status = 401, body = crate::ErrorBody), (status = 403, body = crate::ErrorBody),
              (status = 404, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn declare_unaccompanied_minors(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, code)): Path<(String, String)>,
    Json(body): Json<UnaccompaniedMinorsIn>,
) -> ApiResult<axum::Json<crate::routes::scenarios::MunicipalityOut>> {
    let code: MunicipalityCode = parse_field(&code, "municipality")?;
    let municipality = planning::declare_unaccompanied_minors(
        &state.store,
        &principal,
        &scenario,
        &code,
        body.takes,
    )
    .await?;
    Ok(axum::Json((&municipality).into()))
}
