//! Agreements and follow-up pages: the caller's agreements with their reminders, one
//! agreement's yearly follow-up (the same report as the API's, inside the page) with its
//! version history and forms to add a measured value or log a lesson, and the published
//! reports.

use super::i18n::{Lang, Text};
use super::pages::{check_csrf, input_field, FieldError};
use super::{error_page, layout, linked_table, table, Download, PageLang, WebUser};
use crate::access::may_edit_agreement;
use crate::error::{ApiError, ApiResult};
use crate::followup::with_planning_data;
use crate::routes::agreements::{
    agreement_of, followed_up_agreements, published_agreement, published_agreements, save, summary,
    AgreementIn,
};
use crate::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_followup::agreement::{Lesson, Value};
use landa_followup::{follow_up_report, reminders, report_body, Agreement, Date};
use maud::{html, Markup};
use serde::Deserialize;

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
                    h3 { (agreement.title) }
                    (reminder_list(agreement))
                }
            }
        },
    )
    .into_response()
}

fn reminder_list(agreement: &Agreement) -> Markup {
    html! {
        ul.reminders {
            @for r in reminders(agreement, today()) {
                li { (r.message) }
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<i32>,
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
/// those who keep it a form to add a measured value.
pub async fn agreement(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
    Query(query): Query<YearQuery>,
    Query(download): Query<Download>,
) -> Response {
    let empty = EntryForm::default();
    agreement_page(&state, &user, &id, query.year, &download, &empty, None)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn agreement_page(
    state: &AppState,
    user: &WebUser,
    id: &str,
    year: Option<i32>,
    download: &Download,
    entered: &EntryForm,
    form_error: Option<FieldError>,
) -> ApiResult<Response> {
    let lang = user.lang;
    let (agreement, version) = agreement_of(state, &user.principal, id).await?;
    let (_, last) = years_of(&agreement);
    let year = year.unwrap_or(last);
    let followed = with_planning_data(&state.store, &agreement).await?;
    let report = follow_up_report(&followed, year, today());
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
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let api = format!("/api/v1/agreements/{id}/report?year={year}");
    let status = FieldError::status(form_error.as_ref());
    let page = layout(
        lang,
        Some(user),
        &agreement.title,
        html! {
            p {
                (lang.t(Text::Valid)) " " (agreement.valid_from) " – " (agreement.valid_until)
                " · " (lang.t(Text::Version)) " " (version)
            }
            h2 { (lang.t(Text::Reminders)) }
            (reminder_list(&followed))
            p {
                (year_form(lang, &format!("/app/agreements/{id}"), &agreement, year))
                " · " a href=(api) { (lang.t(Text::PrintReport)) }
                " · " a href=(format!("{api}&format=json")) { (lang.t(Text::ReportData)) }
            }
            section.report { (report_body(&report)) }
            @if may_edit {
                h2 { (lang.t(Text::AddValue)) }
                form.stack method="post" action=(format!("/app/agreements/{id}")) novalidate {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    input type="hidden" name="version" value=(version);
                    input type="hidden" name="entry" value="value";
                    label for="indicator" { (lang.t(Text::Indicator))
                        select id="indicator" name="indicator" {
                            @for i in &agreement.indicators {
                                option value=(i.id) selected[entered.indicator == i.id] { (i.name) }
                            }
                        }
                    }
                    (input_field(lang.t(Text::Date), "date", "date", &entered.date, error_for("date")))
                    (input_field(lang.t(Text::Value), "value", "text", &entered.value, error_for("value")))
                    (input_field(lang.t(Text::Source), "source", "text", &entered.source, error_for("source")))
                    button type="submit" { (lang.t(Text::Save)) }
                }
                h2 { (lang.t(Text::LogLesson)) }
                form.stack.lesson method="post" action=(format!("/app/agreements/{id}")) novalidate {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    input type="hidden" name="version" value=(version);
                    input type="hidden" name="entry" value="lesson";
                    (input_field(lang.t(Text::Date), "lesson_date", "date", &entered.lesson_date, error_for("lesson_date")))
                    (input_field(lang.t(Text::WhatHappened), "what_happened", "text", &entered.what_happened, error_for("what_happened")))
                    (input_field(lang.t(Text::WhatWeLearned), "learned", "text", &entered.learned, error_for("learned")))
                    (input_field(lang.t(Text::WhatWeChange), "change", "text", &entered.change, None))
                    button type="submit" { (lang.t(Text::Save)) }
                }
            }
            (table(lang, "versions", &versions))
        },
    );
    Ok((status, page).into_response())
}

/// A form that adds one entry to an agreement: a measured value or a lesson learned.
#[derive(Deserialize, Default)]
pub struct EntryForm {
    csrf_token: String,
    version: u32,
    /// value or lesson.
    entry: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    lesson_date: String,
    #[serde(default)]
    what_happened: String,
    #[serde(default)]
    learned: String,
    #[serde(default)]
    change: String,
}

/// Adds a measured value (with its source) or a lesson learned, as a new version of the
/// agreement; a refused field is shown next to itself.
pub async fn add_entry(
    State(state): State<AppState>,
    user: WebUser,
    Path(id): Path<String>,
    Form(form): Form<EntryForm>,
) -> Response {
    match save_entry(&state, &user, &id, &form).await {
        Ok(()) => Redirect::to(&format!("/app/agreements/{id}")).into_response(),
        Err(error) if error.body.field.is_some() => {
            let form_error = FieldError {
                field: error.body.field.clone().unwrap_or_default(),
                message: error.body.message.clone(),
            };
            let none = Download::default();
            agreement_page(&state, &user, &id, None, &none, &form, Some(form_error))
                .await
                .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

fn required(text: &str, field: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() {
        Err(ApiError::field(field, format!("{field} is required")))
    } else {
        Ok(text.to_owned())
    }
}

async fn save_entry(state: &AppState, user: &WebUser, id: &str, form: &EntryForm) -> ApiResult<()> {
    check_csrf(user, &form.csrf_token)?;
    let (mut agreement, _) = agreement_of(state, &user.principal, id).await?;
    let note = match form.entry.as_str() {
        "value" => {
            let date = crate::routes::parse_date(form.date.trim(), "date")?;
            let value: f64 = form
                .value
                .trim()
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| {
                    ApiError::field("value", format!("value: a number, got {:?}", form.value))
                })?;
            let source = required(&form.source, "source")?;
            let Some(indicator) = agreement.indicators.iter().find(|i| i.id == form.indicator)
            else {
                return Err(ApiError::field(
                    "indicator",
                    format!("no indicator {:?}", form.indicator),
                ));
            };
            let note = format!("value {value} for {} on {date}", indicator.name);
            agreement.values.push(Value {
                indicator: form.indicator.clone(),
                date: Date(date),
                value,
                source: Some(source),
                note: None,
            });
            note
        }
        "lesson" => {
            let date = crate::routes::parse_date(form.lesson_date.trim(), "lesson_date")?;
            let lesson = Lesson {
                date: Date(date),
                what_happened: required(&form.what_happened, "what_happened")?,
                learned: required(&form.learned, "learned")?,
                change: Some(form.change.trim().to_owned()).filter(|c| !c.is_empty()),
                goal: None,
                meeting_date: None,
                source: Some(format!("entered by {}", user.principal.username)),
            };
            let note = format!("lesson logged on {date}");
            agreement.lessons.push(lesson);
            note
        }
        other => return Err(ApiError::not_found(format!("no kind of entry {other:?}"))),
    };
    save(
        state,
        &user.principal,
        id,
        &AgreementIn { agreement, note },
        form.version,
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
    let report = follow_up_report(&agreement, year, today());
    layout(
        lang,
        None,
        &agreement.title,
        html! {
            p { (year_form(lang, &format!("/public/agreements/{id}"), &agreement, year)) }
            section.report { (report_body(&report)) }
        },
    )
    .into_response()
}
