//! A municipality's page, its decision form and its yes or no to unaccompanied minors; where
//! the forms about its records come back to.

use super::dwellings::offer_forms;
use super::*;
use landa_model::{Country, MunicipalityCode};
use landa_store::{HouseholdRecord, PlacementResponse};

#[derive(Deserialize, Default)]
pub struct PageQuery {
    note: Option<String>,
    download: Option<String>,
    format: Option<String>,
    tab: Option<String>,
    /// The households shown: only those in this state (its wire name), ...
    #[serde(default)]
    state: String,
    /// ... whose id contains this, ...
    #[serde(default)]
    search: String,
    /// ... after this many of them.
    #[serde(default)]
    offset: usize,
}

/// The municipality page's tabs: the year at a glance, its decision, its dwellings, and
/// the households proposed to or placed in it.
const MUNICIPALITY_TABS: [&str; 4] = ["overview", "decision", "dwellings", "households"];

/// Households listed on one page of the households tab.
const HOUSEHOLDS_ON_PAGE: usize = 50;

/// The tab a refused field belongs to.
fn tab_of_field(field: &str) -> &'static str {
    match field {
        "persons"
        | "unaccompanied_minors"
        | "body"
        | "decided_on"
        | "registration_number"
        | "takes"
        | "priorities" => "decision",
        "comment" | "response" => "households",
        _ => "dwellings",
    }
}

/// A municipality's page: its numbers, requests, decisions (with the form to register
/// one), and the households proposed to or placed in it.
pub async fn municipality(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
) -> Response {
    municipality_page(
        &state,
        &user,
        &scenario,
        &code,
        &query,
        None,
        StatusCode::OK,
    )
    .await
    .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

async fn municipality_page(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    code: &str,
    query: &PageQuery,
    refused: Option<(FieldError, &Entries)>,
    status: StatusCode,
) -> ApiResult<Response> {
    let lang = user.lang;
    // A refused form: its error, and what was entered to show again.
    let (form_error, entries) = match refused {
        Some((error, entries)) => (Some(error), entries.clone()),
        None => (None, Entries::default()),
    };
    let dashboard = dashboard_of(state, &user.principal, scenario, code).await?;
    let priorities = landa_app::preferences::municipality_priorities(
        &state.store,
        &user.principal,
        scenario,
        &parse_field(&dashboard.municipality.code, "municipality")?,
    )
    .await?;
    let attention = attention_section(state, user, scenario, Some(code)).await?;
    let download = Download {
        download: query.download.clone(),
        format: query.format.clone(),
    };
    let mut requests = Table::new(
        lang.t(Text::RequestHistory),
        vec![
            Column::new(lang.t(Text::Year), ColumnKind::Integer),
            Column::new(lang.t(Text::Round), ColumnKind::Integer),
            Column::new(lang.t(Text::SentBy), ColumnKind::Text),
            Column::new(lang.t(Text::SentOn), ColumnKind::Text),
            Column::new(lang.t(Text::Persons), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
        ],
    );
    for r in &dashboard.requests {
        requests.push(vec![
            Cell::Integer(i64::from(r.year)),
            r.round.into(),
            r.sent_by.clone().into(),
            r.sent_on.map(|d| d.to_string()).into(),
            r.persons.into(),
            r.unaccompanied_minors.into(),
        ]);
    }
    let mut decisions = Table::new(
        lang.t(Text::DecisionHistory),
        vec![
            Column::new(lang.t(Text::Year), ColumnKind::Integer),
            Column::new(lang.t(Text::Version), ColumnKind::Integer),
            Column::new(lang.t(Text::Persons), ColumnKind::Integer),
            Column::new(lang.t(Text::UnaccompaniedMinors), ColumnKind::Integer),
            Column::new(lang.t(Text::DecidingBody), ColumnKind::Text),
            Column::new(lang.t(Text::DecidedOn), ColumnKind::Text),
            Column::new(lang.t(Text::RegistrationNumber), ColumnKind::Text),
            Column::new(lang.t(Text::RecordedBy), ColumnKind::Text),
        ],
    );
    for d in &dashboard.decisions {
        decisions.push(vec![
            Cell::Integer(i64::from(d.year)),
            d.version.into(),
            d.persons.into(),
            d.unaccompanied_minors.into(),
            d.body.as_ref().map(|body| lang.deciding_body(body)).into(),
            d.decided_on.map(|d| d.to_string()).into(),
            d.registration_number.clone().into(),
            d.recorded_by.clone().into(),
        ]);
    }
    let offered = state
        .store
        .dwellings(
            scenario,
            Some(
                &crate::routes::parse_field::<landa_model::MunicipalityCode>(code, "municipality")?,
            ),
        )
        .await?;
    let mut dwellings = Table::new(
        lang.t(Text::Dwellings),
        vec![
            Column::new("id", ColumnKind::Text),
            Column::new(lang.t(Text::Beds), ColumnKind::Integer),
            Column::new(lang.t(Text::AvailableFrom), ColumnKind::Text),
            Column::new(lang.t(Text::Accessible), ColumnKind::Text),
            Column::new(lang.t(Text::Rent), ColumnKind::Integer),
            Column::new(lang.t(Text::PassesOverOn), ColumnKind::Text),
            Column::new(lang.t(Text::Let), ColumnKind::Text),
            Column::new(lang.t(Text::HousingCompany), ColumnKind::Text),
            Column::new(lang.t(Text::Address), ColumnKind::Text),
        ],
    );
    for d in &offered {
        dwellings.push(vec![
            d.dwelling.id.to_string().into(),
            d.dwelling.beds().into(),
            d.dwelling.available_from.to_string().into(),
            if d.dwelling.accessible { "✓" } else { "" }.into(),
            d.dwelling
                .rent
                .map_or(Cell::Empty, |rent| Cell::Integer(i64::from(rent))),
            d.dwelling
                .passes_over_on()
                .map(|day| day.to_string())
                .into(),
            d.let_on.map(|day| day.to_string()).into(),
            d.dwelling.offered_by.clone().into(),
            d.dwelling.address().map(str::to_owned).into(),
        ]);
    }
    for (id, t) in [
        ("requests", &requests),
        ("decisions", &decisions),
        ("dwellings", &dwellings),
    ] {
        if let Some(file) = download.answer(id, t) {
            return Ok(file);
        }
    }
    // Households: only for the municipality itself and national (the API's rule).
    let households = match &user.principal.role {
        Role::National(_) | Role::Municipality(..) => {
            let visible =
                landa_app::access::personal_data_scope_in(&state.store, &user.principal, scenario)
                    .await?;
            let shown = crate::routes::parse_field(code, "municipality")?;
            // A municipality sees its own households only, on its own page.
            let records = match visible {
                Some(own) if own != shown => Vec::new(),
                _ => state.store.households_of(scenario, &shown).await?,
            };
            crate::audit::record(
                state,
                &user.principal,
                crate::audit::Action::Read,
                &format!("/app/{scenario}/municipalities/{code}"),
                format!("listed {} households", records.len()),
            )
            .await?;
            let answers = state
                .store
                .placement_responses(scenario, Some(&shown))
                .await?;
            Some((records, answers))
        }
        _ => None,
    };
    let indicators = indicator_table(
        lang,
        &IndicatorInputs {
            dashboard: &dashboard,
            dwellings: &offered,
            households: households
                .as_ref()
                .map(|(records, answers)| (records.as_slice(), answers.as_slice())),
        },
    );
    if let Some(file) = download.answer("indicators", &indicators) {
        return Ok(file);
    }
    let decision_version = dashboard
        .decisions
        .iter()
        .filter(|d| d.year == dashboard.year)
        .map(|d| d.version)
        .max()
        .unwrap_or(0);
    let may_decide = matches!(&user.principal.role, Role::National(_))
        || matches!(&user.principal.role, Role::Municipality(_, own) if own.as_str() == code);
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let tab = match (query.tab.as_deref(), &form_error) {
        (Some(tab), None) if MUNICIPALITY_TABS.contains(&tab) => tab,
        (_, Some(error)) => tab_of_field(&error.field),
        _ => "overview",
    };
    let saved_answer = (query.note.as_deref() == Some("minors")).then(|| {
        let answer = match dashboard.municipality.takes_unaccompanied_minors {
            Some(true) => Text::TakesMinors,
            _ => Text::TakesNoMinorsDeclared,
        };
        confirmation(lang.t(Text::Saved), Some(lang.t(answer)))
    });
    let outcome = (query.note.as_deref() == Some("saved")).then(|| {
        let current = dashboard
            .decisions
            .iter()
            .filter(|d| d.year == dashboard.year)
            .max_by_key(|d| d.version);
        match (tab, current) {
            ("decision", Some(d)) => confirmation(
                &format!(
                    "{} {} {}: {} {}",
                    lang.t(Text::DecisionFor),
                    d.year,
                    lang.t(Text::IsRegistered),
                    d.persons,
                    lang.t(Text::PersonsLower)
                ),
                Some(&format!(
                    "{}: {} · {} {} · {}",
                    lang.t(Text::UnaccompaniedMinors),
                    d.unaccompanied_minors,
                    lang.t(Text::Version),
                    d.version,
                    lang.t(Text::DecisionNext)
                )),
            ),
            _ => confirmation(lang.t(Text::Saved), None),
        }
    });
    let m = &dashboard.municipality;
    // A municipality's year is this page; the others come here from their year's page.
    let year_href = format!("/app/{scenario}");
    let own = matches!(&user.principal.role, Role::Municipality(..));
    let trail: Vec<(&str, &str)> = [("/app", lang.t(Text::Home))]
        .into_iter()
        .chain((!own).then_some((year_href.as_str(), scenario)))
        .collect();
    let page = layout(
        lang,
        Some(user),
        &trail,
        &format!(
            "{} {} ({}) · {}",
            lang.t(Text::Municipality),
            m.name,
            m.code,
            dashboard.year
        ),
        html! {
            @if let Some(outcome) = outcome.or(saved_answer) { (outcome) }
            (error_summary(lang, form_error.iter().map(FieldError::summary_line)))
            (tabs(lang, tab, &[
                ("overview", lang.t(Text::Overview)),
                ("decision", lang.t(Text::Decision)),
                ("dwellings", lang.t(Text::Dwellings)),
                ("households", lang.t(Text::Households)),
            ]))
            p { a href=(format!("/app/{scenario}/integration")) { (lang.t(Text::IntegrationIndicators)) } }
            @if tab == "overview" {
            (attention)
            div.figures {
                div.figure { (lang.t(Text::Requested)) strong { (dashboard.requested) } (lang.t(Text::UnaccompaniedMinors)) ": " (dashboard.requested_minors) }
                div.figure { (lang.t(Text::Decided)) strong { @if let Some(d) = dashboard.decided { (d) } @else { "–" } }
                    (lang.t(Text::UnaccompaniedMinors)) ": " @if let Some(d) = dashboard.decided_minors { (d) } @else { "–" } }
                div.figure { (lang.t(Text::Placed)) strong { (dashboard.placed) } (lang.t(Text::UnaccompaniedMinors)) ": " (dashboard.placed_minors) }
                div.figure { (lang.t(Text::Remaining)) strong { (dashboard.remaining) } }
                div.figure { (lang.t(Text::Dwellings)) strong { (dashboard.dwellings_offered) } (lang.t(Text::Let)) ": " (dashboard.dwellings_let) }
            }
            (table(lang, "indicators", &indicators))
            (table(lang, "requests", &requests))
            }
            @if tab == "decision" {
            (table(lang, "decisions", &decisions))
            @if may_decide {
                h2 { (lang.t(Text::RegisterDecision)) }
                form.stack method="post" action=(format!("/app/{scenario}/municipalities/{code}/decision")) novalidate {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    // The version this form was read at: a decision registered meanwhile by
                    // someone else is not silently overwritten.
                    input type="hidden" name="version" value=(decision_version);
                    (number_field(lang.t(Text::Persons), "persons", error_for("persons"), entries.get("persons")))
                    (number_field(lang.t(Text::UnaccompaniedMinors), "unaccompanied_minors", error_for("unaccompanied_minors"), entries.get("unaccompanied_minors")))
                    label for="body" { (lang.t(Text::DecidingBody))
                        select id="body" name="body" {
                            option value="municipal_council" { (lang.t(Text::MunicipalCouncil)) }
                            option value="executive_board" { (lang.t(Text::ExecutiveBoard)) }
                        }
                    }
                    (text_field(lang.t(Text::DecidedOn), "decided_on", "date", error_for("decided_on"), entries.get("decided_on")))
                    (text_field(lang.t(Text::RegistrationNumber), "registration_number", "text", error_for("registration_number"), entries.get("registration_number")))
                    button type="submit" { (lang.t(Text::Save)) }
                }
                @if lang.country == Country::Norway {
                    (minors_declaration(lang, user, &format!("/app/{scenario}/municipalities/{code}"),
                        dashboard.municipality.takes_unaccompanied_minors, error_for("takes")))
                }
            }
            (priorities_section(lang, user, &format!("/app/{scenario}/municipalities/{code}"),
                &priorities, may_decide, error_for("priorities"), entries.get("priorities")))
            }
            @if tab == "dwellings" {
            h2 { (lang.t(Text::Dwellings)) }
            (table(lang, "dwellings", &dwellings))
            @if may_decide {
                @for d in offered.iter().filter(|d| d.let_on.is_none()) {
                    form method="post" action=(format!("/app/{scenario}/dwellings/{}/let", d.dwelling.id)) {
                        input type="hidden" name="csrf_token" value=(user.csrf_token);
                        input type="hidden" name="version" value=(d.version);
                        button.let type="submit" { (lang.t(Text::MarkLet)) " " (d.dwelling.id) }
                        " "
                        a href=(format!("/app/{scenario}/dwellings/{}", d.dwelling.id)) { (lang.t(Text::Edit)) " " (d.dwelling.id) }
                    }
                }
                (offer_forms(lang, user, &format!("/app/{scenario}/municipalities/{code}"), None, form_error.as_ref(), &entries))
            }
            }
            @if let (Some((records, answers)), "households") = (&households, tab) {
                h2 { (lang.t(Text::Households)) }
                (household_filter(lang, query))
                @if let Some(e) = form_error.as_ref().filter(|e| e.field == "comment" || e.field == "response") {
                    p.error role="alert" { (e.message) }
                }
                @let chosen = chosen_households(records, query);
                @if chosen.is_empty() { p { (lang.t(Text::NothingYet)) } }
                ul.households {
                    @for r in chosen.iter().skip(query.offset).take(HOUSEHOLDS_ON_PAGE) {
                        @let answer = answers.iter().find(|a| a.household == r.household.id);
                        li {
                            a href=(format!("/app/{scenario}/households/{}", r.household.id)) { (r.household.id) }
                            " · " (r.household.size()) " " (lang.t(Text::Persons).to_lowercase())
                            " · " (lang.state(r.state.name()))
                            @if !r.household.needs.is_empty() {
                                " · " (lang.t(Text::Needs)) ": " (r.household.needs.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", "))
                            }
                            @if !r.household.languages.is_empty() {
                                " · " (lang.t(Text::Languages)) ": " (r.household.languages.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "))
                            }
                            // Where it will live and from when: the dwelling approval reserved
                            // (available from its day), or where it moved in, and when.
                            @if let Some(dwelling) = r.state.holds_dwelling() {
                                " · " (lang.t(Text::Dwelling)) " "
                                a href=(format!("/app/{scenario}/dwellings/{dwelling}")) { (dwelling) }
                                @if let Some(address) = offered.iter().find(|d| &d.dwelling.id == dwelling).and_then(|d| d.dwelling.address()) {
                                    ", " (address)
                                }
                                @match &r.state {
                                    landa_model::HouseholdState::MovedIn { on, .. } => { " · " (lang.t(Text::MovedInOn)) " " (on) }
                                    _ => @if let Some(d) = offered.iter().find(|d| &d.dwelling.id == dwelling) {
                                        " · " (lang.t(Text::AvailableFrom)) " " (d.dwelling.available_from)
                                    },
                                }
                            }
                            @if let Some(answer) = answer {
                                " · " strong { @if answer.accepted { (lang.t(Text::Accepted)) } @else { (lang.t(Text::Questioned)) } }
                                @if !answer.comment.is_empty() { ": " (answer.comment) }
                            }
                            @if matches!(&user.principal.role, Role::Municipality(..)) && r.proposed_to().is_some() {
                                @let comment_id = format!("comment-{}", r.household.id);
                                form.answer method="post" action=(format!("/app/{scenario}/households/{}/response", r.household.id)) {
                                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                                    label for=(comment_id) { (lang.t(Text::Comment))
                                        input id=(comment_id) name="comment" type="text";
                                    }
                                    button type="submit" name="response" value="accepted" { (lang.t(Text::Accept)) }
                                    " "
                                    button type="submit" name="response" value="questioned" { (lang.t(Text::Question)) }
                                }
                            }
                        }
                    }
                }
                (paging(lang, query, chosen.len()))
                @let returned = questioned_elsewhere(records, answers, code);
                @if !returned.is_empty() {
                    ul.households.questioned {
                        @for answer in returned {
                            li { (answer.household) " · " strong { (lang.t(Text::Questioned)) } ": " (answer.comment) }
                        }
                    }
                }
            }
        },
    );
    Ok((status, page).into_response())
}

/// The households the tab's filter chooses, in the store's order.
fn chosen_households<'r>(
    records: &'r [HouseholdRecord],
    query: &PageQuery,
) -> Vec<&'r HouseholdRecord> {
    let search = query.search.trim().to_lowercase();
    records
        .iter()
        .filter(|r| query.state.is_empty() || r.state.name().as_str() == query.state)
        .filter(|r| {
            search.is_empty() || r.household.id.to_string().to_lowercase().contains(&search)
        })
        .collect()
}

/// The households tab's filter: by state and by id (GET, so a view can be bookmarked).
fn household_filter(lang: Lang, query: &PageQuery) -> Markup {
    html! {
        form.filters method="get" {
            input type="hidden" name="tab" value="households";
            label for="state" { (lang.t(Text::Status))
                select id="state" name="state" {
                    option value="" { (lang.t(Text::All)) }
                    @for state in landa_model::StateName::ALL {
                        option value=(state.as_str()) selected[query.state == state.as_str()] { (lang.state(state)) }
                    }
                }
            }
            label for="search" { (lang.t(Text::HouseholdId))
                input id="search" name="search" type="search" value=(query.search);
            }
            button type="submit" { (lang.t(Text::Filter)) }
        }
    }
}

/// The households tab's pages of `total` households under the same filter.
fn paging(lang: Lang, query: &PageQuery, total: usize) -> Markup {
    let at = |offset: usize| {
        let offset = offset.to_string();
        let pairs = [
            ("tab", "households"),
            ("state", query.state.as_str()),
            ("search", query.search.as_str()),
            ("offset", offset.as_str()),
        ];
        format!(
            "?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
    let paging = PageLinks {
        offset: query.offset,
        per_page: HOUSEHOLDS_ON_PAGE,
        at: &at,
    };
    paging.of_total(lang, total)
}

/// The latest answers of municipality `code` that questioned a household no longer
/// proposed to it: back with national, shown without the household's data.
fn questioned_elsewhere<'a>(
    records: &[HouseholdRecord],
    answers: &'a [PlacementResponse],
    code: &str,
) -> Vec<&'a PlacementResponse> {
    let mut seen = std::collections::HashSet::new();
    answers
        .iter()
        .filter(|a| a.municipality.as_str() == code)
        .filter(|a| seen.insert(&a.household))
        .filter(|a| !a.accepted && !records.iter().any(|r| r.household.id == a.household))
        .collect()
}

pub(super) fn number_field(
    label: &str,
    name: &str,
    error: Option<Message>,
    value: Option<&str>,
) -> Markup {
    text_field(label, name, "number", error, value)
}

pub(super) fn text_field(
    label: &str,
    name: &str,
    kind: &str,
    error: Option<Message>,
    value: Option<&str>,
) -> Markup {
    let error_id = format!("{name}-error");
    html! {
        label for=(name) { (label)
            input id=(name) name=(name) type=(kind) value=[value] min=[(kind == "number").then_some("0")]
                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| error_id.as_str())];
        }
        @if let Some(error) = &error { p.error id=(error_id) role="alert" { (error) } }
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf_token: String,
    persons: String,
    unaccompanied_minors: String,
    body: String,
    decided_on: String,
    registration_number: String,
    /// The version of the year's decision the form was read at (0: none yet).
    version: Option<u32>,
}

/// A Norwegian municipality's yes or no to unaccompanied minors, the current answer checked.
fn minors_declaration(
    lang: Lang,
    user: &WebUser,
    page: &str,
    takes: Option<bool>,
    error: Option<Message>,
) -> Markup {
    html! {
        form.stack method="post" action=(format!("{page}/unaccompanied-minors")) novalidate {
            input type="hidden" name="csrf_token" value=(user.csrf_token);
            fieldset id="takes" aria-invalid=[error.as_ref().map(|_| "true")] {
                legend { (lang.t(Text::MinorsDeclaration)) }
                @if let Some(message) = &error { p.error id="takes-error" role="alert" { (message) } }
                label { input type="radio" name="takes" value="yes" checked[takes == Some(true)]; " " (lang.t(Text::TakesMinors)) }
                label { input type="radio" name="takes" value="no" checked[takes == Some(false)]; " " (lang.t(Text::TakesNoMinorsDeclared)) }
            }
            button type="submit" { (lang.t(Text::Save)) }
        }
    }
}

/// The groups the municipality is prepared for first, in order, and (for the municipality
/// itself or national) the form that sets them, with what was entered when it was refused.
fn priorities_section(
    lang: Lang,
    user: &WebUser,
    page: &str,
    priorities: &[landa_model::MunicipalityPriority],
    may_set: bool,
    error: Option<Message>,
    entered: Option<&str>,
) -> Markup {
    let current = priorities
        .iter()
        .map(|p| p.group.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        h2 id="priorities-heading" { (lang.t(Text::Priorities)) }
        @if priorities.is_empty() {
            p { (lang.t(Text::NoPriorities)) }
        } @else {
            ol.priorities { @for p in priorities { li { code { (p.group) } } } }
        }
        @if may_set {
            form.stack method="post" action=(format!("{page}/priorities")) novalidate {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                (text_field(lang.t(Text::Priorities), "priorities", "text", error,
                    Some(entered.unwrap_or(&current))))
                p.help { (lang.t(Text::PrioritiesHelp)) }
                button type="submit" { (lang.t(Text::SavePriorities)) }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PrioritiesForm {
    csrf_token: String,
    #[serde(default)]
    priorities: String,
}

/// Sets the groups the municipality is prepared for first from its form; refused, the
/// decision tab again with the error at the field and the entry kept.
pub async fn set_priorities(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    FormEntries(form, entries): FormEntries<PrioritiesForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let groups = split_list(&form.priorities);
    let result = match parse_field::<MunicipalityCode>(&code, "municipality") {
        Ok(municipality) => landa_app::preferences::set_municipality_priorities(
            &state.store,
            &user.principal,
            &scenario,
            &municipality,
            &groups,
        )
        .await
        .map(|_| ())
        .map_err(|error| ApiError::from(error).at_list_input()),
        Err(error) => Err(error),
    };
    after_form(
        &state, &user, &scenario, &code, result, &entries, "decision",
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct MinorsForm {
    csrf_token: String,
    #[serde(default)]
    takes: String,
}

/// Records the municipality's yes or no to unaccompanied minors from its form.
pub async fn declare_minors(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    FormEntries(form, entries): FormEntries<MinorsForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let takes = match form.takes.as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(ApiError::field("takes", user.lang.t(Text::ChooseYesOrNo))),
    };
    let result = match (
        takes,
        parse_field::<MunicipalityCode>(&code, "municipality"),
    ) {
        (Ok(takes), Ok(municipality)) => landa_app::planning::declare_unaccompanied_minors(
            &state.store,
            &user.principal,
            &scenario,
            &municipality,
            takes,
        )
        .await
        .map(|_| ())
        .map_err(ApiError::from),
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    match result {
        // The page confirms the answer itself, not a decision.
        Ok(()) => Redirect::to(&format!(
            "/app/{scenario}/municipalities/{code}?note=minors&tab=decision"
        ))
        .into_response(),
        Err(error) => {
            after_form(
                &state,
                &user,
                &scenario,
                &code,
                Err(error),
                &entries,
                "decision",
            )
            .await
        }
    }
}

/// Registers a decision from the form; errors are shown next to their field.
pub async fn decide(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, code)): Path<(String, String)>,
    FormEntries(form, entries): FormEntries<DecisionForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let parsed = whole_number(user.lang, &form.persons, "persons").and_then(|persons| {
        Ok(DecisionIn {
            year: None,
            persons,
            unaccompanied_minors: if form.unaccompanied_minors.trim().is_empty() {
                0
            } else {
                whole_number(
                    user.lang,
                    &form.unaccompanied_minors,
                    "unaccompanied_minors",
                )?
            },
            body: Some(parse_field(&form.body, "body")?),
            decided_on: Some(form.decided_on.trim())
                .filter(|d| !d.is_empty())
                .map(|d| parse_date(d, "decided_on"))
                .transpose()?,
            registration_number: Some(form.registration_number.clone()),
            document_url: None,
        })
    });
    let result = match parsed {
        Ok(body) => {
            register_decision(
                &state,
                &user.principal,
                &scenario,
                &code,
                body,
                form.version,
            )
            .await
            // Shown at the number, with what was entered: read the page again.
            .map_err(|mut error| {
                if error.status == StatusCode::PRECONDITION_FAILED {
                    error.body.field = Some(FieldPath::new("persons"));
                }
                error
            })
        }
        Err(error) => Err(error),
    };
    after_form(
        &state,
        &user,
        &scenario,
        &code,
        result.map(|_| ()),
        &entries,
        "decision",
    )
    .await
}

/// Back to the municipality page: with a note when saved, with the error next to its
/// field when not.
pub(super) async fn after_form(
    state: &AppState,
    user: &WebUser,
    scenario: &str,
    code: &str,
    result: ApiResult<()>,
    entries: &Entries,
    tab: &str,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!(
            "/app/{scenario}/municipalities/{code}?note=saved&tab={tab}"
        ))
        .into_response(),
        Err(error) if error.body.field.is_some() => {
            let field_error = FieldError::of(&error);
            municipality_page(
                state,
                user,
                scenario,
                code,
                &PageQuery::default(),
                Some((field_error, entries)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(user), &e))
        }
        Err(error) => error_page(user.lang, Some(user), &error),
    }
}
