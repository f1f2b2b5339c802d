//! A region's page: its municipalities, and the distribution of its number.

use super::*;

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
pub(super) struct DistributeOutcome {
    form: DistributeForm,
    result: Result<Vec<QuotaRow>, ApiError>,
}

pub(super) async fn region_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    download: &Download,
    outcome: Option<DistributeOutcome>,
    sort: super::Sort,
) -> ApiResult<Response> {
    let lang = user.lang;
    let rows = gap_rows(state, &user.principal, scenario, None).await?;
    let attention = attention_section(state, user, scenario, None).await?;
    let flow = flow_table(state, user, scenario, &rows).await?;
    if let Some(file) = download.answer("flow", &flow) {
        return Ok(file);
    }
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
    // The region by its name ("Dalarnas län", "Østfold"), not its code.
    let code = user.principal.role.jurisdiction().unwrap_or_default();
    let region = rows
        .iter()
        .find(|r| r.level == GapLevel::Region && r.code == code)
        .map_or(code, |r| r.name.as_str());
    // The help's example is one of the region's own municipalities.
    let example = rows
        .iter()
        .find(|r| r.level == GapLevel::Municipality)
        .map_or("2080", |r| r.code.as_str());
    Ok(layout(
        lang,
        Some(user),
        &format!("{region} · {scenario}"),
        html! {
            (attention)
            (super::sortable_table(lang, "municipalities", &table, sort))
            (paired_bars(lang.t(Text::RequestedVsDecided), lang.t(Text::Requested), lang.t(Text::Decided), &pairs))
            (super::table(lang, "flow", &flow))
            ul {
                @for r in rows.iter().filter(|r| r.level == GapLevel::Municipality) {
                    li { a href=(format!("/app/{scenario}/municipalities/{}", r.code)) { (r.name) } }
                }
            }
            (distribute_section(lang, user, scenario, example, outcome.as_ref()))
        },
    )
    .into_response())
}

fn distribute_section(
    lang: Lang,
    user: &WebUser,
    scenario: &str,
    example: &str,
    outcome: Option<&DistributeOutcome>,
) -> Markup {
    let form = outcome.map(|o| o.form.clone()).unwrap_or_default();
    let error = outcome.and_then(|o| o.result.as_ref().err());
    const FORM_FIELDS: [&str; 5] = ["total", "minors", "adjustments", "round", "sent_by"];
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
        // Every refusal at the top: one about a value this form does not ask for (a
        // municipality without a population, say) has no field here to be shown at.
        (error_summary(lang, error.map(|e| (
            e.field_name().and_then(|f| FORM_FIELDS.iter().find(|&&name| f.starts_with(name))).map(|name| format!("#{name}")),
            e.body.message.as_str(),
        ))))
        form.stack method="post" action=(format!("/app/{scenario}/distribute")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            (input_field(lang.t(Text::Persons), "total", "number", &form.total, error_for("total")))
            (input_field(lang.t(Text::UnaccompaniedMinors), "minors", "number", &form.minors, error_for("minors")))
            label for="adjustments" { (lang.t(Text::Adjustments))
                textarea id="adjustments" name="adjustments" rows="3" aria-describedby="adjustments-help"
                    aria-invalid=[error_for("adjustments").map(|_| "true")] { (form.adjustments) }
            }
            p id="adjustments-help" { (example) "=90: " (lang.t(Text::AdjustmentHelp)) }
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
        // Only a region's jurisdiction is a region; anyone else asks for the national total.
        region: user
            .principal
            .role
            .jurisdiction()
            .filter(|_| matches!(user.principal.role, Role::Region(..)))
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
    // A refusal is the rule's answer, not a form to correct.
    if let Err(error) = &result {
        if matches!(error.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) {
            return error_page(user.lang, Some(&user), error);
        }
    }
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
                    return region_page_with(&state, &user, &scenario, outcome).await;
                }
            }
        }
    }
    region_page_with(&state, &user, &scenario, DistributeOutcome { form, result }).await
}

/// The region's page with the distribution's preview or its error (then answered 422).
async fn region_page_with(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    outcome: DistributeOutcome,
) -> Response {
    let status = if outcome.result.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    region_page(
        state,
        user,
        scenario,
        &Download::default(),
        Some(outcome),
        super::Sort::default(),
    )
    .await
    .map(|page| (status, page).into_response())
    .unwrap_or_else(|e| error_page(user.lang, Some(user), &e))
}

/// The households on their way to each of the region's municipalities and settled there:
/// proposed (awaiting answer or approval), placed, and of those moved in. Counts only.
async fn flow_table(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    rows: &[GapRow],
) -> ApiResult<Table> {
    let lang = user.lang;
    let counts = counts_in_scope(state, &user.principal, scenario).await?;
    let integer = |t: Text| Column::new(lang.t(t), ColumnKind::Integer);
    let mut table = Table::new(
        lang.t(Text::HouseholdFlow),
        vec![
            Column::new(lang.t(Text::Code), ColumnKind::Text),
            Column::new(lang.t(Text::Name), ColumnKind::Text),
            integer(Text::ProposedHouseholds),
            integer(Text::PlacedHouseholds),
            integer(Text::MovedInHouseholds),
        ],
    );
    for row in rows.iter().filter(|r| r.level == GapLevel::Municipality) {
        let c = counts
            .iter()
            .find(|(code, _)| code.as_str() == row.code)
            .map(|(_, c)| *c)
            .unwrap_or_default();
        table.push(vec![
            row.code.clone().into(),
            row.name.clone().into(),
            Cell::Integer(i64::from(c.proposed_households)),
            Cell::Integer(i64::from(c.placed_households)),
            Cell::Integer(i64::from(c.moved_in_households)),
        ]);
    }
    Ok(table)
}
