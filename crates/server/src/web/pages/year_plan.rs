//! The national page's plan for the rest of the year: the arrival forecast against the
//! intake, the households waiting by how long they have waited, and the schedule that
//! starts a placement run every week (set or stopped here, as through the API).

use super::year::Shown;
use super::*;
use crate::routes::year_plan::{set_schedule, ScheduleIn};
use landa_app::forecast::{set_forecast_file, year_plan};
use landa_app::intake::IntakeFileError;
use landa_app::schedule::{run_schedule, stop_run_schedule};

/// The schedule form as sent, kept to show again with its error.
#[derive(Deserialize, Default, Clone)]
pub struct ScheduleForm {
    csrf_token: String,
    #[serde(default)]
    first_run: String,
    #[serde(default)]
    every_days: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    time_limit_seconds: String,
    /// Checkboxes: present ("on") when ticked.
    #[serde(default)]
    reserve: Option<String>,
    #[serde(default)]
    balance: Option<String>,
    /// Blank: by the predicted outcome alone.
    #[serde(default)]
    mechanism: String,
}

/// The schedule form refused: what was entered and what was wrong.
pub(super) struct ScheduleRefused<'a> {
    pub form: &'a ScheduleForm,
    pub error: FieldError,
}

/// `first_run` as the form's date and time (UTC, minutes).
fn instant(text: &str) -> ApiResult<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .map(|t| t.and_utc())
        .map_err(|_| {
            ApiError::field(
                "first_run",
                format!("first_run: a date and time such as 2026-03-02T06:00, got '{text}'"),
            )
        })
}

fn schedule_in(lang: Lang, form: &ScheduleForm) -> ApiResult<ScheduleIn> {
    let number = |text: &str, field: &str| -> ApiResult<Option<f64>> {
        let text = text.trim().replace(',', ".");
        match text.is_empty() {
            true => Ok(None),
            false => text
                .parse()
                .map(Some)
                .map_err(|_| ApiError::field(field, format!("{field}: a number, got '{text}'"))),
        }
    };
    Ok(ScheduleIn {
        first_run: instant(&form.first_run)?,
        every_days: Some(form.every_days.trim())
            .filter(|t| !t.is_empty())
            .map(|t| super::whole_number(lang, t, "every_days"))
            .transpose()?,
        method: Some(parse_field::<RunMethod>(&form.method, "method")?),
        time_limit_seconds: number(&form.time_limit_seconds, "time_limit_seconds")?,
        tie_bonus: None,
        waiting_weight: None,
        reserve: Some(form.reserve.is_some()),
        balance: Some(form.balance.is_some()),
        mechanism: Some(form.mechanism.trim())
            .filter(|m| !m.is_empty())
            .map(|m| parse_field::<RunMechanism>(m, "mechanism"))
            .transpose()?,
        preference_weight: None,
        outcome_share: None,
    })
}

/// `POST /app/{scenario}/run-schedule`: national sets the weekly run; the year again with
/// the error at the top and the field, entries kept, when it is refused.
pub async fn set_schedule_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Form(form): Form<ScheduleForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let result = match schedule_in(user.lang, &form) {
        Ok(body) => set_schedule(&state, &user.principal, &scenario, &body).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => {
            state.jobs.wake();
            back_to(&format!("/app/{scenario}"), "scheduled")
        }
        Err(error) if error.body.field.is_some() => {
            let refused = ScheduleRefused {
                form: &form,
                error: FieldError::of(&error),
            };
            super::year::national_page_refused(
                &state,
                &user,
                &scenario,
                Shown::ScheduleRefused(refused),
            )
            .await
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

/// `POST /app/{scenario}/run-schedule/stop`: national stops the weekly run.
pub async fn stop_schedule_form(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let result = match check_csrf(&user, &form.csrf_token) {
        Ok(()) => stop_run_schedule(&state.store, &user.principal, &scenario)
            .await
            .map_err(ApiError::from),
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => back_to(&format!("/app/{scenario}"), "unscheduled"),
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

/// The forecast against the intake and the waiting stock, as tables (downloadable), and
/// the forecast's version for the form that replaces it.
pub(super) async fn plan_tables(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
) -> ApiResult<(Table, Table, u32)> {
    let lang = user.lang;
    let today = chrono::Local::now().date_naive();
    let plan = year_plan(&state.store, &user.principal, scenario, today).await?;
    let integer = |t: Text| Column::new(lang.t(t), ColumnKind::Integer);
    let mut forecast = Table::new(
        lang.t(Text::ForecastAgainstIntake),
        vec![
            Column::new(lang.t(Text::From), ColumnKind::Text),
            Column::new(lang.t(Text::Until), ColumnKind::Text),
            Column::new(lang.t(Text::Intake), ColumnKind::Text),
            integer(Text::ForecastHouseholds),
            integer(Text::ArrivedHouseholds),
            integer(Text::ForecastPersons),
            integer(Text::ArrivedPersons),
        ],
    );
    for line in &plan.against_intake {
        forecast.push(vec![
            line.period_start.to_string().into(),
            line.period_end.to_string().into(),
            lang.intake(line.category).into(),
            Cell::Integer(i64::from(line.forecast_households)),
            Cell::Integer(i64::from(line.actual_households)),
            Cell::Integer(i64::from(line.forecast_persons)),
            Cell::Integer(i64::from(line.actual_persons)),
        ]);
    }
    let mut waiting = Table::new(
        lang.t(Text::WaitingStock),
        vec![
            Column::new(lang.t(Text::DaysWaited), ColumnKind::Text),
            integer(Text::Households),
            integer(Text::Persons),
        ],
    );
    for band in &plan.waiting {
        let days = match band.to_days {
            Some(to) => format!("{}–{to}", band.from_days),
            None => format!("{}+", band.from_days),
        };
        waiting.push(vec![
            days.into(),
            Cell::Integer(i64::from(band.households)),
            Cell::Integer(i64::from(band.persons)),
        ]);
    }
    Ok((forecast, waiting, plan.version))
}

/// The schedule as it stands, and the form that sets or stops it.
pub(super) async fn schedule_section(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    refused: Option<&ScheduleRefused<'_>>,
) -> ApiResult<Markup> {
    let lang = user.lang;
    let current = run_schedule(&state.store, &user.principal, scenario).await?;
    let error = refused.map(|r| &r.error);
    let error_for = |field: &str| FieldError::for_field(error, field);
    // What the form shows: the refused entries, else the schedule as saved, else a weekly
    // run from next Monday morning.
    let shown = match (refused, &current) {
        (Some(refused), _) => refused.form.clone(),
        (None, Some(schedule)) => ScheduleForm {
            first_run: schedule.next_run_at.format("%Y-%m-%dT%H:%M").to_string(),
            every_days: schedule.every_days.to_string(),
            method: schedule.spec.method.clone(),
            time_limit_seconds: (schedule.spec.time_limit_ms as f64 / 1000.0).to_string(),
            reserve: schedule.spec.options.reserve.then(|| "on".to_owned()),
            balance: schedule.spec.options.balance.then(|| "on".to_owned()),
            mechanism: schedule
                .spec
                .options
                .mechanism
                .map_or(String::new(), |m| m.name().to_owned()),
            ..ScheduleForm::default()
        },
        (None, None) => {
            let today = chrono::Utc::now().date_naive();
            let ahead = 7 - i64::from(chrono::Datelike::weekday(&today).num_days_from_monday());
            ScheduleForm {
                first_run: format!("{}T06:00", today + chrono::TimeDelta::days(ahead)),
                every_days: "7".into(),
                method: "optimal".into(),
                time_limit_seconds: "60".into(),
                reserve: Some("on".into()),
                ..ScheduleForm::default()
            }
        }
    };
    let yes_no = |yes: bool| if yes { "✓" } else { "–" };
    Ok(html! {
        h2 id="run-schedule" { (lang.t(Text::RunSchedule)) }
        @match &current {
            Some(schedule) => {
                div role="status" { dl.schedule {
                    dt { (lang.t(Text::NextRun)) } dd { (schedule.next_run_at.format("%Y-%m-%d %H:%M UTC")) }
                    dt { (lang.t(Text::EveryDays)) } dd { (schedule.every_days) }
                    dt { (lang.t(Text::Method)) } dd { (schedule.spec.method) ", " (schedule.spec.time_limit_ms / 1000) " s" }
                    dt { (lang.t(Text::ReserveForLater)) } dd { (yes_no(schedule.spec.options.reserve)) }
                    dt { (lang.t(Text::BalanceOverYear)) } dd { (yes_no(schedule.spec.options.balance)) }
                    dt { (lang.t(Text::Mechanism)) } dd { (schedule.spec.options.mechanism.map_or_else(|| lang.run_mechanism(None).to_owned(), |m| m.to_string())) }
                    dt { (lang.t(Text::SetBy)) } dd { (schedule.set_by) }
                } }
                form method="post" action=(format!("/app/{scenario}/run-schedule/stop")) {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    button type="submit" { (lang.t(Text::StopSchedule)) }
                }
            }
            None => p { (lang.t(Text::NoSchedule)) }
        }
        form.stack method="post" action=(format!("/app/{scenario}/run-schedule")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            (input_field(lang.t(Text::FirstRun), "first_run", "datetime-local",
                &shown.first_run, error_for("first_run")))
            (input_field(lang.t(Text::EveryDays), "every_days", "number",
                &shown.every_days, error_for("every_days")))
            label for="schedule-method" { (lang.t(Text::Method))
                select id="schedule-method" name="method" {
                    @for method in RunMethod::ALL {
                        option value=(method.as_str())
                            selected[shown.method == method.as_str()] { (method.as_str()) }
                    }
                }
            }
            (input_field(lang.t(Text::TimeLimit), "time_limit_seconds", "number",
                &shown.time_limit_seconds, error_for("time_limit_seconds")))
            (super::placement::looking_ahead(lang, "schedule-", shown.reserve.is_some(), shown.balance.is_some()))
            (super::placement::mechanism_select(lang, "schedule-", &shown.mechanism, error_for("mechanism")))
            button type="submit" { (lang.t(Text::SetSchedule)) }
        }
    })
}

/// `POST /app/{scenario}/arrival-forecast`: national replaces the forecast by an uploaded
/// file; the year again with every problem of the file at the top when it is refused.
pub async fn upload_forecast(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let lang = user.lang;
    // Who may set it is decided before the file is read.
    if let Err(error) =
        landa_app::access::require_national_in(&state.store, &user.principal, &scenario).await
    {
        return error_page(lang, Some(&user), &error.into());
    }
    let (file, version) = match super::year::uploaded(&user, &mut multipart, "forecast.csv").await {
        Ok(upload) => (upload.file, upload.version),
        Err(refusal) => return refusal,
    };
    let Some((name, bytes)) = file else {
        let problems = [format!("file: {}", lang.t(Text::ForecastFile))];
        return super::year::national_page_refused(
            &state,
            &user,
            &scenario,
            Shown::ForecastRefused(&problems),
        )
        .await;
    };
    // A file that does not read is refused as one that reads but makes no forecast.
    let set = match landa_bundle::read_forecast_bytes(&name, &bytes) {
        // A form without the version it was read at (one from before versions) is based on
        // none, and refused as changed meanwhile unless no forecast was ever set.
        Ok(rows) => {
            set_forecast_file(
                &state.store,
                &user.principal,
                &scenario,
                &name,
                &rows,
                Some(version.unwrap_or(0)),
            )
            .await
        }
        Err(errors) => Err(IntakeFileError::File(errors)),
    };
    match set {
        Ok(_) => back_to(&format!("/app/{scenario}"), "forecast"),
        Err(IntakeFileError::File(errors)) => {
            let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
            super::year::national_page_refused(
                &state,
                &user,
                &scenario,
                Shown::ForecastRefused(&problems),
            )
            .await
        }
        // Someone set the forecast since this page was read: said where the file was chosen.
        Err(IntakeFileError::Refused(error @ landa_app::AppError::Stale(_))) => {
            let problems = [format!("{error}; {}", lang.t(Text::ReloadToSee))];
            super::year::national_page_refused(
                &state,
                &user,
                &scenario,
                Shown::ForecastRefused(&problems),
            )
            .await
        }
        Err(IntakeFileError::Refused(error)) => error_page(lang, Some(&user), &error.into()),
    }
}
