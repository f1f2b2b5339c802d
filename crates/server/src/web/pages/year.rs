//! The planning years and a year's page for national (regions have their own page).

use super::*;
use landa_model::{Country, Municipality, MunicipalityCode};

/// `/app`: the start page. What needs doing now in each planning year of the caller's
/// country (the year's reminders by kind, counted, each linking to where it is done) and
/// in its agreements; a partner's home is its agreements.
pub async fn years(State(state): State<AppState>, user: WebUser) -> Response {
    // Partners take part in agreements, not in planning years.
    match user.principal.role {
        Role::Partner(..) => return Redirect::to("/app/agreements").into_response(),
        Role::Administrator => return Redirect::to("/admin").into_response(),
        _ => {}
    }
    start_page(&state, &user)
        .await
        .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn start_page(state: &AppState, user: &WebUser) -> ApiResult<Response> {
    use landa_app::reminders::{planning_reminders, PlanningReminderKind as Kind, ReminderDays};
    let lang = user.lang;
    let role = &user.principal.role;
    let mut scenarios: Vec<_> = state
        .store
        .scenarios()
        .await?
        .into_iter()
        // Only the years of the caller's own country: the others would refuse it.
        .filter(|s| role.country().is_none_or(|c| c == s.country))
        .collect();
    scenarios.sort_by(|a, b| b.year.cmp(&a.year).then(a.name.cmp(&b.name)));
    let plans = matches!(
        role,
        Role::National(_) | Role::Region(..) | Role::Municipality(..)
    );
    let mut years = Vec::new();
    for scenario in &scenarios {
        let page = match role {
            Role::Housing(..) => format!("/app/{}/housing", scenario.name),
            _ => format!("/app/{}", scenario.name),
        };
        // Each kind of reminder with its sentences, most pressing kind first.
        let mut kinds: Vec<(Kind, Vec<String>)> = Vec::new();
        if plans {
            let today = chrono::Local::now().date_naive();
            let found = planning_reminders(
                &state.store,
                &user.principal,
                &scenario.name,
                today,
                ReminderDays::default(),
                lang.report(),
            )
            .await?;
            for reminder in found {
                match kinds.iter_mut().find(|(kind, _)| *kind == reminder.kind) {
                    Some((_, messages)) => messages.push(reminder.message),
                    None => kinds.push((reminder.kind, vec![reminder.message])),
                }
            }
        }
        years.push((scenario, page, kinds));
    }
    // Housing companies are no party to agreements.
    let agreements = if matches!(role, Role::Housing(..)) {
        Vec::new()
    } else {
        crate::routes::agreements::followed_up_agreements(state, &user.principal).await?
    };
    let today = chrono::Local::now().date_naive();
    let agreement_reminders: usize = agreements
        .iter()
        .map(|(a, _)| landa_followup::reminders_in(a, today, lang.report()).len())
        .sum();
    // Where each kind of reminder is dealt with, as a tab of the role's page.
    let tab_of = |kind: Kind| match (role, kind) {
        (Role::Municipality(..), Kind::NoDecision) => "decision",
        (Role::Municipality(..), Kind::UnansweredProposals) => "households",
        (Role::Municipality(..), _) => "dwellings",
        (Role::National(_), Kind::UnansweredProposals) => "answers",
        (Role::National(_), Kind::LongWaiting) => "intake",
        _ => "overview",
    };
    Ok(layout(
        lang,
        Some(user),
        &[],
        lang.t(Text::WhatNeedsDoing),
        html! {
            @if years.is_empty() && agreements.is_empty() { p { (lang.t(Text::NothingYet)) } }
            @for (scenario, page, kinds) in &years {
                section.start-card aria-labelledby=(format!("year-{}", scenario.name)) {
                    h2 id=(format!("year-{}", scenario.name)) {
                        a href=(page) { (scenario.name) }
                        " " span.muted { "(" (scenario.year) ")" }
                    }
                    @if plans {
                        @if kinds.is_empty() { p { (lang.t(Text::NothingNeedsDoing)) } }
                        ul.counts {
                            @for (kind, messages) in kinds {
                                @let href = format!("{page}?tab={}", tab_of(*kind));
                                // A municipality's reminders are about itself: said in full.
                                @if matches!(role, Role::Municipality(..)) {
                                    @for message in messages { li { a href=(href) { (message) } } }
                                } @else {
                                    li { a href=(href) { strong { (messages.len()) } " " (lang.reminder_kind(*kind)) } }
                                }
                            }
                        }
                    }
                }
            }
            @if !matches!(role, Role::Housing(..)) {
                section.start-card aria-labelledby="agreements-card" {
                    h2 id="agreements-card" { a href="/app/agreements" { (lang.t(Text::Agreements)) } }
                    ul.counts {
                        li { strong { (agreements.len()) } " " (lang.t(Text::AgreementsYouFollow)) }
                        li { strong { (agreement_reminders) } " " (lang.t(Text::AgreementReminders)) }
                    }
                }
            }
        },
    )
    .into_response())
}

/// `/app/{scenario}`: the role's own page for the year.
pub async fn year(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    Query(download): Query<Download>,
    Query(sort): Query<super::Sort>,
    Query(note): Query<NoteQuery>,
) -> Response {
    let tab = note.tab.as_deref();
    let result = match user.principal.role.clone() {
        Role::Municipality(country, code) => {
            return match former_municipalities_page(&state, &user, &scenario, country, &code).await
            {
                Ok(Some(page)) => page.into_response(),
                Ok(None) => {
                    Redirect::to(&format!("/app/{scenario}/municipalities/{code}")).into_response()
                }
                Err(error) => error_page(user.lang, Some(&user), &error),
            };
        }
        Role::Region(..) => {
            let shown = super::region::RegionShown {
                outcome: None,
                published: note
                    .round
                    .filter(|_| note.note.as_deref() == Some("published")),
                tab: note.tab.clone(),
            };
            region_page(&state, &user, &scenario, &download, shown, sort).await
        }
        Role::National(_) => {
            let shown = match (note.note.as_deref(), note.run) {
                (Some("registered"), _) => Shown::Registered,
                (Some("started"), Some(run)) => Shown::Started(run),
                (Some("approved"), Some(run)) => Shown::Approved(run),
                (Some("scheduled"), _) => Shown::Scheduled,
                (Some("forecast"), _) => Shown::Forecast,
                (Some("unscheduled"), _) => Shown::Unscheduled,
                _ => Shown::Plain,
            };
            national_page(&state, &user, &scenario, &download, shown, tab).await
        }
        Role::Administrator => return Redirect::to("/admin").into_response(),
        Role::Partner(..) => return Redirect::to("/app/agreements").into_response(),
        Role::Housing(..) => {
            return Redirect::to(&format!("/app/{scenario}/housing")).into_response()
        }
    };
    result.unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

/// A year from before the code changes, opened by a municipality made of former ones
/// (Indre Østfold in 2015): the former municipalities of the year it may follow, each
/// linked to its page. `None` where the year holds the municipality itself.
async fn former_municipalities_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    country: Country,
    code: &MunicipalityCode,
) -> ApiResult<Option<Markup>> {
    let former = landa_model::formerly(country, code);
    if former.is_empty() {
        return Ok(None);
    }
    let municipalities = state.store.municipalities(scenario).await?;
    if municipalities.iter().any(|m| &m.code == code) {
        return Ok(None);
    }
    let in_year: Vec<&Municipality> = municipalities
        .iter()
        .filter(|m| former.iter().any(|c| c.former == m.code))
        .collect();
    if in_year.is_empty() {
        return Ok(None);
    }
    let lang = user.lang;
    Ok(Some(layout(
        lang,
        Some(user),
        &[("/app", lang.t(Text::Home))],
        scenario,
        html! {
            p { (lang.t(Text::FormerlyInYear)) }
            ul {
                @for municipality in &in_year {
                    li { a href=(format!("/app/{scenario}/municipalities/{}", municipality.code)) {
                        (municipality.name) " (" (municipality.code) ")"
                    } }
                }
            }
        },
    )))
}

/// The gap rows as a table, in the user's words.
pub(super) fn gap_table(lang: Lang, title: String, rows: &[GapRow]) -> Table {
    let text = |t: Text| Column::new(lang.t(t), ColumnKind::Text);
    let integer = |t: Text| Column::new(lang.t(t), ColumnKind::Integer);
    // A year of former municipalities (Østfold 2015) says what each is part of today.
    let renamed = rows.iter().any(|r| r.today_code.is_some());
    let mut columns = vec![
        text(Text::Code),
        text(Text::Name),
        integer(Text::Requested),
        integer(Text::Decided),
        integer(Text::UnaccompaniedMinors),
        integer(Text::Placed),
        integer(Text::Remaining),
        integer(Text::Gap),
    ];
    if renamed {
        columns.push(text(Text::Today));
    }
    let mut table = Table::new(title, columns);
    let has_municipalities = rows.iter().any(|r| r.level == GapLevel::Municipality);
    for row in rows {
        let mut cells: Vec<Cell> = vec![
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
        if renamed {
            cells.push(
                row.today_code
                    .as_ref()
                    .zip(row.today_name.as_ref())
                    .map_or(Cell::Empty, |(code, name)| {
                        format!("{name} ({code})").into()
                    }),
            );
        }
        // Totals stand out: the nation's, and a region's under its municipalities.
        if row.level == GapLevel::Nation || (row.level == GapLevel::Region && has_municipalities) {
            table.push_emphasised(cells);
        } else {
            table.push(cells);
        }
    }
    table
}

/// The national page's tabs: the year at a glance, arrivals, placement, municipalities'
/// answers.
const NATIONAL_TABS: [&str; 4] = ["overview", "intake", "placement", "answers"];

/// What a page's `note` query says happened.
#[derive(Deserialize, Default)]
pub struct NoteQuery {
    pub(super) note: Option<String>,
    /// The run a note is about (started, approved).
    pub(super) run: Option<i64>,
    /// The round a note is about (published).
    pub(super) round: Option<u32>,
    /// The part of a page to show.
    pub(super) tab: Option<String>,
}

/// What the national page shows above its figures.
pub(super) enum Shown<'a> {
    Plain,
    /// An intake file was registered.
    Registered,
    /// An intake file was refused for these problems.
    Refused(&'a [String]),
    /// A forecast file was registered, or refused for these problems.
    Forecast,
    ForecastRefused(&'a [String]),
    /// A run was started, or approved.
    Started(i64),
    Approved(i64),
    /// The run form was refused: shown again with its entries and error.
    RunRefused(&'a super::placement::RunRefused),
    /// The run schedule was saved, or stopped.
    Scheduled,
    Unscheduled,
    /// The schedule form was refused: shown again with its entries and error.
    ScheduleRefused(ScheduleRefused<'a>),
}

/// The year's households by intake category: one row per category, a column per state.
async fn intake_table(state: &AppState, user: &WebUser, scenario: &str) -> ApiResult<Table> {
    use landa_model::{IntakeCategory, StateName};
    let lang = user.lang;
    let totals = landa_app::intake::intake_totals(&state.store, &user.principal, scenario).await?;
    let mut columns = vec![Column::new(lang.t(Text::Intake), ColumnKind::Text)];
    columns.extend(
        StateName::ALL
            .iter()
            .map(|s| Column::new(lang.state(*s), ColumnKind::Integer)),
    );
    columns.push(Column::new(lang.t(Text::Persons), ColumnKind::Integer));
    let mut table = Table::new(lang.t(Text::IntakeByCategory), columns);
    for category in IntakeCategory::ALL {
        let of = |state: StateName| {
            totals
                .iter()
                .find(|t| t.category == category && t.state == state)
                .map_or(0, |t| t.households)
        };
        let mut row: Vec<Cell> = vec![lang.intake(category).into()];
        row.extend(
            StateName::ALL
                .iter()
                .map(|s| Cell::Integer(i64::from(of(*s)))),
        );
        let persons: u32 = totals
            .iter()
            .filter(|t| t.category == category)
            .map(|t| t.persons)
            .sum();
        row.push(Cell::Integer(i64::from(persons)));
        table.push(row);
    }
    Ok(table)
}

/// `POST /app/{scenario}/intake-files`: national registers an uploaded file of arrivals;
/// the year again with every problem of the file at the top when it is refused.
pub async fn upload_intake(
    State(state): State<AppState>,
    user: WebUser,
    Path(scenario): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let lang = user.lang;
    let file = match uploaded(&user, &mut multipart, "intake.csv").await {
        Ok(upload) => upload.file,
        Err(refusal) => return refusal,
    };
    let problems = match file {
        Some((name, bytes)) => {
            match register_file(&state, &user.principal, &scenario, &name, &bytes).await {
                Ok(Ok(_)) => return back_to(&format!("/app/{scenario}"), "registered"),
                Ok(Err(errors)) => errors.iter().map(ToString::to_string).collect(),
                Err(error) => return error_page(lang, Some(&user), &error),
            }
        }
        _ => vec![format!("file: {}", lang.t(Text::IntakeFile))],
    };
    national_page_refused(&state, &user, &scenario, Shown::Refused(&problems)).await
}

/// What an upload form sent: its file (none when empty) and the version the change is
/// based on, where the form carries one.
pub(super) struct Upload {
    pub file: Option<(String, Vec<u8>)>,
    pub version: Option<u32>,
}

/// The file of an upload form (`file`, named `default_name` when the browser gave no
/// name) and its `version`, once its CSRF token is checked; a refusal page otherwise.
pub(super) async fn uploaded(
    user: &WebUser,
    multipart: &mut axum::extract::Multipart,
    default_name: &str,
) -> Result<Upload, Response> {
    let lang = user.lang;
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut version = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf_token") => csrf = field.text().await.unwrap_or_default(),
                Some("version") => {
                    let text = field.text().await.unwrap_or_default();
                    match text.trim().parse() {
                        Ok(number) => version = Some(number),
                        Err(_) => return Err(bad_upload(lang, user, "version: a whole number")),
                    }
                }
                Some("file") => {
                    let name = field.file_name().unwrap_or(default_name).to_owned();
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, bytes.to_vec())),
                        Err(error) => return Err(bad_upload(lang, user, &error.body_text())),
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(error) => return Err(bad_upload(lang, user, &error.body_text())),
        }
    }
    check_csrf(user, &csrf).map_err(|error| error_page(lang, Some(user), &error))?;
    Ok(Upload {
        file: file.filter(|(_, bytes)| !bytes.is_empty()),
        version,
    })
}

fn bad_upload(lang: Lang, user: &WebUser, why: &str) -> Response {
    error_page(
        lang,
        Some(user),
        &ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidBody, why),
    )
}

/// The id of the schedule form's field named `field` (its method select has its own id:
/// the run form's is `method`).
fn schedule_field_anchor(field: &str) -> String {
    match field {
        "method" => "#schedule-method".to_owned(),
        _ => format!("#{field}"),
    }
}

/// The national page again with a form refused (422): `shown` says which and why.
pub(super) async fn national_page_refused(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    shown: Shown<'_>,
) -> Response {
    national_page(state, user, scenario, &Download::default(), shown, None)
        .await
        .map(|page| (StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        .unwrap_or_else(|error| error_page(user.lang, Some(user), &error))
}

/// A form that uploads one file (`file`), with the problems of a refused one at it.
#[allow(clippy::too_many_arguments)]
pub(super) fn upload_form(
    lang: Lang,
    user: &WebUser,
    action: &str,
    id: &str,
    label: Text,
    help: Text,
    button: Text,
    problems: Option<&[String]>,
    version: Option<u32>,
) -> Markup {
    let help_id = format!("{id}-help");
    html! {
        h3 { (lang.t(button)) }
        form.stack method="post" enctype="multipart/form-data" action=(action) {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            // The version of what the file replaces, where it replaces something.
            @if let Some(version) = version { input type="hidden" name="version" value=(version); }
            label for=(id) { (lang.t(label))
                input id=(id) name="file" type="file" accept=".csv,.xlsx" required
                    aria-describedby=(help_id) aria-invalid=[problems.map(|_| "true")];
            }
            p id=(help_id) { (lang.t(help)) }
            @if let Some(problems) = problems {
                ul.error { @for p in problems { li { (p) } } }
            }
            button type="submit" { (lang.t(button)) }
        }
    }
}

/// The problems of a refused file at the top of the page, each linking to its form's field.
pub(super) fn problems_summary(lang: Lang, problems: Option<&[String]>, field: &str) -> Markup {
    html! {
        (error_summary(lang, problems.into_iter().flatten().map(|p| (Some(format!("#{field}")), Message::english(p.as_str())))))
    }
}

async fn national_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    download: &Download,
    shown: Shown<'_>,
    tab: Option<&str>,
) -> ApiResult<Response> {
    let intake_problems = match shown {
        Shown::Refused(problems) => Some(problems),
        _ => None,
    };
    let forecast_problems = match shown {
        Shown::ForecastRefused(problems) => Some(problems),
        _ => None,
    };
    let schedule_refused = match &shown {
        Shown::ScheduleRefused(refused) => Some(refused),
        _ => None,
    };
    // Shown at the top too; `shown` itself is matched below.
    let schedule_error = schedule_refused.map(|r| r.error.clone());
    let lang = user.lang;
    let intake = intake_table(state, user, scenario).await?;
    if let Some(file) = download.answer("intake", &intake) {
        return Ok(file);
    }
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
    let (forecast, waiting, forecast_version) = plan_tables(state, user, scenario).await?;
    for (name, table) in [("forecast", &forecast), ("waiting", &waiting)] {
        if let Some(file) = download.answer(name, table) {
            return Ok(file);
        }
    }
    let schedule = schedule_section(state, user, scenario, schedule_refused).await?;
    let runs = runs_of(state, &user.principal, scenario).await?;
    let attention = attention_section(state, user, scenario, None).await?;
    let mut run_table = Table::new(
        lang.t(Text::PlacementRuns),
        vec![
            Column::new("#", ColumnKind::Integer),
            Column::new(lang.t(Text::Method), ColumnKind::Text),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
            // Proposed until approved: an unapproved run places nobody.
            Column::new(lang.t(Text::PersonsInProposal), ColumnKind::Integer),
            Column::new(lang.t(Text::Objective), ColumnKind::Decimal),
            Column::new(lang.t(Text::Bound), ColumnKind::Decimal),
            Column::new(lang.t(Text::GapToBound), ColumnKind::Percent),
            Column::new(lang.t(Text::LooksAhead), ColumnKind::Text),
            Column::new(lang.t(Text::Approval), ColumnKind::Text),
        ],
    );
    // Only the newest done run can be approved; an older one unapproved stays a proposal.
    let newest_done = runs
        .iter()
        .filter(|r| r.status == RunStatus::Done)
        .map(|r| r.id)
        .max();
    for run in &runs {
        let approval = match (&run.approved_by, run.status) {
            (Some(by), _) => format!("{} {by}", lang.t(Text::ApprovedBy)),
            (None, RunStatus::Done) if Some(run.id) == newest_done => {
                lang.t(Text::AwaitingApproval).to_owned()
            }
            (None, RunStatus::Done) => lang.t(Text::ReplacedUnapproved).to_owned(),
            (None, _) => String::new(),
        };
        // How the run was asked for: reserving, balancing, started by the schedule.
        let looks_ahead: Vec<&str> = [
            (run.reserve, lang.t(Text::Reserving)),
            (run.balance, lang.t(Text::Balancing)),
            (run.scheduled_for.is_some(), lang.t(Text::Scheduled)),
        ]
        .into_iter()
        .filter_map(|(yes, what)| yes.then_some(what))
        .collect();
        run_table.push(vec![
            Cell::Integer(run.id),
            lang.run_method(run.method).into(),
            lang.run_status(run.status).into(),
            run.persons_placed.into(),
            run.objective.into(),
            run.bound.into(),
            run.gap.into(),
            looks_ahead.join("; ").into(),
            approval.into(),
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
    // Only the latest run is approved, once none is queued or running.
    let busy = runs
        .iter()
        .any(|r| matches!(r.status, RunStatus::Queued | RunStatus::Running));
    let approvable: Vec<i64> = runs
        .iter()
        .filter(|r| r.status == RunStatus::Done)
        .max_by_key(|r| r.id)
        // Four eyes: the officer who started it does not approve it.
        .filter(|r| r.approved_by.is_none() && !busy && r.requested_by != user.principal.username)
        .map(|r| r.id)
        .into_iter()
        .collect();
    let run_refused = match &shown {
        Shown::RunRefused(refused) => Some(*refused),
        _ => None,
    };
    let tab = match (tab, &shown) {
        (Some(tab), _) if NATIONAL_TABS.contains(&tab) => tab,
        (
            _,
            Shown::Registered | Shown::Refused(_) | Shown::Forecast | Shown::ForecastRefused(_),
        ) => "intake",
        (
            _,
            Shown::Started(_)
            | Shown::Approved(_)
            | Shown::RunRefused(_)
            | Shown::Scheduled
            | Shown::Unscheduled
            | Shown::ScheduleRefused(_),
        ) => "placement",
        _ => "overview",
    };
    let run_named = |id: i64| format!("{} #{id}", lang.t(Text::PlacementRun));
    let outcome = match &shown {
        Shown::Registered => Some(confirmation(lang.t(Text::ArrivalsRegistered), None)),
        Shown::Started(id) => Some(confirmation(
            &format!("{} {}", run_named(*id), lang.t(Text::IsStarted)),
            Some(lang.t(Text::RunStarted)),
        )),
        Shown::Approved(id) => runs.iter().find(|r| r.id == *id).map(|run| {
            confirmation(
                &format!(
                    "{} {}: {} {}",
                    run_named(*id),
                    lang.t(Text::IsApproved),
                    run.persons_placed.unwrap_or(0),
                    lang.t(Text::PersonsPlaced)
                ),
                Some(lang.t(Text::RunApproved)),
            )
        }),
        Shown::Scheduled => Some(confirmation(lang.t(Text::ScheduleSaved), None)),
        Shown::Forecast => Some(confirmation(lang.t(Text::ForecastSaved), None)),
        Shown::Unscheduled => Some(confirmation(lang.t(Text::ScheduleStopped), None)),
        _ => None,
    };
    let run_error = run_refused.map(|r| &r.error);
    Ok(layout(
        lang,
        Some(user),
        &[("/app", lang.t(Text::Home))],
        &format!("{} · {scenario}", lang.t(Text::Nation)),
        html! {
            @if let Some(outcome) = outcome { (outcome) }
            (error_summary(lang, schedule_error.iter().map(|e| (Some(schedule_field_anchor(&e.field)), e.message.clone()))))
            (error_summary(lang, run_error.map(|e| (Some(super::placement::run_field_anchor(&e.field)), e.message.clone()))))
            (problems_summary(lang, forecast_problems, "forecast-file"))
            (problems_summary(lang, intake_problems, "intake-file"))
            (tabs(lang, tab, &[
                ("overview", lang.t(Text::Overview)),
                ("intake", lang.t(Text::Intake)),
                ("placement", lang.t(Text::PlacementRuns)),
                ("answers", lang.t(Text::Answers)),
            ]))
            p { a href=(format!("/app/{scenario}/integration")) { (lang.t(Text::IntegrationIndicators)) } }
            @match tab {
                "intake" => {
                    h2 { (lang.t(Text::Intake)) }
                    (table(lang, "intake", &intake))
                    (upload_form(lang, user, &format!("/app/{scenario}/intake-files"), "intake-file",
                        Text::IntakeFile, Text::IntakeFileHelp, Text::RegisterArrivals, intake_problems, None))
                    (table(lang, "waiting", &waiting))
                    @if !forecast.rows.is_empty() {
                        (table(lang, "forecast", &forecast))
                    }
                    (upload_form(lang, user, &format!("/app/{scenario}/arrival-forecast"), "forecast-file",
                        Text::ForecastFile, Text::ForecastFileHelp, Text::SetForecast, forecast_problems,
                        Some(forecast_version)))
                }
                "placement" => {
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
                    (super::placement::run_form(lang, user, scenario, run_refused))
                    (schedule)
                }
                "answers" => {
                    h2 { (lang.t(Text::Answers)) }
                    (table(lang, "answers", &answer_table))
                }
                _ => {
                    (attention)
                    (table(lang, "regions", &regions))
                }
            }
        },
    )
    .into_response())
}
