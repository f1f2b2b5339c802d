//! A region's page: its municipalities, and the distribution of its number.

use super::*;

/// What the region's distribution form holds: the model's inputs and the round to publish.
#[derive(Deserialize, Default, Clone)]
pub struct DistributeForm {
    csrf_token: String,
    total: String,
    minors: String,
    /// Blank: the country's rule.
    #[serde(default)]
    minimum: String,
    /// One adjustment a line: CODE=PERSONS: reason.
    adjustments: String,
    round: String,
    sent_by: String,
    /// preview or publish.
    action: String,
    /// Present once publishing is confirmed.
    #[serde(default)]
    confirmed: Option<String>,
}

/// The distribution on the region page: a preview, or why it could not be made.
pub(super) struct DistributeOutcome {
    form: DistributeForm,
    result: Result<Vec<QuotaRow>, ApiError>,
}

/// What the region page shows besides its figures.
#[derive(Default)]
pub(super) struct RegionShown {
    /// The distribution's preview, or why it could not be made.
    pub outcome: Option<DistributeOutcome>,
    /// The round just published.
    pub published: Option<u32>,
    pub tab: Option<String>,
}

/// The region page's tabs: its municipalities at a glance, households on their way, and
/// the distribution of its number.
const REGION_TABS: [&str; 3] = ["overview", "flow", "distribute"];

pub(super) async fn region_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    download: &Download,
    shown: RegionShown,
    sort: super::Sort,
) -> ApiResult<Response> {
    let RegionShown {
        outcome,
        published,
        tab,
    } = shown;
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
    let names: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r.level == GapLevel::Municipality)
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    let tab = match tab.as_deref() {
        Some(tab) if REGION_TABS.contains(&tab) => tab,
        _ if outcome.is_some() => "distribute",
        _ => "overview",
    };
    let outcome_panel = match published {
        Some(round) => published_panel(state, lang, scenario, round, &names).await?,
        None => None,
    };
    Ok(layout(
        lang,
        Some(user),
        &[("/app", lang.t(Text::Home))],
        &format!("{region} · {scenario}"),
        html! {
            @if let Some(panel) = outcome_panel { (panel) }
            (tabs(lang, tab, &[
                ("overview", lang.t(Text::Overview)),
                ("flow", lang.t(Text::HouseholdFlow)),
                ("distribute", lang.t(Text::Distribute)),
            ]))
            p { a href=(format!("/app/{scenario}/integration")) { (lang.t(Text::IntegrationIndicators)) } }
            @match tab {
                "flow" => {
                    (super::table(lang, "flow", &flow))
                    ul {
                        @for (code, name) in &names {
                            li { a href=(format!("/app/{scenario}/municipalities/{code}")) { (name) } }
                        }
                    }
                }
                "distribute" => {
                    (distribute_section(lang, user, scenario, example, outcome.as_ref(), &names))
                }
                _ => {
                    (attention)
                    (super::sortable_table(lang, "municipalities", &table, sort))
                    (paired_bars(lang.t(Text::RequestedVsDecided), lang.t(Text::Requested), lang.t(Text::Decided), &pairs))
                }
            }
        },
    )
    .into_response())
}

/// "Round 2 published to 15 municipalities", read back from the store: the round's
/// requests to the region's own municipalities (`names`).
async fn published_panel(
    state: &AppState,
    lang: Lang,
    scenario: &str,
    round: u32,
    names: &[(&str, &str)],
) -> ApiResult<Option<Markup>> {
    let rounds = state.store.request_rounds(scenario).await?;
    let Some(found) = rounds.iter().rev().find(|r| r.round == round) else {
        return Ok(None);
    };
    let ours: Vec<_> = found
        .requests
        .iter()
        .filter(|r| {
            names
                .iter()
                .any(|(code, _)| *code == r.municipality.as_str())
        })
        .collect();
    let persons: u32 = ours.iter().map(|r| r.persons).sum();
    let minors: u32 = ours.iter().map(|r| r.unaccompanied_minors).sum();
    Ok(Some(confirmation(
        &format!(
            "{} {round} {} {} {}",
            lang.t(Text::Round),
            lang.t(Text::PublishedTo),
            ours.len(),
            lang.t(Text::MunicipalitiesLower)
        ),
        Some(&format!(
            "{persons} {} ({}: {minors}). {}",
            lang.t(Text::PersonsLower),
            lang.t(Text::UnaccompaniedMinors),
            lang.t(Text::PublishedNext)
        )),
    )))
}

/// The preview as a table: each municipality by name, its number and its adjustment.
fn preview_table(lang: Lang, rows: &[QuotaRow], names: &[(&str, &str)]) -> Table {
    let mut preview = Table::new(
        lang.t(Text::Preview),
        vec![
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::Persons), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
            Column::new(lang.t(Text::Adjustments), ColumnKind::Text),
            Column::new(lang.t(Text::Remarks), ColumnKind::Text),
        ],
    );
    for row in rows {
        let code = row.municipality.as_str();
        let name = names
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, name)| name);
        preview.push(vec![
            name.into(),
            row.persons.into(),
            row.unaccompanied_minors.into(),
            row.adjustment_reason.clone().into(),
            [
                row.below_minimum.then(|| lang.t(Text::BelowMinimum)),
                (!row.takes_unaccompanied_minors).then(|| lang.t(Text::TakesNoMinors)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ")
            .into(),
        ]);
    }
    preview
}

fn distribute_section(
    lang: Lang,
    user: &WebUser,
    scenario: &str,
    example: &str,
    outcome: Option<&DistributeOutcome>,
    names: &[(&str, &str)],
) -> Markup {
    let form = outcome.map(|o| o.form.clone()).unwrap_or_default();
    let error = outcome.and_then(|o| o.result.as_ref().err());
    const FORM_FIELDS: [&str; 6] = [
        "total",
        "minors",
        "minimum",
        "adjustments",
        "round",
        "sent_by",
    ];
    let error_for = |field: &str| {
        error
            .filter(|e| e.field_name().is_some_and(|f| f.starts_with(field)))
            .map(Message::of)
    };
    // A value the year's data lacks, said in the user's words with the municipality's name.
    let missing = error.and_then(|e| missing_value(lang, e.field_name()?, names));
    let preview = outcome
        .and_then(|o| o.result.as_ref().ok())
        .map(|rows| preview_table(lang, rows, names));
    html! {
        h2 { (lang.t(Text::Distribute)) }
        // Every refusal at the top: one about a value this form does not ask for (a
        // municipality without a population, say) has no field here to be shown at.
        (error_summary(lang, error.map(|e| (
            e.field_name().and_then(|f| FORM_FIELDS.iter().find(|&&name| f.starts_with(name))).map(|name| format!("#{name}")),
            missing.clone().map_or_else(|| Message::of(e), Message::own),
        ))))
        form.stack method="post" action=(format!("/app/{scenario}/distribute")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            (input_field(lang.t(Text::Persons), "total", "number", &form.total, error_for("total")))
            (input_field(lang.t(Text::UnaccompaniedMinors), "minors", "number", &form.minors, error_for("minors")))
            (input_field(lang.t(Text::MinimumRequest), "minimum", "number", &form.minimum, error_for("minimum")))
            p id="minimum-help" { (lang.t(Text::MinimumHelp)) }
            p id="criteria" { (criteria(lang)) }
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
        @if let Some(preview) = &preview { (answered_table(lang, "preview", preview)) }
    }
}

/// "Tallene vekter innbyggere 40 %, sysselsetting 20 % …": the criteria the year's
/// country weighs, as the distribution is asked for them here.
fn criteria(lang: Lang) -> String {
    let weights = landa_quota::Weights::for_country(lang.country);
    let weighed: Vec<String> = landa_quota::Factor::ALL
        .into_iter()
        .filter(|&factor| weights.get(factor) > 0.0)
        .map(|factor| {
            let name = lang.t(match factor {
                landa_quota::Factor::Population => Text::CriterionPopulation,
                landa_quota::Factor::LabourMarket => Text::CriterionLabourMarket,
                landa_quota::Factor::Reception => Text::CriterionReception,
                landa_quota::Factor::Housing => Text::CriterionHousing,
                landa_quota::Factor::IntroductionResults => Text::CriterionIntroductionResults,
                landa_quota::Factor::SchoolCapacity => Text::CriterionSchoolCapacity,
            });
            format!("{name} {} %", (weights.get(factor) * 100.0).round())
        })
        .collect();
    format!("{} {}.", lang.t(Text::CriteriaWeighed), weighed.join(", "))
}

/// "Mora (2062) saknar mottagande per 1 000 invånare …" for the field
/// `municipalities.2062.reception_per_1000` of a refused distribution.
fn missing_value(lang: Lang, field: &str, names: &[(&str, &str)]) -> Option<String> {
    let mut parts = field.strip_prefix("municipalities.")?.splitn(2, '.');
    let (code, factor) = (parts.next()?, parts.next()?);
    let name = names
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, n)| n);
    let factor = lang.t(match factor {
        "population" => Text::Population,
        "employment_rate" => Text::EmploymentRate,
        "reception_per_1000" => Text::ReceptionPer1000,
        "housing_market" => Text::HousingMarket,
        "introduction_result_rate" => Text::IntroductionResultRate,
        "upper_secondary_places" => Text::UpperSecondaryPlaces,
        _ => return None,
    });
    Some(format!(
        "{name} ({code}) {} {factor}. {}",
        lang.t(Text::Lacks),
        lang.t(Text::MissingValueHelp)
    ))
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
            persons: whole_number(user.lang, persons, &field)?,
            reason: reason.trim().to_owned(),
        });
    }
    Ok(QuotaIn {
        total: whole_number(user.lang, &form.total, "total")?,
        minors: if form.minors.trim().is_empty() {
            0
        } else {
            whole_number(user.lang, &form.minors, "minors")?
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
        minimum: (!form.minimum.trim().is_empty())
            .then(|| whole_number(user.lang, &form.minimum, "minimum"))
            .transpose()?,
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
            let round = whole_number(user.lang, &form.round, "round");
            if let (Ok(round), None) = (&round, &form.confirmed) {
                return confirm_publish(&state, &user, &scenario, &form, *round, rows).await;
            }
            let published = match round {
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
                        .map(|out| out.round)
                }
                Err(error) => Err(error),
            };
            match published {
                Ok(round) => {
                    return Redirect::to(&format!("/app/{scenario}?note=published&round={round}"))
                        .into_response()
                }
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

/// The confirm step of publishing: the round's numbers by municipality, what publishing
/// does, and the button that publishes them (the form again, confirmed).
async fn confirm_publish(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    form: &DistributeForm,
    round: u32,
    rows: &[QuotaRow],
) -> Response {
    let lang = user.lang;
    let gap = match gap_rows(state, &user.principal, scenario, None).await {
        Ok(gap) => gap,
        Err(error) => return error_page(lang, Some(user), &error),
    };
    let names: Vec<(&str, &str)> = gap
        .iter()
        .filter(|r| r.level == GapLevel::Municipality)
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    let question = format!(
        "{} {round} {} {} {}?",
        lang.t(Text::PublishRound),
        lang.t(Text::To),
        rows.len(),
        lang.t(Text::MunicipalitiesLower)
    );
    let persons: u32 = rows.iter().map(|r| r.persons).sum();
    let back = format!("/app/{scenario}?tab=distribute");
    let fields = [
        ("total", form.total.as_str()),
        ("minors", form.minors.as_str()),
        ("adjustments", form.adjustments.as_str()),
        ("round", form.round.as_str()),
        ("sent_by", form.sent_by.as_str()),
        ("action", "publish"),
    ];
    let confirm = Confirm {
        question: &question,
        what: html! {
            p { (lang.t(Text::Persons)) ": " strong { (persons) } " · " (lang.t(Text::SentBy)) ": " (form.sent_by) }
            p { (lang.t(Text::PublishEffect)) }
            (answered_table(lang, "preview", &preview_table(lang, rows, &names)))
        },
        action: &format!("/app/{scenario}/distribute"),
        fields: &fields,
        button: &format!("{} {round}", lang.t(Text::PublishRound)),
        back: &back,
    };
    confirm.page(
        user,
        &[("/app", lang.t(Text::Home)), (back.as_str(), scenario)],
    )
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
    let shown = RegionShown {
        outcome: Some(outcome),
        ..RegionShown::default()
    };
    region_page(
        state,
        user,
        scenario,
        &Download::default(),
        shown,
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
