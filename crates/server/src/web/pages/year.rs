//! The planning years and a year's page for national (regions have their own page).

use super::*;

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
pub(super) fn gap_table(lang: Lang, title: String, rows: &[GapRow]) -> Table {
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
