//! A settled household's integration register: each person's introduction programme and
//! status at checkpoints, and the forms with which the municipality it settled in records
//! them (one person at a time, chosen by `?person=`).

use super::*;
use landa_app::register::{self, HouseholdRegister, ProgrammeInput, StatusInput};
use landa_model::{Checkpoint, HouseholdId, NaiveDate, PersonId};

#[derive(Deserialize)]
pub struct RegisterQuery {
    note: Option<String>,
    /// The person the forms record for (the first when absent).
    person: Option<String>,
}

/// A register form as it was sent: shown again with its error, entries kept.
#[derive(Deserialize, Default, Clone)]
pub struct RegisterForm {
    csrf_token: String,
    /// programme or status.
    kind: String,
    person: String,
    #[serde(default)]
    decided_on: String,
    #[serde(default)]
    started_on: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    ended_on: String,
    #[serde(default)]
    end_reason: String,
    #[serde(default)]
    checkpoint: String,
    #[serde(default)]
    activity: String,
    #[serde(default)]
    living_in: String,
}

/// A refused form: what was sent and why, at its field.
struct Refused {
    form: RegisterForm,
    error: ApiError,
}

const GOALS: [&str; 3] = ["work", "education", "other"];
const END_REASONS: [&str; 4] = ["work", "education", "moved", "other"];
const ACTIVITIES: [&str; 4] = ["work", "education", "both", "neither"];

pub async fn household_register(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Query(query): Query<RegisterQuery>,
    Query(download): Query<Download>,
) -> Response {
    let shown = Shown {
        person: query.person.as_deref(),
        saved: query.note.as_deref() == Some("saved"),
        download: &download,
    };
    register_page(&state, &user, &scenario, &id, shown, None)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

fn select(
    label: &str,
    name: &str,
    options: &[(String, String)],
    chosen: &str,
    blank: bool,
    error: Option<Message>,
) -> Markup {
    let error_id = format!("{name}-error");
    html! {
        label for=(name) { (label)
            select id=(name) name=(name) aria-invalid=[error.as_ref().map(|_| "true")]
                aria-describedby=[error.as_ref().map(|_| error_id.as_str())] {
                @if blank { option value="" { "–" } }
                @for (value, text) in options {
                    option value=(value) selected[value == chosen] { (text) }
                }
            }
        }
        @if let Some(error) = &error { p.error id=(error_id) role="alert" { (error) } }
    }
}

fn persons_table(lang: Lang, register: &HouseholdRegister) -> Table {
    let mut persons = Table::new(
        lang.t(Text::IntegrationRegister),
        vec![
            Column::new("id", ColumnKind::Text),
            Column::new(lang.t(Text::DecidedOn), ColumnKind::Text),
            Column::new(lang.t(Text::StartedOn), ColumnKind::Text),
            Column::new(lang.t(Text::FinalGoal), ColumnKind::Text),
            Column::new(lang.t(Text::EndedOn), ColumnKind::Text),
            Column::new(lang.t(Text::EndReasonLabel), ColumnKind::Text),
            Column::new(lang.t(Text::ActivityLabel), ColumnKind::Text),
        ],
    );
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for p in &register.persons {
        let programme = p.programme.as_ref().map(|r| &r.value);
        let statuses = p
            .statuses
            .iter()
            .map(|s| {
                let living = if s.value.living_in == register.municipality {
                    String::new()
                } else {
                    format!(" · {}", s.value.living_in)
                };
                format!(
                    "{}: {}{living}",
                    lang.checkpoint(s.value.checkpoint),
                    lang.programme_word(s.value.activity.as_str())
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        persons.push(vec![
            p.person.to_string().into(),
            programme
                .map_or_else(
                    || lang.t(Text::NotRecorded).to_owned(),
                    |p| p.decided_on().to_string(),
                )
                .into(),
            day(programme.and_then(|p| p.started_on())).into(),
            programme
                .map(|p| lang.programme_word(p.goal().as_str()))
                .unwrap_or_default()
                .into(),
            day(programme.and_then(|p| p.ended_on())).into(),
            programme
                .and_then(|p| p.end_reason())
                .map(|r| lang.programme_word(r.as_str()))
                .unwrap_or_default()
                .into(),
            statuses.into(),
        ]);
    }
    persons
}

/// What the page is asked to show: the person the forms record for, the saved note, a
/// download of its table.
struct Shown<'a> {
    person: Option<&'a str>,
    saved: bool,
    download: &'a Download,
}

async fn register_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    shown: Shown<'_>,
    refused: Option<&Refused>,
) -> ApiResult<Response> {
    let Shown {
        person,
        saved,
        download,
    } = shown;
    let lang = user.lang;
    let household: HouseholdId = parse_field(id, "id")?;
    let register =
        register::household_register(&state.store, &user.principal, scenario, &household).await?;
    let persons = persons_table(lang, &register);
    if let Some(file) = download.answer("register", &persons) {
        return Ok(file);
    }
    let records = matches!(&user.principal.role,
        Role::Municipality(_, own) if *own == register.municipality);
    let chosen = refused
        .map(|r| r.form.person.clone())
        .or(person.map(str::to_owned))
        .and_then(|p| register.persons.iter().find(|r| r.person.as_str() == p))
        .or(register.persons.first());
    let sent = |kind: &str, field: fn(&RegisterForm) -> &str| -> Option<String> {
        refused
            .filter(|r| r.form.kind == kind)
            .map(|r| field(&r.form).to_owned())
    };
    let error_at = |kind: &str, field: &str| -> Option<Message> {
        refused
            .filter(|r| r.form.kind == kind && r.error.field_name() == Some(field))
            .map(|r| Message::of(&r.error))
    };
    let current = chosen.and_then(|p| p.programme.as_ref()).map(|r| &r.value);
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let programme_value = |field: fn(&RegisterForm) -> &str, stored: String| {
        sent("programme", field).unwrap_or(stored)
    };
    let decided = programme_value(|f| &f.decided_on, day(current.map(|p| p.decided_on())));
    let started = programme_value(|f| &f.started_on, day(current.and_then(|p| p.started_on())));
    let goal = programme_value(
        |f| &f.goal,
        current.map(|p| p.goal().to_string()).unwrap_or_default(),
    );
    let ended = programme_value(|f| &f.ended_on, day(current.and_then(|p| p.ended_on())));
    let reason = programme_value(
        |f| &f.end_reason,
        current
            .and_then(|p| p.end_reason())
            .map(|r| r.to_string())
            .unwrap_or_default(),
    );
    let words = |values: &[&str]| -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| ((*v).to_owned(), lang.programme_word(v).to_owned()))
            .collect()
    };
    let checkpoint_options: Vec<(String, String)> = Checkpoint::all()
        .into_iter()
        .map(|c| (c.to_string(), lang.checkpoint(c)))
        .collect();
    let action = format!("/app/{scenario}/households/{id}/register");
    let household_page = format!("/app/{scenario}/households/{id}");
    let page = layout(
        lang,
        Some(user),
        &[
            ("/app", lang.t(Text::Home)),
            (format!("/app/{scenario}").as_str(), scenario),
            (
                household_page.as_str(),
                &format!("{} {id}", lang.t(Text::Household)),
            ),
        ],
        &format!(
            "{} · {} {id}",
            lang.t(Text::IntegrationRegister),
            lang.t(Text::Household)
        ),
        html! {
            (error_summary(lang, refused.iter().map(|r| (r.error.field_name().map(|f| format!("#{f}")), Message::of(&r.error)))))
            @if saved { p.note role="status" { (lang.t(Text::Saved)) } }
            p.help { (lang.t(Text::RegisterHelp)) }
            dl {
                dt { (lang.t(Text::Municipality)) } dd { (register.municipality) }
                dt { (lang.state(landa_model::StateName::MovedIn)) } dd { (register.settled_on) }
            }
            (table(lang, "register", &persons))
            @if records {
                @if register.persons.len() > 1 {
                    ul.choices {
                        @for p in &register.persons {
                            li { a href=(format!("?person={}#programme-heading", p.person)) {
                                (lang.t(Text::RecordForPerson)) " " (p.person) } }
                        }
                    }
                }
                @if let Some(chosen) = chosen {
                    h2 id="programme-heading" { (lang.t(Text::Programme)) " · " (chosen.person) }
                    form.stack method="post" action=(action) novalidate {
                        input type="hidden" name="csrf_token" value=(user.csrf_token);
                        input type="hidden" name="kind" value="programme";
                        input type="hidden" name="person" value=(chosen.person);
                        (input_field(lang.t(Text::DecidedOn), "decided_on", "date", &decided, error_at("programme", "decided_on")))
                        (input_field(lang.t(Text::StartedOn), "started_on", "date", &started, error_at("programme", "started_on")))
                        (select(lang.t(Text::FinalGoal), "goal", &words(&GOALS), &goal, false, error_at("programme", "goal")))
                        (input_field(lang.t(Text::EndedOn), "ended_on", "date", &ended, error_at("programme", "ended_on")))
                        (select(lang.t(Text::EndReasonLabel), "end_reason", &words(&END_REASONS), &reason, true, error_at("programme", "end_reason")))
                        button type="submit" { (lang.t(Text::SaveProgramme)) }
                    }
                    h2 id="status-heading" { (lang.t(Text::CheckpointLabel)) " · " (chosen.person) }
                    form.stack method="post" action=(action) novalidate {
                        input type="hidden" name="csrf_token" value=(user.csrf_token);
                        input type="hidden" name="kind" value="status";
                        input type="hidden" name="person" value=(chosen.person);
                        (select(lang.t(Text::CheckpointLabel), "checkpoint", &checkpoint_options,
                            &sent("status", |f| &f.checkpoint).unwrap_or_default(), false, error_at("status", "checkpoint")))
                        (select(lang.t(Text::ActivityLabel), "activity", &words(&ACTIVITIES),
                            &sent("status", |f| &f.activity).unwrap_or_default(), false, error_at("status", "activity")))
                        (input_field(lang.t(Text::LivingIn), "living_in", "text",
                            &sent("status", |f| &f.living_in).unwrap_or_else(|| register.municipality.to_string()),
                            error_at("status", "living_in")))
                        button type="submit" { (lang.t(Text::SaveStatus)) }
                    }
                }
            }
        },
    );
    let status = refused.map_or(StatusCode::OK, |r| r.error.status);
    Ok((status, page).into_response())
}

/// A programme or a status from the register page. Refused, the page again with the error
/// at the top and at its field, the entries kept.
pub async fn record_register(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<RegisterForm>,
) -> Response {
    let lang = user.lang;
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(lang, Some(&user), &error);
    }
    match record(&state, &user, &scenario, &id, &form).await {
        Ok(()) => back_to(
            &format!(
                "/app/{scenario}/households/{id}/register?person={}",
                form.person
            ),
            "saved",
        ),
        Err(error) if matches!(error.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN) => {
            error_page(lang, Some(&user), &error)
        }
        Err(error) => {
            let refused = Refused { form, error };
            let shown = Shown {
                person: None,
                saved: false,
                download: &Download::default(),
            };
            register_page(&state, &user, &scenario, &id, shown, Some(&refused))
                .await
                .unwrap_or_else(|e| error_page(lang, Some(&user), &e))
        }
    }
}

fn optional_date(text: &str, field: &str) -> ApiResult<Option<NaiveDate>> {
    filled(text).map(|t| parse_date(t, field)).transpose()
}

/// A choice or code left blank (none), or what it names.
fn optional<T>(text: &str, field: &str) -> ApiResult<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    filled(text).map(|t| parse_field(t, field)).transpose()
}

async fn record(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    id: &str,
    form: &RegisterForm,
) -> ApiResult<()> {
    let household: HouseholdId = parse_field(id, "id")?;
    let person: PersonId = parse_field(&form.person, "person")?;
    let (store, principal) = (&state.store, &user.principal);
    match form.kind.as_str() {
        "programme" => {
            let input = ProgrammeInput {
                decided_on: parse_date(&form.decided_on, "decided_on")?,
                started_on: optional_date(&form.started_on, "started_on")?,
                goal: parse_field(&form.goal, "goal")?,
                ended_on: optional_date(&form.ended_on, "ended_on")?,
                end_reason: optional(&form.end_reason, "end_reason")?,
            };
            register::record_programme(store, principal, scenario, &household, &person, &input)
                .await?;
        }
        "status" => {
            let input = StatusInput {
                checkpoint: parse_field(&form.checkpoint, "checkpoint")?,
                activity: parse_field(&form.activity, "activity")?,
                living_in: optional(&form.living_in, "living_in")?,
            };
            register::record_status(store, principal, scenario, &household, &person, &input)
                .await?;
        }
        other => {
            return Err(ApiError::field(
                "kind",
                format!("expected programme or status, got '{other}'"),
            ))
        }
    }
    Ok(())
}
