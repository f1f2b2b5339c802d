//! One household with its history and the steps its page offers, and a municipality's
//! answer for it.

use super::*;

/// One household: national, or the municipality it is proposed to or placed in.
pub async fn household(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Query(query): Query<super::year::NoteQuery>,
) -> Response {
    let saved = query.note.as_deref() == Some("saved");
    household_page(&state, &user, &scenario, &id, saved, None)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

/// A step form as it was sent: shown again with its error, entries kept.
#[derive(Deserialize, Default, Clone)]
pub struct StepForm {
    csrf_token: String,
    /// move_in, move_elsewhere or withdrawal.
    step: String,
    version: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    dwelling: String,
    #[serde(default)]
    note: String,
    /// The household's ranking: municipality codes, most wanted first.
    #[serde(default)]
    ranking: String,
    /// What it weighs instead: `tie=2, language=1`.
    #[serde(default)]
    criteria: String,
}

/// A refused step: what was sent and why, at the field where there is one.
struct StepFailure {
    form: StepForm,
    status: StatusCode,
    message: String,
    field: Option<String>,
}

async fn household_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    saved: bool,
    failure: Option<&StepFailure>,
) -> ApiResult<Response> {
    let lang = user.lang;
    let h = household_of(state, &user.principal, scenario, id).await?;
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
    let household_id = parse_field(&h.id, "id")?;
    let events = landa_app::households::household_history(
        &state.store,
        &user.principal,
        scenario,
        &household_id,
    )
    .await?;
    let mut history = Table::new(
        lang.t(Text::History),
        vec![
            Column::new(lang.t(Text::Step), ColumnKind::Text),
            Column::new(lang.t(Text::Standing), ColumnKind::Text),
            Column::new(lang.t(Text::Municipality), ColumnKind::Text),
            Column::new(lang.t(Text::Comment), ColumnKind::Text),
            Column::new(lang.t(Text::RecordedBy), ColumnKind::Text),
            Column::new(lang.t(Text::Date), ColumnKind::Text),
        ],
    );
    for e in &events {
        history.push(vec![
            e.step.clone().into(),
            lang.state(e.state).into(),
            e.municipality
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
                .into(),
            e.note.clone().into(),
            e.recorded_by.clone().into(),
            e.recorded_at.format("%Y-%m-%d %H:%M").to_string().into(),
        ]);
    }
    let state_name: landa_model::StateName = h.state.into();
    let standing = match &h.state_municipality {
        Some(code) => format!("{} · {code}", lang.state(state_name)),
        None => lang.state(state_name).to_owned(),
    };
    let national = matches!(user.principal.role, Role::National(_));
    // The preferences are national's to keep (reading them is audited as personal data).
    let preferences = if national {
        Some(
            landa_app::preferences::household_preferences(
                &state.store,
                &user.principal,
                scenario,
                &household_id,
            )
            .await?,
        )
    } else {
        None
    };
    let steps = available_steps(state_name, national);
    let entered = |step: &str, field: fn(&StepForm) -> &str| -> String {
        failure
            .filter(|f| f.form.step == step)
            .map(|f| field(&f.form).to_owned())
            .unwrap_or_default()
    };
    let error_at = |step: &str, field: &str| -> Option<Message> {
        failure
            .filter(|f| f.form.step == step && f.field.as_deref() == Some(field))
            .map(|f| Message::english(f.message.clone()))
    };
    let today = chrono::Utc::now().date_naive().to_string();
    let action = format!("/app/{scenario}/households/{}/step", h.id);
    let page = layout(
        lang,
        Some(user),
        &[
            ("/app", lang.t(Text::Home)),
            (format!("/app/{scenario}").as_str(), scenario),
        ],
        &format!("{} {}", lang.t(Text::Household), h.id),
        html! {
            (error_summary(lang, failure.iter().map(|f| (None, Message::english(f.message.as_str())))))
            @if saved { p.note role="status" { (lang.t(Text::Saved)) } }
            dl {
                dt { (lang.t(Text::Standing)) } dd { (standing) }
                dt { (lang.t(Text::Intake)) } dd { (lang.intake(h.intake_category.into()))
                    @if let Some(code) = &h.settled_in { " · " (code) } }
                dt { (lang.t(Text::Size)) } dd { (h.adults + h.children) }
                @if let Some(permit) = &h.permit_date {
                    dt { (lang.t(Text::PermitDate)) } dd { (permit) }
                }
                dt { (lang.t(Text::WaitingSince)) } dd { (h.waiting_since) }
                @if let Some(dwelling) = &h.dwelling {
                    dt { (lang.t(Text::Dwelling)) } dd { (dwelling) }
                }
            }
            @if matches!(state_name, landa_model::StateName::MovedIn | landa_model::StateName::MovedElsewhere) {
                p { a href=(format!("/app/{scenario}/households/{}/register", h.id)) { (lang.t(Text::IntegrationRegister)) } }
            }
            @for step in &steps {
                @let on = entered(step, |f| &f.on);
                h2 { (lang.t(step_title(step))) }
                form.stack method="post" action=(action) {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    input type="hidden" name="step" value=(step);
                    input type="hidden" name="version" value=(h.version);
                    @if *step != "withdrawal" {
                        (input_field(lang.t(Text::Date), "on", "date",
                            if on.is_empty() { &today } else { &on }, error_at(step, "on")))
                    }
                    @if *step == "move_in" {
                        (input_field(lang.t(Text::Dwelling), "dwelling", "text",
                            &entered(step, |f| &f.dwelling), error_at(step, "dwelling")))
                    }
                    @if *step != "move_in" {
                        (input_field(lang.t(Text::Comment), "note", "text",
                            &entered(step, |f| &f.note), error_at(step, "note")))
                    }
                    button type="submit" { (lang.t(step_title(step))) }
                }
            }
            @if let Some(preferences) = &preferences {
                @let refused = failure.is_some_and(|f| f.form.step == "ranking");
                @let codes = |ranking: &[landa_model::Preference]| ranking.iter().map(|p| p.municipality.to_string()).collect::<Vec<_>>();
                @let weighed = preferences.criteria.iter().map(|c| format!("{}={}", c.criterion, c.weight())).collect::<Vec<_>>().join(", ");
                h2 id="ranking-heading" { (lang.t(Text::Ranking)) }
                @if !preferences.ranking.is_empty() {
                    ol.ranking { @for code in codes(&preferences.ranking) { li { (code) } } }
                } @else if !preferences.from_criteria.is_empty() {
                    p { (lang.t(Text::FromCriteria)) ":" }
                    ol.ranking { @for code in codes(&preferences.from_criteria) { li { (code) } } }
                } @else {
                    p { (lang.t(Text::NoRanking)) }
                }
                form.stack method="post" action=(action) novalidate {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    input type="hidden" name="step" value="ranking";
                    input type="hidden" name="version" value=(h.version);
                    (input_field(lang.t(Text::Ranking), "ranking", "text",
                        &if refused { entered("ranking", |f| &f.ranking) } else { codes(&preferences.ranking).join(", ") },
                        error_at("ranking", "ranking")))
                    p.help { (lang.t(Text::RankingHelp)) }
                    (input_field(lang.t(Text::Criteria), "criteria", "text",
                        &if refused { entered("ranking", |f| &f.criteria) } else { weighed },
                        error_at("ranking", "criteria")))
                    p.help { (lang.t(Text::CriteriaHelp)) }
                    button type="submit" { (lang.t(Text::SaveRanking)) }
                }
            }
            (table(lang, "members", &members))
            (table(lang, "history", &history))
        },
    );
    let status = failure.map_or(StatusCode::OK, |f| f.status);
    Ok((status, page).into_response())
}

/// The steps a page offers for a household in `state`: moving in once approved, moving
/// on once moved in (its municipality or national), and withdrawing while it is open
/// (national). The application core decides again when the form is sent.
fn available_steps(state: landa_model::StateName, national: bool) -> Vec<&'static str> {
    use landa_model::StateName as S;
    let mut steps = Vec::new();
    match state {
        S::Approved => steps.push("move_in"),
        S::MovedIn | S::SelfSettled => steps.push("move_elsewhere"),
        _ => {}
    }
    if national && state.in_next_run() {
        steps.push("withdrawal");
    }
    steps
}

fn step_title(step: &str) -> Text {
    match step {
        "move_in" => Text::RecordMoveIn,
        "move_elsewhere" => Text::RecordMoveOn,
        _ => Text::Withdraw,
    }
}

/// A household step from its page: moved in, moved on, or withdrawn. Refused, the page
/// again with the error at the top and at its field, the entries kept.
pub async fn take_step(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<StepForm>,
) -> Response {
    let lang = user.lang;
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(lang, Some(&user), &error);
    }
    match step_of(&state, &user, &scenario, &id, &form).await {
        Ok(()) => back_to(&format!("/app/{scenario}/households/{id}"), "saved"),
        // Not found or forbidden: no page of the household to show it on.
        Err(error) if matches!(error.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN) => {
            error_page(lang, Some(&user), &error)
        }
        Err(error) => {
            let error = error.at_list_input();
            let failure = StepFailure {
                form,
                status: error.status,
                field: error.field_name().map(ToOwned::to_owned),
                message: error.body.message,
            };
            household_page(&state, &user, &scenario, &id, false, Some(&failure))
                .await
                .unwrap_or_else(|e| error_page(lang, Some(&user), &e))
        }
    }
}

async fn step_of(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    form: &StepForm,
) -> ApiResult<()> {
    use landa_app::{households, intake};
    let household = parse_field(id, "id")?;
    let version: i64 = form
        .version
        .trim()
        .parse()
        .map_err(|_| ApiError::field("version", "reload the page: the form has no version"))?;
    let on = || parse_date(&form.on, "on");
    let store = &state.store;
    let principal = &user.principal;
    match form.step.as_str() {
        "move_in" => {
            let dwelling = Some(form.dwelling.trim())
                .filter(|d| !d.is_empty())
                .map(|d| parse_field(d, "dwelling"))
                .transpose()?;
            households::move_in(
                store,
                principal,
                scenario,
                &household,
                version,
                on()?,
                dwelling,
            )
            .await?;
        }
        "move_elsewhere" => {
            households::move_elsewhere(
                store,
                principal,
                scenario,
                &household,
                version,
                on()?,
                &form.note,
            )
            .await?;
        }
        "withdrawal" => {
            intake::withdraw_household(store, principal, scenario, &household, version, &form.note)
                .await?;
        }
        "ranking" => {
            landa_app::preferences::set_household_preferences(
                store,
                principal,
                scenario,
                &household,
                &split_list(&form.ranking),
                &weights(&form.criteria)?,
            )
            .await?;
        }
        other => {
            return Err(ApiError::field(
                "step",
                format!("expected move_in, move_elsewhere, withdrawal or ranking, got '{other}'"),
            ))
        }
    }
    Ok(())
}

/// Criteria as the form writes them, `tie=2, language` (a criterion without a weight
/// weighs 1), refused at the field when a weight is not a number.
fn weights(text: &str) -> ApiResult<Vec<(String, f64)>> {
    split_list(text)
        .into_iter()
        .map(|entry| match entry.split_once('=') {
            None => Ok((entry, 1.0)),
            Some((name, weight)) => weight
                .trim()
                .replace(',', ".")
                .parse()
                .map(|weight| (name.trim().to_owned(), weight))
                .map_err(|_| {
                    ApiError::field(
                        "criteria",
                        format!(
                            "criteria: the weight of '{}' is not a number: '{weight}'",
                            name.trim()
                        ),
                    )
                }),
        })
        .collect()
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
    after_form(
        &state,
        &user,
        &scenario,
        &code,
        result,
        &Entries::default(),
        "households",
    )
    .await
}
