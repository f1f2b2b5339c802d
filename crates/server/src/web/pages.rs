//! The pages. Each calls the same function as its API endpoint (routes/…), so access
//! rules and audit are the API's, then renders the result.

use super::chart::{paired_bars, Pair};
use super::i18n::{Lang, Text, LANG_COOKIE};
use super::indicators::{indicator_table, IndicatorInputs};
use super::{back_to, error_page, layout, linked_table, table, Download, PageLang, WebUser};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::routes::auth::open_session;
use crate::routes::dwellings::{edit, offer, DwellingIn};
use crate::routes::households::{answer, household_of, responses_of, ResponseIn};
use crate::routes::placement::{approve_run, runs_of, start_run, RunIn};
use crate::routes::planning::{
    gap_rows, publish, register_decision, DecisionIn, GapRow, RequestItem, RoundIn,
};
use crate::routes::public::{summary_rows, PublicCount};
use crate::routes::quota::{distribution, AdjustmentIn, QuotaIn, QuotaRow};
use crate::routes::scenarios::dashboard_of;
use crate::routes::{parse_date, parse_field};
use crate::values::{Answer, Contract, GapLevel, RunMethod, RunStatus};
use crate::{auth, AppState};
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use landa_app::FieldPath;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_model::Role;
use maud::{html, Markup};
use serde::Deserialize;

/// `/`: the user's home, or the login form.
pub async fn root(State(state): State<AppState>, parts: axum::http::request::Parts) -> Response {
    match auth::session_of(&state, &parts).await {
        Ok(Some(_)) => Redirect::to("/app").into_response(),
        _ => Redirect::to("/login").into_response(),
    }
}

fn login_page(lang: Lang, username: &str, error: Option<&str>) -> Markup {
    layout(
        lang,
        None,
        lang.t(Text::LogIn),
        html! {
            form.stack method="post" action="/login" {
                label for="username" { (lang.t(Text::Username))
                    input id="username" name="username" autocomplete="username" required value=(username)
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "login-error")];
                }
                label for="password" { (lang.t(Text::Password))
                    input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "login-error")];
                }
                @if let Some(error) = error { p.error id="login-error" role="alert" { (error) } }
                button type="submit" { (lang.t(Text::LogIn)) }
            }
        },
    )
}

pub async fn login_form(PageLang(lang): PageLang) -> Markup {
    login_page(lang, "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    auth::ClientAddress(address): auth::ClientAddress,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    match open_session(&state, &form.username, &form.password, address).await {
        Ok(opened) => match crate::routes::auth::session_cookie(&opened, &state, &headers) {
            Ok(cookie) => ([(header::SET_COOKIE, cookie)], Redirect::to("/app")).into_response(),
            Err(error) => error_page(lang, None, &error),
        },
        Err(error) => (
            error.status,
            login_page(lang, &form.username, Some(&error.body.message)),
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf_token: String,
}

pub(super) fn check_csrf(user: &WebUser, sent: &str) -> ApiResult<()> {
    if sent == user.csrf_token {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Csrf,
            "the form's token does not match your session; reload the page",
        ))
    }
}

pub async fn logout(
    State(state): State<AppState>,
    user: WebUser,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    if let Err(error) = crate::routes::auth::close_session(&state, &user.principal, &headers).await
    {
        return error_page(user.lang, Some(&user), &error);
    }
    (
        [(
            header::SET_COOKIE,
            "landa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        )],
        Redirect::to("/login"),
    )
        .into_response()
}

/// Chooses the language for a year and goes back where the user was.
pub async fn language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::from_code(&code).unwrap_or(Lang::En);
    let back =
        crate::hardening::local_path(headers.get(header::REFERER).and_then(|v| v.to_str().ok()));
    (
        [(
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            ),
        )],
        Redirect::to(&back),
    )
        .into_response()
}

/// `/app`: the planning years (a partner's home is its agreements).
pub async fn years(State(state): State<AppState>, user: WebUser) -> Response {
    // Partners take part in agreements, not in planning years.
    if matches!(user.principal.role, Role::Partner(..)) {
        return Redirect::to("/app/agreements").into_response();
    }
    let lang = user.lang;
    match state.store.scenarios().await {
        Ok(scenarios) => layout(
            lang,
            Some(&user),
            lang.t(Text::PlanningYears),
            html! {
                ul {
                    // Only the years of the caller's own country: the others would refuse it.
                    @for s in scenarios.iter().filter(|s| user.principal.role.country().is_none_or(|c| c == s.country)) {
                        li { a href=(format!("/app/{}", s.name)) { (s.name) } " (" (s.country.code()) " " (s.year) ")" }
                    }
                }
            },
        )
        .into_response(),
        Err(error) => error_page(lang, Some(&user), &error.into()),
    }
}

/// `/app/{scenario}`: the role's own page for the year.
pub async fn year(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Query(download): Query<Download>,
    Query(sort): Query<super::Sort>,
) -> Response {
    let result = match user.principal.role.clone() {
        Role::Municipality(_, code) => {
            return Redirect::to(&format!("/app/{scenario}/municipalities/{code}")).into_response()
        }
        Role::Region(..) => region_page(&state, &user, &scenario, &download, None, sort).await,
        Role::National(_) => national_page(&state, &user, &scenario, &download).await,
        Role::Administrator => return Redirect::to("/admin").into_response(),
        Role::Partner(..) => return Redirect::to("/app/agreements").into_response(),
    };
    result.unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

/// The gap rows as a table, in the user's words.
fn gap_table(lang: Lang, title: String, rows: &[GapRow]) -> Table {
    let text = |t: Text| Column::new(lang.t(t), ColumnKind::Text);
    let integer = |t: Text| Column::new(lang.t(t), ColumnKind::Integer);
    let mut table = Table::new(
        title,
        vec![
            text(Text::Code),
            text(Text::Name),
            integer(Text::Requested),
            integer(Text::Decided),
            integer(Text::UnaccompaniedMinors),
            integer(Text::Placed),
            integer(Text::Remaining),
            integer(Text::Gap),
        ],
    );
    let has_municipalities = rows.iter().any(|r| r.level == GapLevel::Municipality);
    for row in rows {
        let cells: Vec<Cell> = vec![
            row.code.clone().into(),
            row.name.clone().into(),
            Cell::Integer(row.requested as i64),
            row.decided
                .map(|d| Cell::Integer(d as i64))
                .unwrap_or(Cell::Empty),
            row.decided_minors
                .map(|d| Cell::Integer(d as i64))
                .unwrap_or(Cell::Empty),
            Cell::Integer(row.placed as i64),
            Cell::Integer(row.remaining as i64),
            Cell::Integer(row.gap),
        ];
        // Totals stand out: the nation's, and a region's under its municipalities.
        if row.level == GapLevel::Nation || (row.level == GapLevel::Region && has_municipalities) {
            table.push_emphasised(cells);
        } else {
            table.push(cells);
        }
    }
    table
}

/// What the region's distribution form holds: the model's inputs and the round to publish.
#[derive(Deserialize, Default, Clone)]
pub struct DistributeForm {
    csrf_token: String,
    total: String,
    minors: String,
    /// One adjustment a line: CODE=PERSONS: reason.
    adjustments: String,
    round: String,
    sent_by: String,
    /// preview or publish.
    action: String,
}

/// The distribution on the region page: a preview, or why it could not be made.
struct DistributeOutcome {
    form: DistributeForm,
    result: Result<Vec<QuotaRow>, ApiError>,
}

async fn region_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    download: &Download,
    outcome: Option<DistributeOutcome>,
    sort: super::Sort,
) -> ApiResult<Response> {
    let lang = user.lang;
    let rows = gap_rows(state, &user.principal, scenario, None).await?;
    let mut table = gap_table(
        lang,
        format!("{} · {scenario}", lang.t(Text::Municipalities)),
        &rows,
    );
    sort.apply(&mut table);
    if let Some(file) = download.answer("municipalities", &table) {
        return Ok(file);
    }
    let pairs: Vec<Pair<'_>> = rows
        .iter()
        .filter(|r| r.level == GapLevel::Municipality)
        .map(|r| Pair {
            label: r.name.as_str(),
            first: r.requested,
            second: r.decided.unwrap_or(0),
        })
        .collect();
    let region = user
        .principal
        .role
        .jurisdiction()
        .unwrap_or_default()
        .to_owned();
    Ok(layout(
        lang,
        Some(user),
        &format!("{} {region} · {scenario}", lang.t(Text::Region)),
        html! {
            (super::sortable_table(lang, "municipalities", &table, sort))
            (paired_bars(lang.t(Text::RequestedVsDecided), lang.t(Text::Requested), lang.t(Text::Decided), &pairs))
            ul {
                @for r in rows.iter().filter(|r| r.level == GapLevel::Municipality) {
                    li { a href=(format!("/app/{scenario}/municipalities/{}", r.code)) { (r.name) } }
                }
            }
            (distribute_section(lang, user, scenario, outcome.as_ref()))
        },
    )
    .into_response())
}

fn distribute_section(
    lang: Lang,
    user: &WebUser,
    scenario: &str,
    outcome: Option<&DistributeOutcome>,
) -> Markup {
    let form = outcome.map(|o| o.form.clone()).unwrap_or_default();
    let error = outcome.and_then(|o| o.result.as_ref().err());
    let error_for = |field: &str| {
        error
            .filter(|e| e.field_name().is_some_and(|f| f.starts_with(field)))
            .map(|e| e.body.message.clone())
    };
    let preview_table = outcome.and_then(|o| o.result.as_ref().ok()).map(|rows| {
        let mut preview = Table::new(
            lang.t(Text::Preview),
            vec![
                Column::new(lang.t(Text::Code), ColumnKind::Text),
                Column::new(lang.t(Text::Persons), ColumnKind::Integer),
                Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
                Column::new(lang.t(Text::Adjustments), ColumnKind::Text),
            ],
        );
        for row in rows {
            preview.push(vec![
                row.municipality.as_str().into(),
                row.persons.into(),
                row.unaccompanied_minors.into(),
                row.adjustment_reason.clone().into(),
            ]);
        }
        preview
    });
    html! {
        h2 { (lang.t(Text::Distribute)) }
        @if let Some(error) = error.filter(|e| e.body.field.is_none()) { p.error role="alert" { (error.body.message) } }
        form.stack method="post" action=(format!("/app/{scenario}/distribute")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            (input_field(lang.t(Text::Persons), "total", "number", &form.total, error_for("total")))
            (input_field(lang.t(Text::UnaccompaniedMinors), "minors", "number", &form.minors, error_for("minors")))
            label for="adjustments" { (lang.t(Text::Adjustments))
                textarea id="adjustments" name="adjustments" rows="3" aria-describedby="adjustments-help"
                    aria-invalid=[error_for("adjustments").map(|_| "true")] { (form.adjustments) }
            }
            p id="adjustments-help" { "2080=90: " (lang.t(Text::AdjustmentHelp)) }
            @if let Some(message) = error_for("adjustments") { p.error id="adjustments-error" role="alert" { (message) } }
            (input_field(lang.t(Text::Round), "round", "number", &form.round, error_for("round")))
            (input_field(lang.t(Text::SentBy), "sent_by", "text", &form.sent_by, error_for("sent_by")))
            div {
                button type="submit" name="action" value="preview" { (lang.t(Text::Preview)) }
                " "
                button type="submit" name="action" value="publish" { (lang.t(Text::Publish)) }
            }
        }
        @if let Some(preview) = &preview_table { (table(lang, "preview", preview)) }
    }
}

pub(super) fn input_field(
    label: &str,
    name: &str,
    kind: &str,
    value: &str,
    error: Option<String>,
) -> Markup {
    let error_id = format!("{name}-error");
    html! {
        label for=(name) { (label)
            input id=(name) name=(name) type=(kind) value=(value) min=[(kind == "number").then_some("0")]
                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| error_id.as_str())];
        }
        @if let Some(error) = &error { p.error id=(error_id) role="alert" { (error) } }
    }
}

/// The region's model inputs from the form, checked field by field.
fn quota_request(user: &WebUser, form: &DistributeForm) -> ApiResult<QuotaIn> {
    let mut adjustments = Vec::new();
    for (index, line) in form
        .adjustments
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let field = format!("adjustments[{index}]");
        let (code, rest) = line.split_once('=').ok_or_else(|| {
            ApiError::field(
                &field,
                format!("line {}: expected CODE=PERSONS: reason", index + 1),
            )
        })?;
        let (persons, reason) = rest.split_once(':').unwrap_or((rest, ""));
        adjustments.push(AdjustmentIn {
            municipality: parse_field(code, &format!("{field}.municipality"))?,
            persons: whole_number(persons, &field)?,
            reason: reason.trim().to_owned(),
        });
    }
    Ok(QuotaIn {
        total: whole_number(&form.total, "total")?,
        minors: if form.minors.trim().is_empty() {
            0
        } else {
            whole_number(&form.minors, "minors")?
        },
        region: user
            .principal
            .role
            .jurisdiction()
            .map(|code| parse_field(code, "region"))
            .transpose()?,
        method: None,
        weights: None,
        adjustments,
    })
}

/// Previews the region's distribution, or publishes it as a request round.
pub async fn distribute(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Form(form): Form<DistributeForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let result = match quota_request(&user, &form) {
        Ok(request) => distribution(&state, &user.principal, &scenario, &request).await,
        Err(error) => Err(error),
    };
    if form.action == "publish" {
        if let Ok(rows) = &result {
            let published = match whole_number(&form.round, "round") {
                Ok(round) => {
                    let body = RoundIn {
                        year: match state.store.scenario_meta(&scenario).await {
                            Ok(meta) => meta.year,
                            Err(error) => return error_page(user.lang, Some(&user), &error.into()),
                        },
                        round,
                        sent_on: None,
                        sent_by: form.sent_by.clone(),
                        requests: rows
                            .iter()
                            .map(|r| RequestItem {
                                municipality: r.municipality.clone(),
                                persons: r.persons,
                                unaccompanied_minors: r.unaccompanied_minors,
                            })
                            .collect(),
                    };
                    publish(&state, &user.principal, &scenario, body)
                        .await
                        .map(|_| ())
                }
                Err(error) => Err(error),
            };
            match published {
                Ok(()) => return back_to(&format!("/app/{scenario}"), "published"),
                Err(error) => {
                    let outcome = DistributeOutcome {
                        form,
                        result: Err(error),
                    };
                    return region_page(
                        &state,
                        &user,
                        &scenario,
                        &Download::default(),
                        Some(outcome),
                        super::Sort::default(),
                    )
                    .await
                    .map(|page| (StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
                    .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e));
                }
            }
        }
    }
    let status = if result.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let outcome = DistributeOutcome { form, result };
    region_page(
        &state,
        &user,
        &scenario,
        &Download::default(),
        Some(outcome),
        super::Sort::default(),
    )
    .await
    .map(|page| (status, page).into_response())
    .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
}

async fn national_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    download: &Download,
) -> ApiResult<Response> {
    let lang = user.lang;
    let rows: Vec<GapRow> = gap_rows(state, &user.principal, scenario, None)
        .await?
        .into_iter()
        .filter(|r| r.level != GapLevel::Municipality)
        .collect();
    let regions = gap_table(
        lang,
        format!("{} · {scenario}", lang.t(Text::Region)),
        &rows,
    );
    if let Some(file) = download.answer("regions", &regions) {
        return Ok(file);
    }
    let runs = runs_of(state, &user.principal, scenario).await?;
    let mut run_table = Table::new(
        lang.t(Text::PlacementRuns),
        vec![
            Column::new("#", ColumnKind::Integer),
            Column::new(lang.t(Text::Method), ColumnKind::Text),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
            Column::new(lang.t(Text::Placed), ColumnKind::Integer),
            Column::new(lang.t(Text::Objective), ColumnKind::Decimal),
            Column::new(lang.t(Text::Bound), ColumnKind::Decimal),
            Column::new(lang.t(Text::GapToBound), ColumnKind::Percent),
            Column::new(lang.t(Text::Approved), ColumnKind::Text),
        ],
    );
    for run in &runs {
        run_table.push(vec![
            Cell::Integer(run.id),
            run.method.to_string().into(),
            run.status.to_string().into(),
            run.persons_placed.into(),
            run.objective.into(),
            run.bound.into(),
            run.gap.into(),
            run.approved_by.clone().into(),
        ]);
    }
    if let Some(file) = download.answer("runs", &run_table) {
        return Ok(file);
    }
    let answers = responses_of(state, &user.principal, scenario).await?;
    let mut answer_table = Table::new(
        lang.t(Text::Answers),
        vec![
            Column::new(lang.t(Text::Household), ColumnKind::Text),
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
            Column::new(lang.t(Text::Comment), ColumnKind::Text),
            Column::new(lang.t(Text::RecordedBy), ColumnKind::Text),
        ],
    );
    for a in &answers {
        answer_table.push(vec![
            a.household.clone().into(),
            a.municipality.clone().into(),
            lang.t(if a.response == Answer::Accepted {
                Text::Accepted
            } else {
                Text::Questioned
            })
            .into(),
            a.comment.clone().into(),
            a.responded_by.clone().into(),
        ]);
    }
    if let Some(file) = download.answer("answers", &answer_table) {
        return Ok(file);
    }
    let approvable: Vec<i64> = runs
        .iter()
        .filter(|r| r.status == RunStatus::Done && r.approved_by.is_none())
        .map(|r| r.id)
        .collect();
    Ok(layout(
        lang,
        Some(user),
        &format!("{} · {scenario}", lang.t(Text::Nation)),
        html! {
            (table(lang, "regions", &regions))
            h2 { (lang.t(Text::PlacementRuns)) }
            (linked_table(lang, "runs", &run_table, &|cell: &Cell| match cell {
                Cell::Integer(id) => format!("/app/{scenario}/placement-runs/{id}"),
                _ => format!("/app/{scenario}"),
            }))
            @for id in &approvable {
                form method="post" action=(format!("/app/{scenario}/placement-runs/{id}/approve")) {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    button.approve type="submit" { (lang.t(Text::Approve)) " #" (id) }
                }
            }
            h2 { (lang.t(Text::Answers)) }
            (table(lang, "answers", &answer_table))
            h2 { (lang.t(Text::StartRun)) }
            form.stack method="post" action=(format!("/app/{scenario}/placement-runs")) {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                label for="method" { (lang.t(Text::Method))
                    select id="method" name="method" {
                        option value="optimal" selected { "optimal" }
                        option value="greedy" { "greedy" }
                    }
                }
                label for="time_limit" { (lang.t(Text::TimeLimit))
                    input id="time_limit" name="time_limit_seconds" type="number" min="1" max="600" value="10" required;
                }
                button type="submit" { (lang.t(Text::StartRun)) }
            }
        },
    )
    .into_response())
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    note: Option<String>,
    download: Option<String>,
    format: Option<String>,
}

/// A municipality's page: its numbers, requests, decisions (with the form to register
/// one), and the households proposed to or placed in it.
pub async fn municipality(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
) -> Response {
    municipality_page(
        &state,
        &user,
        &scenario,
        &code,
        &query,
        None,
        StatusCode::OK,
    )
    .await
    .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

/// A form error to show next to its field.
pub(super) struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// The message to show next to `field`, if the form's error is about it.
    pub(super) fn for_field(error: Option<&FieldError>, field: &str) -> Option<String> {
        error
            .filter(|e| e.field == field)
            .map(|e| e.message.clone())
    }

    /// 422 for a form shown again with its error, else 200.
    pub(super) fn status(error: Option<&FieldError>) -> StatusCode {
        match error {
            Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
            None => StatusCode::OK,
        }
    }
}

async fn municipality_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    code: &str,
    query: &PageQuery,
    form_error: Option<FieldError>,
    status: StatusCode,
) -> ApiResult<Response> {
    let lang = user.lang;
    let dashboard = dashboard_of(state, &user.principal, scenario, code).await?;
    let download = Download {
        download: query.download.clone(),
        format: query.format.clone(),
    };
    let mut requests = Table::new(
        lang.t(Text::RequestHistory),
        vec![
            Column::new(lang.t(Text::Year), ColumnKind::Integer),
            Column::new(lang.t(Text::Round), ColumnKind::Integer),
            Column::new(lang.t(Text::SentBy), ColumnKind::Text),
            Column::new(lang.t(Text::SentOn), ColumnKind::Text),
            Column::new(lang.t(Text::Persons), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
        ],
    );
    for r in &dashboard.requests {
        requests.push(vec![
            Cell::Integer(i64::from(r.year)),
            r.round.into(),
            r.sent_by.clone().into(),
            r.sent_on.map(|d| d.to_string()).into(),
            r.persons.into(),
            r.unaccompanied_minors.into(),
        ]);
    }
    let mut decisions = Table::new(
        lang.t(Text::DecisionHistory),
        vec![
            Column::new(lang.t(Text::Year), ColumnKind::Integer),
            Column::new(lang.t(Text::Version), ColumnKind::Integer),
            Column::new(lang.t(Text::Persons), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
            Column::new(lang.t(Text::DecidingBody), ColumnKind::Text),
            Column::new(lang.t(Text::DecidedOn), ColumnKind::Text),
            Column::new(lang.t(Text::RegistrationNumber), ColumnKind::Text),
            Column::new(lang.t(Text::RecordedBy), ColumnKind::Text),
        ],
    );
    for d in &dashboard.decisions {
        decisions.push(vec![
            Cell::Integer(i64::from(d.year)),
            d.version.into(),
            d.persons.into(),
            d.unaccompanied_minors.into(),
            d.body.as_ref().map(ToString::to_string).into(),
            d.decided_on.map(|d| d.to_string()).into(),
            d.registration_number.clone().into(),
            d.recorded_by.clone().into(),
        ]);
    }
    let offered = state
        .store
        .dwellings(
            scenario,
            Some(
                &crate::routes::parse_field::<landa_model::MunicipalityCode>(code, "municipality")?,
            ),
        )
        .await?;
    let mut dwellings = Table::new(
        lang.t(Text::Dwellings),
        vec![
            Column::new("id", ColumnKind::Text),
            Column::new(lang.t(Text::Beds), ColumnKind::Integer),
            Column::new(lang.t(Text::AvailableFrom), ColumnKind::Text),
            Column::new(lang.t(Text::Accessible), ColumnKind::Text),
            Column::new(lang.t(Text::Let), ColumnKind::Text),
        ],
    );
    for d in &offered {
        dwellings.push(vec![
            d.dwelling.id.to_string().into(),
            d.dwelling.beds.into(),
            d.dwelling.available_from.to_string().into(),
            if d.dwelling.accessible { "✓" } else { "" }.into(),
            d.let_on.map(|day| day.to_string()).into(),
        ]);
    }
    for (id, t) in [
        ("requests", &requests),
        ("decisions", &decisions),
        ("dwellings", &dwellings),
    ] {
        if let Some(file) = download.answer(id, t) {
            return Ok(file);
        }
    }
    // Households: only for the municipality itself and national (the API's rule).
    let households = match &user.principal.role {
        Role::National(_) | Role::Municipality(..) => {
            let visible =
                landa_app::access::personal_data_scope_in(&state.store, &user.principal, scenario)
                    .await?;
            let records = state
                .store
                .household_records(scenario, visible.as_ref())
                .await?
                .into_iter()
                .filter(|r| {
                    r.proposed_to.as_ref().map(|c| c.as_str()) == Some(code)
                        || r.placed_in.as_ref().map(|c| c.as_str()) == Some(code)
                })
                .collect::<Vec<_>>();
            crate::audit::record(
                state,
                &user.principal,
                crate::audit::Action::Read,
                &format!("/app/{scenario}/municipalities/{code}"),
                format!("listed {} households", records.len()),
            )
            .await?;
            let answers = state
                .store
                .placement_responses(
                    scenario,
                    Some(&crate::routes::parse_field(code, "municipality")?),
                )
                .await?;
            Some((records, answers))
        }
        _ => None,
    };
    let indicators = indicator_table(
        lang,
        &IndicatorInputs {
            dashboard: &dashboard,
            dwellings: &offered,
            households: households
                .as_ref()
                .map(|(records, answers)| (records.as_slice(), answers.as_slice())),
        },
    );
    if let Some(file) = download.answer("indicators", &indicators) {
        return Ok(file);
    }
    let decision_version = dashboard
        .decisions
        .iter()
        .filter(|d| d.year == dashboard.year)
        .map(|d| d.version)
        .max()
        .unwrap_or(0);
    let may_decide = matches!(&user.principal.role, Role::National(_))
        || matches!(&user.principal.role, Role::Municipality(_, own) if own.as_str() == code);
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let m = &dashboard.municipality;
    let page = layout(
        lang,
        Some(user),
        &format!(
            "{} {} ({}) · {}",
            lang.t(Text::Municipality),
            m.name,
            m.code,
            dashboard.year
        ),
        html! {
            @if query.note.as_deref() == Some("saved") { p.note role="status" { (lang.t(Text::Saved)) } }
            div.figures {
                div.figure { (lang.t(Text::Requested)) strong { (dashboard.requested) } (lang.t(Text::UnaccompaniedMinors)) ": " (dashboard.requested_minors) }
                div.figure { (lang.t(Text::Decided)) strong { @if let Some(d) = dashboard.decided { (d) } @else { "–" } }
                    (lang.t(Text::UnaccompaniedMinors)) ": " @if let Some(d) = dashboard.decided_minors { (d) } @else { "–" } }
                div.figure { (lang.t(Text::Placed)) strong { (dashboard.placed) } (lang.t(Text::UnaccompaniedMinors)) ": " (dashboard.placed_minors) }
                div.figure { (lang.t(Text::Remaining)) strong { (dashboard.remaining) } }
                div.figure { (lang.t(Text::Dwellings)) strong { (dashboard.dwellings_offered) } (lang.t(Text::Let)) ": " (dashboard.dwellings_let) }
            }
            (table(lang, "indicators", &indicators))
            (table(lang, "requests", &requests))
            (table(lang, "decisions", &decisions))
            @if may_decide {
                h2 { (lang.t(Text::RegisterDecision)) }
                form.stack method="post" action=(format!("/app/{scenario}/municipalities/{code}/decision")) novalidate {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    // The version this form was read at: a decision registered meanwhile by
                    // someone else is not silently overwritten.
                    input type="hidden" name="version" value=(decision_version);
                    (number_field(lang.t(Text::Persons), "persons", error_for("persons")))
                    (number_field(lang.t(Text::UnaccompaniedMinors), "unaccompanied_minors", error_for("unaccompanied_minors")))
                    label for="body" { (lang.t(Text::DecidingBody))
                        select id="body" name="body" {
                            option value="municipal_council" { (lang.t(Text::MunicipalCouncil)) }
                            option value="executive_board" { (lang.t(Text::ExecutiveBoard)) }
                        }
                    }
                    (text_field(lang.t(Text::DecidedOn), "decided_on", "date", error_for("decided_on")))
                    (text_field(lang.t(Text::RegistrationNumber), "registration_number", "text", error_for("registration_number")))
                    button type="submit" { (lang.t(Text::Save)) }
                }
            }
            h2 { (lang.t(Text::Dwellings)) }
            (table(lang, "dwellings", &dwellings))
            @if may_decide {
                @for d in offered.iter().filter(|d| d.let_on.is_none()) {
                    form method="post" action=(format!("/app/{scenario}/dwellings/{}/let", d.dwelling.id)) {
                        input type="hidden" name="csrf_token" value=(user.csrf_token);
                        input type="hidden" name="version" value=(d.version);
                        button.let type="submit" { (lang.t(Text::MarkLet)) " " (d.dwelling.id) }
                        " "
                        a href=(format!("/app/{scenario}/dwellings/{}", d.dwelling.id)) { (lang.t(Text::Edit)) " " (d.dwelling.id) }
                    }
                }
                h3 { (lang.t(Text::OfferDwelling)) }
                form.stack method="post" action=(format!("/app/{scenario}/municipalities/{code}/dwellings")) novalidate {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    (text_field("id", "dwelling_id", "text", error_for("id")))
                    (number_field(lang.t(Text::Beds), "beds", error_for("beds")))
                    (text_field(lang.t(Text::AvailableFrom), "available_from", "date", error_for("available_from")))
                    label for="contract" { "Contract"
                        select id="contract" name="contract" {
                            @for contract in Contract::ALL { option value=(contract) { (contract) } }
                        }
                    }
                    @if let Some(message) = error_for("contract") { p.error role="alert" { (message) } }
                    label.check for="accessible" {
                        input id="accessible" name="accessible" type="checkbox" value="true";
                        (lang.t(Text::Accessible))
                    }
                    button type="submit" { (lang.t(Text::OfferDwelling)) }
                }
            }
            @if let Some((records, answers)) = &households {
                h2 { (lang.t(Text::Households)) }
                @if let Some(e) = form_error.as_ref().filter(|e| e.field == "comment" || e.field == "response") {
                    p.error role="alert" { (e.message) }
                }
                @if records.is_empty() { p { (lang.t(Text::NothingYet)) } }
                ul.households {
                    @for r in records {
                        @let answer = answers.iter().find(|a| a.household == r.household.id);
                        li {
                            a href=(format!("/app/{scenario}/households/{}", r.household.id)) { (r.household.id) }
                            " · " (r.household.size()) " " (lang.t(Text::Persons).to_lowercase())
                            @if r.placed_in.is_some() { " · " (lang.t(Text::PlacedIn)) } @else { " · " (lang.t(Text::ProposedTo)) }
                            @if let Some(answer) = answer {
                                " · " strong { @if answer.accepted { (lang.t(Text::Accepted)) } @else { (lang.t(Text::Questioned)) } }
                                @if !answer.comment.is_empty() { ": " (answer.comment) }
                            }
                            @if matches!(&user.principal.role, Role::Municipality(..)) {
                                @let comment_id = format!("comment-{}", r.household.id);
                                form.answer method="post" action=(format!("/app/{scenario}/households/{}/response", r.household.id)) {
                                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                                    label for=(comment_id) { (lang.t(Text::Comment))
                                        input id=(comment_id) name="comment" type="text";
                                    }
                                    button type="submit" name="response" value="accepted" { (lang.t(Text::Accept)) }
                                    " "
                                    button type="submit" name="response" value="questioned" { (lang.t(Text::Question)) }
                                }
                            }
                        }
                    }
                }
            }
        },
    );
    Ok((status, page).into_response())
}

fn number_field(label: &str, name: &str, error: Option<String>) -> Markup {
    text_field(label, name, "number", error)
}

fn text_field(label: &str, name: &str, kind: &str, error: Option<String>) -> Markup {
    let error_id = format!("{name}-error");
    html! {
        label for=(name) { (label)
            input id=(name) name=(name) type=(kind) min=[(kind == "number").then_some("0")]
                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| error_id.as_str())];
        }
        @if let Some(error) = &error { p.error id=(error_id) role="alert" { (error) } }
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf_token: String,
    persons: String,
    unaccompanied_minors: String,
    body: String,
    decided_on: String,
    registration_number: String,
    /// The version of the year's decision the form was read at (0: none yet).
    version: Option<u32>,
}

fn whole_number(text: &str, field: &str) -> ApiResult<u32> {
    text.trim().parse().map_err(|_| {
        ApiError::field(
            field,
            format!("{field}: a whole number of 0 or more, got '{text}'"),
        )
    })
}

/// Registers a decision from the form; errors are shown next to their field.
pub async fn decide(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    Form(form): Form<DecisionForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let parsed = whole_number(&form.persons, "persons").and_then(|persons| {
        Ok(DecisionIn {
            year: None,
            persons,
            unaccompanied_minors: if form.unaccompanied_minors.trim().is_empty() {
                0
            } else {
                whole_number(&form.unaccompanied_minors, "unaccompanied_minors")?
            },
            body: Some(parse_field(&form.body, "body")?),
            decided_on: Some(form.decided_on.trim())
                .filter(|d| !d.is_empty())
                .map(|d| parse_date(d, "decided_on"))
                .transpose()?,
            registration_number: Some(form.registration_number.clone()),
            document_url: None,
        })
    });
    let result = match parsed {
        Ok(body) => {
            register_decision(
                &state,
                &user.principal,
                &scenario,
                &code,
                body,
                form.version,
            )
            .await
            // Shown at the number, with what was entered: read the page again.
            .map_err(|mut error| {
                if error.status == StatusCode::PRECONDITION_FAILED {
                    error.body.field = Some(FieldPath::new("persons"));
                }
                error
            })
        }
        Err(error) => Err(error),
    };
    after_form(&state, &user, &scenario, &code, result.map(|_| ())).await
}

/// One household: national, or the municipality it is proposed to or placed in.
pub async fn household(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
) -> Response {
    let lang = user.lang;
    match household_of(&state, &user.principal, &scenario, &id).await {
        Ok(h) => {
            let mut members = Table::new(
                lang.t(Text::Members),
                vec![
                    Column::new("id", ColumnKind::Text),
                    Column::new(lang.t(Text::Year), ColumnKind::Integer),
                    Column::new("sex", ColumnKind::Text),
                    Column::new("education", ColumnKind::Text),
                    Column::new("languages", ColumnKind::Text),
                ],
            );
            for p in &h.persons {
                members.push(vec![
                    p.id.clone().into(),
                    Cell::Integer(i64::from(p.birth_year)),
                    p.sex.to_string().into(),
                    p.education.to_string().into(),
                    p.languages.join(", ").into(),
                ]);
            }
            layout(
                lang,
                Some(&user),
                &format!("{} {}", lang.t(Text::Household), h.id),
                html! {
                    dl {
                        dt { (lang.t(Text::Size)) } dd { (h.adults + h.children) }
                        dt { (lang.t(Text::WaitingSince)) } dd { (h.waiting_since) }
                        dt { (lang.t(Text::ProposedTo)) } dd { (h.proposed_to.clone().unwrap_or_default()) }
                        dt { (lang.t(Text::PlacedIn)) } dd { (h.placed_in.clone().unwrap_or_default()) }
                    }
                    (table(lang, "members", &members))
                },
            )
            .into_response()
        }
        Err(error) => error_page(lang, Some(&user), &error),
    }
}

#[derive(Deserialize)]
pub struct RunForm {
    csrf_token: String,
    method: String,
    time_limit_seconds: f64,
}

async fn start_from_form(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    form: &RunForm,
) -> ApiResult<()> {
    check_csrf(user, &form.csrf_token)?;
    let body = RunIn {
        method: Some(parse_field::<RunMethod>(&form.method, "method")?),
        time_limit_seconds: Some(form.time_limit_seconds),
    };
    start_run(state, &user.principal, scenario, &body)
        .await
        .map(|_| ())
}

pub async fn start_run_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Form(form): Form<RunForm>,
) -> Response {
    match start_from_form(&state, &user, &scenario, &form).await {
        Ok(()) => back_to(&format!("/app/{scenario}"), "started"),
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

pub async fn approve_run_form(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, i64)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let result = match check_csrf(&user, &form.csrf_token) {
        Ok(()) => approve_run(&state, &user.principal, &scenario, id)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => back_to(&format!("/app/{scenario}"), "approved"),
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

/// `/public`: the planning years, for anyone.
pub async fn public_years(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    match state.store.scenarios().await {
        Ok(scenarios) => layout(
            lang,
            None,
            lang.t(Text::PublicFigures),
            html! {
                ul { @for s in &scenarios { li { a href=(format!("/public/{}", s.name)) { (s.name) } " (" (s.country.code()) " " (s.year) ")" } } }
            },
        )
        .into_response(),
        Err(error) => error_page(lang, None, &error.into()),
    }
}

#[derive(Deserialize)]
pub struct PublicQuery {
    region: Option<String>,
}

/// `/public/{scenario}`: per region and nation, or with `?region=` per municipality of
/// that region; suppressed as the API suppresses them (`summary_rows`), with the markers
/// explained.
pub async fn public_year(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(scenario): Path<String>,
    Query(query): Query<PublicQuery>,
    Query(download): Query<Download>,
) -> Response {
    let region = query.region.as_deref().filter(|r| !r.is_empty());
    let rows = match summary_rows(&state, &scenario, region).await {
        Ok(rows) => rows,
        Err(error) => return error_page(lang, None, &error),
    };
    let shown = |count: &PublicCount| -> Cell {
        match count {
            PublicCount::Exact(n) => Cell::Integer(*n as i64),
            PublicCount::Suppressed(text) => Cell::Text(text.clone()),
        }
    };
    let mut figures = Table::new(
        format!("{} · {scenario}", lang.t(Text::PublicFigures)),
        vec![
            Column::new(lang.t(Text::Code), ColumnKind::Text),
            Column::new(
                lang.t(if region.is_some() {
                    Text::Municipality
                } else {
                    Text::Region
                }),
                ColumnKind::Text,
            ),
            Column::new(lang.t(Text::Requested), ColumnKind::Integer),
            Column::new(lang.t(Text::Decided), ColumnKind::Integer),
            Column::new(lang.t(Text::Placed), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
            Column::new(lang.t(Text::WithoutDecision), ColumnKind::Integer),
        ],
    );
    for (index, row) in rows.iter().enumerate() {
        let cells = vec![
            row.code.clone().into(),
            row.name.clone().into(),
            shown(&row.requested),
            shown(&row.decided),
            shown(&row.placed),
            shown(&row.placed_unaccompanied_minors),
            shown(&row.municipalities_without_decision),
        ];
        // The last row is the total: the nation's, or the chosen region's.
        if index + 1 == rows.len() {
            figures.push_emphasised(cells);
        } else {
            figures.push(cells);
        }
    }
    if let Some(file) = download.answer("figures", &figures) {
        return file;
    }
    layout(
        lang,
        None,
        lang.t(Text::PublicFigures),
        html! {
            @match region {
                Some(_) => {
                    p { a href=(format!("/public/{scenario}")) { (lang.t(Text::AllRegions)) } }
                    (table(lang, "figures", &figures))
                }
                None => {
                    p { (lang.t(Text::ChooseRegion)) }
                    (linked_table(lang, "figures", &figures, &|cell: &Cell| match cell {
                        Cell::Text(code) if !code.is_empty() => format!("/public/{scenario}?region={code}"),
                        _ => format!("/public/{scenario}"),
                    }))
                }
            }
            p { (lang.t(Text::SuppressionNote)) }
        },
    )
    .into_response()
}

/// The API's dwelling body from a page form's fields; a dwelling offered or edited from a
/// page is on offer (not let).
fn dwelling_body(
    id: Option<String>,
    municipality: Option<String>,
    beds: &str,
    available_from: &str,
    contract: &str,
    accessible: bool,
) -> ApiResult<DwellingIn> {
    Ok(DwellingIn {
        id: id.map(|text| parse_field(&text, "id")).transpose()?,
        municipality: municipality
            .map(|text| parse_field(&text, "municipality"))
            .transpose()?,
        beds: whole_number(beds, "beds")?,
        available_from: parse_date(available_from, "available_from")?,
        accessible,
        contract: parse_field(contract, "contract")?,
        let_on: None,
    })
}

#[derive(Deserialize)]
pub struct DwellingForm {
    csrf_token: String,
    dwelling_id: String,
    beds: String,
    available_from: String,
    contract: String,
    accessible: Option<String>,
}

/// Offers a dwelling from the municipality page; errors are shown next to their field.
pub async fn offer_dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    Form(form): Form<DwellingForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let body = dwelling_body(
        Some(form.dwelling_id.trim().to_owned()),
        Some(code.clone()),
        &form.beds,
        &form.available_from,
        &form.contract,
        form.accessible.is_some(),
    );
    let result = match body {
        Ok(body) => offer(&state, &user.principal, &scenario, &body)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    after_form(&state, &user, &scenario, &code, result).await
}

#[derive(Deserialize)]
pub struct LetForm {
    csrf_token: String,
    version: u32,
}

/// Marks a dwelling let today, if nobody changed it since the page was shown.
pub async fn mark_let(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<LetForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let current = match state.store.dwelling(&scenario, &id).await {
        Ok(current) => current,
        Err(error) => return error_page(user.lang, Some(&user), &error.into()),
    };
    let d = &current.dwelling;
    let body = DwellingIn {
        id: None,
        municipality: None,
        beds: d.beds,
        available_from: d.available_from,
        accessible: d.accessible,
        contract: d.contract.into(),
        let_on: Some(chrono::Utc::now().date_naive()),
    };
    let result = edit(&state, &user.principal, &scenario, &id, &body, form.version)
        .await
        .map(|_| ());
    after_form(&state, &user, &scenario, d.municipality.as_str(), result).await
}

/// Back to the municipality page: with a note when saved, with the error next to its
/// field when not.
async fn after_form(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    code: &str,
    result: ApiResult<()>,
) -> Response {
    match result {
        Ok(()) => back_to(&format!("/app/{scenario}/municipalities/{code}"), "saved"),
        Err(error) if error.body.field.is_some() => {
            let field_error = FieldError {
                field: error.field_name().unwrap_or_default().to_owned(),
                message: error.body.message.clone(),
            };
            municipality_page(
                state,
                user,
                scenario,
                code,
                &PageQuery::default(),
                Some(field_error),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(user), &e))
        }
        Err(error) => error_page(user.lang, Some(user), &error),
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf_token: String,
    response: String,
    comment: String,
}

/// A municipality accepts or questions one of its households.
pub async fn answer_placement(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<AnswerForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let code = user
        .principal
        .role
        .jurisdiction()
        .unwrap_or_default()
        .to_owned();
    let result = match parse_field(&form.response, "response") {
        Ok(response) => {
            let body = ResponseIn {
                response,
                comment: form.comment.clone(),
            };
            answer(&state, &user.principal, &scenario, &id, &body)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    after_form(&state, &user, &scenario, &code, result).await
}

/// `/app/{scenario}/dwellings/{id}`: edit a dwelling (beds, availability, contract, access).
pub async fn dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
) -> Response {
    dwelling_page(&state, &user, &scenario, &id, None, StatusCode::OK)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn dwelling_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    form_error: Option<FieldError>,
    status: StatusCode,
) -> ApiResult<Response> {
    let lang = user.lang;
    // The same read as the API's, with its jurisdiction check.
    let scope = landa_app::access::scope_in(&state.store, &user.principal, scenario).await?;
    let view = state.store.planning_view(scenario, None).await?;
    let record = state.store.dwelling(scenario, id).await?;
    scope.check(&record.dwelling.municipality, &view.municipalities)?;
    let d = &record.dwelling;
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let page = layout(
        lang,
        Some(user),
        &format!("{} {}", lang.t(Text::Edit), d.id),
        html! {
            @if let Some(e) = form_error.as_ref().filter(|e| e.field.is_empty()) { p.error role="alert" { (e.message) } }
            form.stack method="post" action=(format!("/app/{scenario}/dwellings/{id}")) novalidate {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                input type="hidden" name="version" value=(record.version);
                (input_field(lang.t(Text::Beds), "beds", "number", &d.beds.to_string(), error_for("beds")))
                (input_field(lang.t(Text::AvailableFrom), "available_from", "date", &d.available_from.to_string(), error_for("available_from")))
                label for="contract" { "Contract"
                    select id="contract" name="contract" {
                        @for contract in Contract::ALL {
                            option value=(contract) selected[d.contract == (*contract).into()] { (contract) }
                        }
                    }
                }
                @if let Some(message) = error_for("contract") { p.error role="alert" { (message) } }
                label.check for="accessible" {
                    input id="accessible" name="accessible" type="checkbox" value="true" checked[d.accessible];
                    (lang.t(Text::Accessible))
                }
                button type="submit" { (lang.t(Text::Save)) }
            }
            p { a href=(format!("/app/{scenario}/municipalities/{}", d.municipality)) { (lang.t(Text::Municipality)) " " (d.municipality) } }
        },
    );
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
pub struct DwellingEditForm {
    csrf_token: String,
    version: u32,
    beds: String,
    available_from: String,
    contract: String,
    accessible: Option<String>,
}

/// Saves a dwelling edit if nobody changed the dwelling since the form was shown.
pub async fn edit_dwelling(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<DwellingEditForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let body = dwelling_body(
        None,
        None,
        &form.beds,
        &form.available_from,
        &form.contract,
        form.accessible.is_some(),
    );
    let result = match body {
        Ok(body) => edit(&state, &user.principal, &scenario, &id, &body, form.version).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(record) => back_to(
            &format!(
                "/app/{scenario}/municipalities/{}",
                record.dwelling.municipality
            ),
            "saved",
        ),
        // A conflict or a bad value: the form again, with the message where it belongs.
        Err(error)
            if error.body.field.is_some() || error.status == StatusCode::PRECONDITION_FAILED =>
        {
            let field_error = FieldError {
                field: error.field_name().unwrap_or_default().to_owned(),
                message: error.body.message.clone(),
            };
            dwelling_page(
                &state,
                &user,
                &scenario,
                &id,
                Some(field_error),
                error.status,
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}
