//! Agreements and follow-up pages: the caller's agreements with their reminders, one
//! agreement's yearly follow-up (the same report as the API's, inside the page) with its
//! version history and the forms that keep it up to date (`entries`), and the published
//! reports. The report is in the user's language.

use super::entries::{Entered, Forms};
use super::i18n::{Lang, Text};
use super::pages::{check_csrf, FieldError};
use super::{
    error_page, error_summary, layout, layout_titled, linked_table, table, tabs, Download, Message,
    PageLang, WebUser,
};
use crate::error::{ApiError, ApiResult};
use crate::routes::agreements::{
    agreement_of, followed_up_agreements, published_agreement, published_agreements, save, summary,
    AgreementIn,
};
use crate::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use landa_app::access::may_edit_agreement;
use landa_app::followup::with_planning_data;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_followup::{follow_up_report, reminders_in, report_body, Agreement};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

/// The language code of `agreement`'s own words where the page is in another.
fn foreign(lang: Lang, agreement: &Agreement) -> Option<&'static str> {
    agreement
        .written_in()
        .filter(|written| *written != lang.report())
        .map(|written| written.code())
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn summary_table(lang: Lang, agreements: &[(Agreement, u32)]) -> Table {
    let mut list = Table::new(
        lang.t(Text::Agreements),
        vec![
            Column::new("id", ColumnKind::Text),
            Column::new(lang.t(Text::Name), ColumnKind::Text),
            Column::new(lang.t(Text::Valid), ColumnKind::Text),
            Column::new(lang.t(Text::Version), ColumnKind::Integer),
            Column::new(lang.t(Text::Reminders), ColumnKind::Integer),
        ],
    );
    for (agreement, version) in agreements {
        let s = summary(agreement, *version, today());
        list.push(vec![
            s.id.into(),
            s.title.into(),
            format!("{} – {}", s.valid_from, s.valid_until).into(),
            Cell::Integer(i64::from(s.version)),
            Cell::Integer(s.reminders as i64),
        ]);
    }
    list
}

/// `/app/agreements`: the caller's agreements and what needs attention in them.
pub async fn list(
    State(state): State<AppState>,
    user: WebUser,
    Query(download): Query<Download>,
) -> Response {
    let lang = user.lang;
    let agreements = match followed_up_agreements(&state, &user.principal).await {
        Ok(agreements) => agreements,
        Err(error) => return error_page(lang, Some(&user), &error),
    };
    let list = summary_table(lang, &agreements);
    if let Some(file) = download.answer("agreements", &list) {
        return file;
    }
    layout(
        lang,
        Some(&user),
        &[("/app", lang.t(Text::Home))],
        lang.t(Text::Agreements),
        html! {
            @if agreements.is_empty() { p { (lang.t(Text::NoAgreements)) } }
            @else {
                (linked_table(lang, "agreements", &list, &|cell: &Cell| match cell {
                    Cell::Text(id) => format!("/app/agreements/{id}"),
                    _ => "/app/agreements".to_owned(),
                }))
                h2 { (lang.t(Text::Reminders)) }
                @for (agreement, _) in &agreements {
                    h3 lang=[foreign(lang, agreement)] { (agreement.title) }
                    (reminder_list(lang, agreement))
                }
            }
        },
    )
    .into_response()
}

fn reminder_list(lang: Lang, agreement: &Agreement) -> Markup {
    html! {
        ul.reminders {
            @for r in reminders_in(agreement, today(), lang.report()) {
                li { (r.message) }
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<i32>,
    /// An indicator to edit: its form starts from what it holds.
    indicator: Option<String>,
    /// The form just saved (its entry), to say so beside it.
    saved: Option<String>,
    /// The part of the page: report, keep (the forms) or versions.
    tab: Option<String>,
    /// The entry form the keep tab shows.
    entry: Option<String>,
}

/// The years an agreement can be followed up for: from its start to the year after it
/// ended, but not beyond this year.
fn years_of(agreement: &Agreement) -> (i32, i32) {
    let first = agreement.valid_from.0.year();
    let last = today()
        .year()
        .min(agreement.valid_until.0.year() + 1)
        .max(first);
    (first, last)
}

fn year_form(lang: Lang, action: &str, agreement: &Agreement, year: i32) -> Markup {
    let (first, last) = years_of(agreement);
    html! {
        form.inline method="get" action=(action) {
            label for="year" { (lang.t(Text::FollowUpYear)) " "
                select id="year" name="year" {
                    @for y in (first..=last).rev() { option value=(y) selected[y == year] { (y) } }
                }
            }
            " " button type="submit" { (lang.t(Text::Show)) }
        }
    }
}

/// `/app/agreements/{id}`: one agreement's follow-up for a year, its versions, and for
/// those who keep it the forms that change it entry by entry.
pub async fn agreement(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
    Query(query): Query<YearQuery>,
    Query(download): Query<Download>,
) -> Response {
    agreement_page(&state, &user, &id, &query, &download, None, None)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

/// The page; `sent` is a refused form with its error, shown again as it was filled.
async fn agreement_page(
    state: &AppState,
    user: &WebUser,
    id: &str,
    query: &YearQuery,
    download: &Download,
    sent: Option<&Entered>,
    form_error: Option<(FieldError, StatusCode)>,
) -> ApiResult<Response> {
    let lang = user.lang;
    let (agreement, version) = agreement_of(state, &user.principal, id).await?;
    let (_, last) = years_of(&agreement);
    let year = query.year.unwrap_or(last);
    let followed = with_planning_data(&state.store, &agreement).await?;
    let report = follow_up_report(&followed, year, today(), lang.report());
    let mut versions = Table::new(
        lang.t(Text::Versions),
        vec![
            Column::new(lang.t(Text::Version), ColumnKind::Integer),
            Column::new(lang.t(Text::RecordedBy), ColumnKind::Text),
            Column::new(lang.t(Text::Date), ColumnKind::Text),
            Column::new(lang.t(Text::Comment), ColumnKind::Text),
        ],
    );
    for v in state.store.agreement_versions(id).await? {
        versions.push(vec![
            Cell::Integer(i64::from(v.version)),
            v.saved_by.into(),
            v.saved_at.format("%Y-%m-%d %H:%M").to_string().into(),
            v.note.into(),
        ]);
    }
    if let Some(file) = download.answer("versions", &versions) {
        return Ok(file);
    }
    let may_edit = may_edit_agreement(&user.principal, &agreement).is_ok();
    let to_edit = query
        .indicator
        .as_deref()
        .and_then(|i| agreement.indicators.iter().find(|x| x.id == i))
        .map(Entered::indicator);
    let nothing = Entered::default();
    let forms = Forms {
        lang,
        csrf_token: &user.csrf_token,
        action: format!("/app/agreements/{id}"),
        version,
        entered: sent.or(to_edit.as_ref()).unwrap_or(&nothing),
        error: form_error.as_ref().map(|(e, _)| e),
        saved: query.saved.as_deref(),
        chosen: query.entry.as_deref(),
    };
    let tab = match query.tab.as_deref() {
        _ if may_edit && (sent.is_some() || query.saved.is_some() || to_edit.is_some()) => "keep",
        Some("keep") if may_edit => "keep",
        Some("versions") => "versions",
        _ => "report",
    };
    let mut parts = vec![("report", lang.t(Text::FollowUpReport))];
    if may_edit {
        parts.push(("keep", lang.t(Text::KeepAgreement)));
    }
    parts.push(("versions", lang.t(Text::Versions)));
    let api = format!(
        "/api/v1/agreements/{id}/report?year={year}&lang={}",
        lang.code()
    );
    let status = form_error.as_ref().map_or(StatusCode::OK, |(_, s)| *s);
    let page = layout_titled(
        lang,
        Some(user),
        &[
            ("/app", lang.t(Text::Home)),
            ("/app/agreements", lang.t(Text::Agreements)),
        ],
        (&agreement.title, foreign(lang, &agreement)),
        html! {
            (error_summary(lang, form_error.iter().map(|(e, _)| e.summary_line())))
            p {
                (lang.t(Text::Valid)) " " (agreement.valid_from) " – " (agreement.valid_until)
                " · " (lang.t(Text::Version)) " " (version)
            }
            (tabs(lang, tab, &parts))
            @match tab {
                "keep" => { (forms.all(&agreement)) }
                "versions" => { (table(lang, "versions", &versions)) }
                _ => {
                    h2 { (lang.t(Text::Reminders)) }
                    (reminder_list(lang, &followed))
                    p {
                        (year_form(lang, &format!("/app/agreements/{id}"), &agreement, year))
                        " · " a href=(api) { (lang.t(Text::PrintReport)) }
                        " · " a href=(format!("{api}&format=json")) { (lang.t(Text::ReportData)) }
                    }
                    section.report { (report_body(&report)) }
                }
            }
        },
    );
    Ok((status, page).into_response())
}

/// Adds or changes one entry of an agreement (the form's `entry`: decision, goal,
/// indicator, action, progress, meeting, scheme, project, value or lesson) as a new
/// version; a refused field is shown next to itself, a stale version above its form, with
/// what was entered kept.
pub async fn add_entry(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
    Form(mut fields): Form<HashMap<String, String>>,
) -> Response {
    let sent = Entered {
        entry: fields.remove("entry").unwrap_or_default(),
        fields,
    };
    match save_entry(&state, &user, &id, &sent).await {
        Ok(()) => Redirect::to(&format!(
            "/app/agreements/{id}?tab=keep&saved={0}",
            sent.entry
        ))
        .into_response(),
        Err(error)
            if error.body.field.is_some() || error.status == StatusCode::PRECONDITION_FAILED =>
        {
            // The whole agreement's check names a field by its path in the agreement
            // (`agreement.values[12].value`); the form's field is its last part.
            let field = match error
                .field_name()
                .map(|f| f.rsplit('.').next().unwrap_or(f))
            {
                Some(field) if !field.is_empty() => format!("{}-{field}", sent.entry),
                _ => sent.entry.clone(),
            };
            let message = if error.status == StatusCode::PRECONDITION_FAILED {
                Message::own(user.lang.t(Text::StaleVersion))
            } else {
                Message::of(&error)
            };
            let form_error = FieldError { field, message };
            let (query, none) = (YearQuery::default(), Download::default());
            let refused = Some((form_error, error.status));
            agreement_page(&state, &user, &id, &query, &none, Some(&sent), refused)
                .await
                .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

async fn save_entry(state: &AppState, user: &WebUser, id: &str, sent: &Entered) -> ApiResult<()> {
    let raw = |name: &str| sent.fields.get(name).map_or("", String::as_str);
    check_csrf(user, raw("csrf_token"))?;
    let version: u32 = raw("version")
        .parse()
        .map_err(|_| ApiError::field("", "the form has no version; reload the page"))?;
    let (mut agreement, _) = agreement_of(state, &user.principal, id).await?;
    may_edit_agreement(&user.principal, &agreement)?;
    let note = sent
        .edit(&user.principal.username)?
        .apply(&mut agreement)
        .map_err(|e| ApiError::field(&e.field, e.message))?;
    save(
        state,
        &user.principal,
        id,
        &AgreementIn { agreement, note },
        version,
    )
    .await
    .map(|_| ())
}

/// `/public/agreements`: the agreements whose follow-up is published.
pub async fn public_list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Query(download): Query<Download>,
) -> Response {
    let published = match published_agreements(&state).await {
        Ok(published) => published,
        Err(error) => return error_page(lang, None, &error),
    };
    let list = summary_table(lang, &published);
    if let Some(file) = download.answer("agreements", &list) {
        return file;
    }
    layout(
        lang,
        None,
        &[],
        lang.t(Text::Agreements),
        linked_table(lang, "agreements", &list, &|cell: &Cell| match cell {
            Cell::Text(id) => format!("/public/agreements/{id}"),
            _ => "/public/agreements".to_owned(),
        }),
    )
    .into_response()
}

/// `/public/agreements/{id}`: a published agreement's follow-up report.
pub async fn public_agreement(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<String>,
    Query(query): Query<YearQuery>,
) -> Response {
    let agreement = match published_agreement(&state, &id).await {
        Ok(agreement) => agreement,
        Err(error) => return error_page(lang, None, &error),
    };
    let (_, last) = years_of(&agreement);
    let year = query.year.unwrap_or(last);
    let report = follow_up_report(&agreement, year, today(), lang.report());
    layout_titled(
        lang,
        None,
        &[("/public/agreements", lang.t(Text::Agreements))],
        (&agreement.title, foreign(lang, &agreement)),
        html! {
            p { (year_form(lang, &format!("/public/agreements/{id}"), &agreement, year)) }
            section.report { (report_body(&report)) }
        },
    )
    .into_response()
}
