//! The national pages of placement runs (anvisning / utsøking): one run with its
//! certificate and placements, and why a household went where it went.

use super::i18n::{Lang, Text};
use super::{error_page, layout, linked_table, Download, WebUser};
use crate::error::ApiResult;
use crate::routes::placement::{explanation_of, run_of, run_placements};
use crate::values::{RunStatus, Standing};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use landa_export::{Cell, Column, ColumnKind, Table};
use maud::html;
use serde::Deserialize;

/// Placements shown per page; the downloads hold them all.
const PLACEMENTS_ON_PAGE: usize = 100;

#[derive(Deserialize, Default)]
pub struct RunQuery {
    #[serde(default)]
    offset: usize,
}

/// `/app/{scenario}/placement-runs/{id}`: the run's certificate and its placements.
pub async fn run(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, i64)>,
    Query(query): Query<RunQuery>,
    Query(download): Query<Download>,
) -> Response {
    run_page(&state, &user, &scenario, id, query.offset, &download)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn run_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: i64,
    offset: usize,
    download: &Download,
) -> ApiResult<Response> {
    let lang = user.lang;
    let run = run_of(state, &user.principal, scenario, id).await?;
    let placements = if run.status == RunStatus::Done {
        run_placements(state, &user.principal, scenario, id, None)
            .await?
            .0
    } else {
        Vec::new()
    };
    let mut all = Table::new(
        format!("{} #{id}", lang.t(Text::PlacementRun)),
        vec![
            Column::new(lang.t(Text::Household), ColumnKind::Text),
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::Dwellings), ColumnKind::Text),
            Column::new(lang.t(Text::ExpectedOutcome), ColumnKind::Decimal),
        ],
    );
    for p in &placements {
        all.push(vec![
            p.household.to_string().into(),
            p.municipality.to_string().into(),
            p.dwelling.as_ref().map(ToString::to_string).into(),
            p.score.into(),
        ]);
    }
    if let Some(file) = download.answer("placements", &all) {
        return Ok(file);
    }
    let offset = offset.min(all.rows.len());
    let end = (offset + PLACEMENTS_ON_PAGE).min(all.rows.len());
    let shown = Table {
        rows: all.rows[offset..end].to_vec(),
        ..all.clone()
    };
    let here = format!("/app/{scenario}/placement-runs/{id}");
    let explain = |cell: &Cell| match cell {
        Cell::Text(household) => format!("{here}/explanation?household={household}"),
        _ => here.clone(),
    };
    let percent = |share: Option<f64>| share.map(|g| lang.decimal(&format!("{:.3} %", g * 100.0)));
    Ok(layout(
        lang,
        Some(user),
        &[("/app", lang.t(Text::Home)), (format!("/app/{scenario}").as_str(), scenario)],
        &format!("{} #{id} · {scenario}", lang.t(Text::PlacementRun)),
        html! {
            dl {
                dt { (lang.t(Text::Method)) } dd { (lang.run_method(run.method)) }
                dt { (lang.t(Text::Status)) } dd { (lang.run_status(run.status)) " " (run.message.clone().unwrap_or_default()) }
                dt { (lang.t(Text::Placed)) " (" (lang.t(Text::Persons)) ")" } dd { (run.persons_placed.map(|p| p.to_string()).unwrap_or_default()) }
                dt { (lang.t(Text::Objective)) } dd { (run.objective.map(|o| lang.decimal(&format!("{o:.4}"))).unwrap_or_default()) }
                dt { (lang.t(Text::Bound)) } dd { (run.bound.map(|b| lang.decimal(&format!("{b:.4}"))).unwrap_or_default()) }
                dt { (lang.t(Text::GapToBound)) } dd { (percent(run.gap).unwrap_or_default()) }
                dt { (lang.t(Text::Approved)) } dd { (run.approved_by.clone().unwrap_or_default()) }
            }
            h2 { (lang.t(Text::ExplainHousehold)) }
            form.stack method="get" action=(format!("{here}/explanation")) {
                label for="household" { (lang.t(Text::Household))
                    input id="household" name="household" type="text" required;
                }
                button type="submit" { (lang.t(Text::Why)) }
            }
            (linked_table(lang, "placements", &shown, &explain))
            nav.pages aria-label=(lang.t(Text::PlacementRun)) {
                @if offset > 0 {
                    a rel="prev" href=(format!("{here}?offset={}", offset.saturating_sub(PLACEMENTS_ON_PAGE))) { (lang.t(Text::Previous)) }
                    " "
                }
                (offset + usize::from(end > offset)) "–" (end) " / " (all.rows.len())
                @if end < all.rows.len() {
                    " "
                    a rel="next" href=(format!("{here}?offset={end}")) { (lang.t(Text::Next)) }
                }
            }
        },
    )
    .into_response())
}

#[derive(Deserialize)]
pub struct ExplanationQuery {
    household: String,
}

/// `/app/{scenario}/placement-runs/{id}/explanation?household=…`: the household's best
/// municipalities in the run, and for each whether it was placed there, would have fitted,
/// or which capacity blocked it.
pub async fn explanation(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, i64)>,
    Query(query): Query<ExplanationQuery>,
    Query(download): Query<Download>,
) -> Response {
    let lang = user.lang;
    let household = query.household.trim();
    let why = match explanation_of(&state, &user.principal, &scenario, id, household).await {
        Ok(why) => why,
        Err(error) => return error_page(lang, Some(&user), &error),
    };
    let mut alternatives = Table::new(
        format!("{} {household}", lang.t(Text::Why)),
        vec![
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::ExpectedOutcome), ColumnKind::Decimal),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
            Column::new(lang.t(Text::WhatBlocked), ColumnKind::Text),
        ],
    );
    for a in &why.alternatives {
        alternatives.push(vec![
            a.municipality.clone().into(),
            a.value.into(),
            standing_text(lang, a.standing).into(),
            a.detail.clone().into(),
        ]);
    }
    if let Some(file) = download.answer("alternatives", &alternatives) {
        return file;
    }
    let municipality_page = |cell: &Cell| match cell {
        Cell::Text(code) => format!("/app/{scenario}/municipalities/{code}"),
        _ => format!("/app/{scenario}"),
    };
    layout(
        lang,
        Some(&user),
        &[("/app", lang.t(Text::Home)), (format!("/app/{scenario}").as_str(), &scenario), (format!("/app/{scenario}/placement-runs/{id}").as_str(), format!("{} #{id}", lang.t(Text::PlacementRun)).as_str())],
        &format!("{} {household} · {} #{id}", lang.t(Text::Household), lang.t(Text::PlacementRun)),
        html! {
            p {
                @match &why.placed_in {
                    Some(code) => { (lang.t(Text::PlacedIn)) " " strong { (code) } }
                    None => { strong { (lang.t(Text::NotPlaced)) } }
                }
                " · " a href=(format!("/app/{scenario}/households/{household}")) { (lang.t(Text::Household)) " " (household) }
                " · " a href=(format!("/app/{scenario}/placement-runs/{id}")) { (lang.t(Text::PlacementRun)) " #" (id) }
            }
            (linked_table(lang, "alternatives", &alternatives, &municipality_page))
        },
    )
    .into_response()
}

fn standing_text(lang: Lang, standing: Standing) -> &'static str {
    match standing {
        Standing::Placed => lang.t(Text::PlacedHere),
        Standing::Fits => lang.t(Text::WouldFit),
        Standing::Blocked => lang.t(Text::Blocked),
    }
}
