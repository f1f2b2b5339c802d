//! The web UI: server-rendered HTML (maud) over the same functions as the API, so that a
//! page shows exactly what its role may see through the API, audited the same way. No
//! scripts are needed: forms post, charts are SVG, every table downloads as CSV or Excel.
//! Changes from a page carry the session's CSRF token as a hidden field.

mod admin;
mod agreements;
mod chart;
mod entries;
pub mod i18n;
mod indicators;
mod pages;
mod runs;

use crate::auth::{self, Principal};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use i18n::{Lang, Language, Text};
use landa_export::{Cell, CsvDialect, Table};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const STYLE: &str = include_str!("style.css");

/// The pages, at the root of the site.
pub fn router() -> Router<AppState> {
    pages().router
}

/// Every page's method and path template, as routed: the authorization matrix test tries
/// each with every caller, so a page cannot be added without deciding who may use it.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    pages().routes
}

/// The router and the list of what it routes, built together so they cannot differ.
struct Pages {
    router: Router<AppState>,
    routes: Vec<(&'static str, &'static str)>,
}

impl Pages {
    fn get<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, page: H) -> Self {
        self.router = self.router.route(path, get(page));
        self.routes.push(("GET", path));
        self
    }

    fn post<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, form: H) -> Self {
        self.router = self.router.route(path, post(form));
        self.routes.push(("POST", path));
        self
    }

    /// A form that uploads a file, larger than other forms may be.
    fn post_file<H: Handler<T, AppState>, T: 'static>(
        mut self,
        path: &'static str,
        form: H,
        limit: usize,
    ) -> Self {
        let route = post(form).layer(axum::extract::DefaultBodyLimit::max(limit));
        self.router = self.router.route(path, route);
        self.routes.push(("POST", path));
        self
    }
}

fn pages() -> Pages {
    Pages {
        router: Router::new(),
        routes: Vec::new(),
    }
    .get("/", pages::root)
    .get("/login", pages::login_form)
    .post("/login", pages::login)
    .get("/login/sso", pages::start_single_sign_on)
    .get("/login/sso/callback", pages::finish_single_sign_on)
    .post("/logout", pages::logout)
    .get("/language/{code}", pages::language)
    .get("/app", pages::years)
    .get("/app/{scenario}", pages::year)
    .get("/app/{scenario}/municipalities/{code}", pages::municipality)
    .post(
        "/app/{scenario}/municipalities/{code}/decision",
        pages::decide,
    )
    .post(
        "/app/{scenario}/municipalities/{code}/unaccompanied-minors",
        pages::declare_minors,
    )
    .post(
        "/app/{scenario}/municipalities/{code}/priorities",
        pages::set_priorities,
    )
    .get("/app/{scenario}/households/{id}", pages::household)
    .post(
        "/app/{scenario}/households/{id}/response",
        pages::answer_placement,
    )
    .post("/app/{scenario}/households/{id}/step", pages::take_step)
    .get(
        "/app/{scenario}/households/{id}/register",
        pages::household_register,
    )
    .post(
        "/app/{scenario}/households/{id}/register",
        pages::record_register,
    )
    .post("/app/{scenario}/distribute", pages::distribute)
    .post(
        "/app/{scenario}/municipalities/{code}/dwellings",
        pages::offer_dwelling,
    )
    .post(
        "/app/{scenario}/municipalities/{code}/dwelling-commitments",
        pages::commit_to_offer,
    )
    .get("/app/{scenario}/integration", pages::integration)
    .get("/app/{scenario}/housing", pages::housing)
    .post(
        "/app/{scenario}/housing/dwellings",
        pages::offer_company_dwelling,
    )
    .post(
        "/app/{scenario}/housing/dwelling-commitments",
        pages::commit_company,
    )
    .post("/app/{scenario}/dwellings/{id}/let", pages::mark_let)
    .get("/app/{scenario}/dwellings/{id}", pages::dwelling)
    .post("/app/{scenario}/dwellings/{id}", pages::edit_dwelling)
    .post("/app/{scenario}/placement-runs", pages::start_run_form)
    .post("/app/{scenario}/run-schedule", pages::set_schedule_form)
    .post_file(
        "/app/{scenario}/arrival-forecast",
        pages::upload_forecast,
        crate::routes::intake::MAX_INTAKE_FILE_BYTES,
    )
    .post_file(
        "/app/{scenario}/register-files",
        pages::upload_register,
        crate::routes::intake::MAX_INTAKE_FILE_BYTES,
    )
    .post(
        "/app/{scenario}/run-schedule/stop",
        pages::stop_schedule_form,
    )
    .post_file(
        "/app/{scenario}/intake-files",
        pages::upload_intake,
        crate::routes::intake::MAX_INTAKE_FILE_BYTES,
    )
    .post(
        "/app/{scenario}/placement-runs/{id}/approve",
        pages::approve_run_form,
    )
    .get("/app/{scenario}/placement-runs/{id}", runs::run)
    .get(
        "/app/{scenario}/placement-runs/{id}/explanation",
        runs::explanation,
    )
    .get("/app/agreements", agreements::list)
    .get("/app/agreements/{id}", agreements::agreement)
    .post("/app/agreements/{id}", agreements::add_entry)
    .get("/public/agreements", agreements::public_list)
    .get("/public/agreements/{id}", agreements::public_agreement)
    .get("/admin", admin::admin)
    .post("/admin/accounts", admin::create)
    .post(
        "/admin/accounts/{username}/{action}",
        admin::set_account_state,
    )
    .post("/admin/identities", admin::link_identity)
    .get("/public", pages::public_years)
    .get("/public/{scenario}", pages::public_year)
}

/// A logged-in user of a page: the principal, the session's CSRF token and the language.
/// Without a live session the page redirects to the login form.
pub struct WebUser {
    pub principal: Principal,
    pub csrf_token: String,
    pub lang: Lang,
    /// The organisation the account speaks for, by name ("Falun", "Dalarnas län",
    /// "Migrationsverket"), for the service header.
    pub organisation: String,
}

impl FromRequestParts<AppState> for WebUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::of(&parts.headers);
        match auth::session_of(state, parts).await {
            Ok(Some((principal, csrf_token))) => {
                match organisation_of(state, &principal.role).await {
                    Ok(organisation) => {
                        let lang =
                            words_for(state, parts, &principal.role, &organisation, lang).await;
                        Ok(WebUser {
                            principal,
                            csrf_token,
                            lang,
                            organisation: organisation.name,
                        })
                    }
                    Err(error) => Err(error_page(lang, None, &error)),
                }
            }
            Ok(None) => Err(Redirect::to("/login").into_response()),
            Err(error) => Err(error_page(lang, None, &error)),
        }
    }
}

/// The words a signed-in user reads a page in: the terms of the year's country on the
/// pages of a year (`/app/{scenario}/…`), else of the user's own country; and nynorsk for
/// a Norwegian reader in a municipality whose administrative language form it is, unless
/// the user chose a language.
async fn words_for(
    state: &AppState,
    parts: &Parts,
    role: &landa_model::Role,
    organisation: &landa_store::Jurisdiction,
    lang: Lang,
) -> Lang {
    let year = parts
        .uri
        .path()
        .strip_prefix("/app/")
        .and_then(|rest| rest.split('/').next())
        .filter(|name| !name.is_empty() && *name != "agreements");
    let country = match year {
        Some(name) => match state.store.scenario_meta(name).await {
            Ok(meta) => Some(meta.country),
            // An unknown year is the page's to refuse.
            Err(_) => role.country(),
        },
        None => role.country(),
    };
    let lang = country.map_or(lang, |country| lang.reading(country));
    let chosen = auth::cookie(&parts.headers, i18n::LANG_COOKIE).is_some();
    let nynorsk = organisation.language_form == Some(landa_model::LanguageForm::Nynorsk);
    match (chosen, lang.language, role) {
        (false, Language::Nb, landa_model::Role::Municipality(..)) if nynorsk => Lang {
            language: Language::Nn,
            ..lang
        },
        _ => lang,
    }
}

/// The organisation an account in `role` speaks for: the agency, or its region's,
/// municipality's, company's or partner's name (a municipality's with its language form).
pub(crate) async fn organisation_of(
    state: &AppState,
    role: &landa_model::Role,
) -> Result<landa_store::Jurisdiction, ApiError> {
    use landa_model::{Country, Role};
    let named = |name: &str| landa_store::Jurisdiction {
        name: name.to_owned(),
        language_form: None,
    };
    let held = |country, municipality, code: &str| {
        let code = code.to_owned();
        async move {
            let found = state
                .store
                .jurisdiction(country, municipality, &code)
                .await?;
            Ok::<_, ApiError>(found.unwrap_or_else(|| named(&code)))
        }
    };
    Ok(match role {
        Role::National(Country::Sweden) => named("Migrationsverket"),
        Role::National(Country::Norway) => named("IMDi"),
        Role::Region(country, code) => held(*country, false, code.as_str()).await?,
        Role::Municipality(country, code) => held(*country, true, code.as_str()).await?,
        Role::Partner(_, partner) => named(partner),
        Role::Housing(_, company) => named(company.name()),
        Role::Administrator => named("landa"),
    })
}

/// The language of a page without login.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(Lang::of(&parts.headers)))
    }
}

/// Where a page sits: the links above it, from the start page down (its own title is
/// the last step and is not linked).
pub type Trail<'a> = &'a [(&'a str, &'a str)];

/// The frame of every page: skip link, the service header (the user's organisation and
/// role, navigation, language, logout), breadcrumbs, then the content.
pub fn layout(
    lang: Lang,
    user: Option<&WebUser>,
    trail: Trail<'_>,
    title: &str,
    content: Markup,
) -> Markup {
    layout_titled(lang, user, trail, (title, None), content)
}

/// The frame of a page whose title is in another language than the page (an agreement's
/// own title on a page in English): the title is marked with its own (`lang`, WCAG 3.1.2).
pub fn layout_titled(
    lang: Lang,
    user: Option<&WebUser>,
    trail: Trail<'_>,
    (title, title_lang): (&str, Option<&str>),
    content: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · landa" }
                style { (PreEscaped(STYLE)) (PreEscaped(landa_followup::REPORT_STYLE)) }
            }
            body {
                a.skip href="#main" { (lang.t(Text::SkipToContent)) }
                header.service {
                    div.service-top {
                        a.brand href="/" { "landa" }
                        @if let Some(user) = user {
                            p.organisation {
                                strong { (user.organisation) }
                                span { (lang.role_kind(&user.principal.role)) }
                            }
                        }
                        nav.languages aria-label=(lang.t(Text::Language)) {
                            @for other in Lang::ALL {
                                @if other == lang.language {
                                    span aria-current="true" lang=(other.code()) { (Lang::name(other)) }
                                } @else {
                                    a href=(format!("/language/{}", other.code())) lang=(other.code()) { (Lang::name(other)) }
                                }
                            }
                        }
                        @if let Some(user) = user {
                            form.logout method="post" action="/logout" {
                                input type="hidden" name="csrf_token" value=(user.csrf_token);
                                span { (user.principal.username) }
                                button type="submit" { (lang.t(Text::LogOut)) }
                            }
                        }
                    }
                    nav.sections aria-label=(lang.t(Text::Sections)) {
                        @if user.is_some() { a href="/app" { (lang.t(Text::Home)) } }
                        @if user.is_some_and(|u| matches!(u.principal.role, landa_model::Role::Administrator)) {
                            a href="/admin" { (lang.t(Text::Administration)) }
                        }
                        @match user {
                            Some(u) if !matches!(u.principal.role, landa_model::Role::Administrator) => {
                                a href="/app/agreements" { (lang.t(Text::Agreements)) }
                            }
                            Some(_) => {}
                            None => { a href="/public/agreements" { (lang.t(Text::Agreements)) } }
                        }
                        a href="/public" { (lang.t(Text::PublicFigures)) }
                    }
                }
                @if !trail.is_empty() {
                    nav.breadcrumbs aria-label=(lang.t(Text::Breadcrumbs)) {
                        ol {
                            @for (href, label) in trail { li { a href=(href) { (label) } } }
                            li aria-current="page" { span lang=[title_lang] { (title) } }
                        }
                    }
                }
                main id="main" {
                    h1 { span lang=[title_lang] { (title) } }
                    (content)
                }
            }
        }
    }
}

/// Tabs of one page, as links (`?tab=key`) so that they work without scripts; the
/// current one is marked for screen readers.
pub fn tabs(lang: Lang, current: &str, tabs: &[(&str, &str)]) -> Markup {
    html! {
        nav.tabs aria-label=(lang.t(Text::PartsOfPage)) {
            ul { @for (key, label) in tabs {
                li { a href=(format!("?tab={key}")) aria-current=[(*key == current).then_some("page")] { (label) } }
            } }
        }
    }
}

/// Where a paged list stands: how many of it come before this page, how many a page
/// holds, and the list's address at another offset (its filter kept).
pub struct PageLinks<'a> {
    pub offset: usize,
    pub per_page: usize,
    pub at: &'a dyn Fn(usize) -> String,
}

impl PageLinks<'_> {
    /// "Showing 51–100 of 230" and the links to the pages before and after.
    pub fn of_total(&self, lang: Lang, total: usize) -> Markup {
        let (first, last) = (
            total.min(self.offset + 1),
            total.min(self.offset + self.per_page),
        );
        html! {
            p { (lang.t(Text::Showing)) " " (first) "–" (last) " " (lang.t(Text::Of)) " " (total) }
            (self.links(lang, self.offset + self.per_page < total, (Text::Previous, Text::Next)))
        }
    }

    /// The links to the page before (unless this is the first) and after (where `more`
    /// says there is one), named by `words`.
    pub fn links(&self, lang: Lang, more: bool, (before, after): (Text, Text)) -> Markup {
        html! {
            nav.paging aria-label=(lang.t(Text::Pages)) {
                @if self.offset > 0 {
                    a href=((self.at)(self.offset.saturating_sub(self.per_page))) { (lang.t(before)) }
                }
                @if more { a href=((self.at)(self.offset + self.per_page)) { (lang.t(after)) } }
            }
        }
    }
}

/// The outcome of a change at the top of the page it led to: what was done, in words
/// with its figures ("Round 2 published to 15 municipalities"), and what happens next.
pub fn confirmation(heading: &str, next: Option<&str>) -> Markup {
    html! {
        div.panel role="status" tabindex="-1" {
            h2 { (heading) }
            @if let Some(next) = next { p { (next) } }
        }
    }
}

/// The confirm step of a consequential action (approve a run, publish a round, disable an
/// account): what it will do, the button that does it (the same form again, with the
/// fields it was sent with and `confirmed`), and a way back that changes nothing.
pub struct Confirm<'a> {
    pub question: &'a str,
    pub what: Markup,
    pub action: &'a str,
    pub fields: &'a [(&'a str, &'a str)],
    pub button: &'a str,
    pub back: &'a str,
}

impl Confirm<'_> {
    pub fn page(self, user: &WebUser, trail: Trail<'_>) -> Response {
        let lang = user.lang;
        let content = html! {
            div.confirm {
                (self.what)
                form method="post" action=(self.action) {
                    input type="hidden" name="csrf_token" value=(user.csrf_token);
                    @for (name, value) in self.fields { input type="hidden" name=(name) value=(value); }
                    input type="hidden" name="confirmed" value="yes";
                    div.actions {
                        button.confirmed type="submit" { (self.button) }
                        a href=(self.back) { (lang.t(Text::Cancel)) }
                    }
                }
            }
        };
        layout(lang, Some(user), trail, self.question, content).into_response()
    }
}

/// A refusal's message as a page shows it: marked as English where the API wrote it, so
/// that on a Swedish or Norwegian page it is read as English (WCAG 3.1.2); a message a
/// page wrote in the user's language is not marked.
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    english: bool,
}

impl Message {
    /// A message as the API writes it, in English.
    pub fn english(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            english: true,
        }
    }

    /// A message a page wrote in the user's language.
    pub fn own(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            english: false,
        }
    }

    /// An error's message, in the language it was written in.
    pub fn of(error: &ApiError) -> Message {
        Message {
            text: error.body.message.clone(),
            english: !error.localized,
        }
    }
}

impl maud::Render for Message {
    fn render(&self) -> Markup {
        html! { span lang=[self.english.then_some("en")] { (self.text) } }
    }
}

/// A table with its caption and download links (CSV and Excel of the same table,
/// through `?download=<id>&format=csv|xlsx` on the page's own address).
/// The error summary at the top of a page, where the eye lands: each problem's message,
/// linked to its field where the form has one (`Some("#id")`), and as plain text where it
/// has none (a value the form does not ask for, such as a municipality's population), so
/// that no refusal goes unseen. The message is at its field too.
pub fn error_summary(
    lang: Lang,
    problems: impl IntoIterator<Item = (Option<String>, Message)>,
) -> Markup {
    let problems: Vec<(Option<String>, Message)> = problems.into_iter().collect();
    html! {
        @if !problems.is_empty() {
            div.error-summary role="alert" tabindex="-1" {
                h2 { (lang.t(Text::ErrorSummary)) }
                ul { @for (anchor, message) in &problems {
                    li { @if let Some(anchor) = anchor { a href=(anchor) { (message) } } @else { (message) } }
                } }
            }
        }
    }
}

pub fn table(lang: Lang, id: &str, table: &Table) -> Markup {
    render_table(lang, id, table, None, None, true)
}

/// A table shown in the answer to a form (a preview): it has no address of its own to
/// download it from, so it is shown without download links.
pub fn answered_table(lang: Lang, id: &str, table: &Table) -> Markup {
    render_table(lang, id, table, None, None, false)
}

/// A table whose first cell in each row links to the address `link` makes of it.
pub fn linked_table(lang: Lang, id: &str, table: &Table, link: &dyn Fn(&Cell) -> String) -> Markup {
    render_table(lang, id, table, None, Some(link), true)
}

/// How a table is sorted: column index and direction, from `?sort=N&desc=true`.
#[derive(Debug, Clone, Copy, serde::Deserialize, Default)]
pub struct Sort {
    pub sort: Option<usize>,
    #[serde(default)]
    pub desc: bool,
}

impl Sort {
    /// Sorts the rows (totals stay last, in their order) by the chosen column.
    pub fn apply(&self, table: &mut Table) {
        let Some(column) = self.sort.filter(|c| *c < table.columns.len()) else {
            return;
        };
        let (mut rows, totals): (Vec<_>, Vec<_>) = table.rows.drain(..).partition(|r| !r.emphasis);
        rows.sort_by(|a, b| {
            let order = compare(&a.cells[column], &b.cells[column]);
            if self.desc {
                order.reverse()
            } else {
                order
            }
        });
        table.rows = rows.into_iter().chain(totals).collect();
    }
}

fn compare(a: &Cell, b: &Cell) -> std::cmp::Ordering {
    let number = |cell: &Cell| match cell {
        Cell::Integer(n) => Some(*n as f64),
        Cell::Number(x) => Some(*x),
        _ => None,
    };
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => landa_export::cell_display(a, landa_export::ColumnKind::Text).cmp(
            &landa_export::cell_display(b, landa_export::ColumnKind::Text),
        ),
    }
}

/// A table whose column headers sort it (links, so it works without scripts).
pub fn sortable_table(lang: Lang, id: &str, table: &Table, sort: Sort) -> Markup {
    render_table(lang, id, table, Some(sort), None, true)
}

fn render_table(
    lang: Lang,
    id: &str,
    table: &Table,
    sort: Option<Sort>,
    link: Option<&dyn Fn(&Cell) -> String>,
    downloads: bool,
) -> Markup {
    html! {
        div.table-wrap {
            table id=(id) {
                caption {
                    (table.title)
                    @if downloads { span.downloads {
                        " · " (lang.t(Text::Download)) ": "
                        @if lang.language == Language::En {
                            a href=(format!("?download={id}&format=csv")) { "CSV" }
                        } @else {
                            // Excel in Swedish and Norwegian settings reads `;`, decimal
                            // commas and a byte-order mark; other programs may want `,`.
                            a href=(format!("?download={id}&format=csv-excel")) { (lang.t(Text::CsvForExcel)) }
                            " "
                            a href=(format!("?download={id}&format=csv")) { (lang.t(Text::CsvWithCommas)) }
                        }
                        " "
                        a href=(format!("?download={id}&format=xlsx")) { "Excel" }
                    } }
                }
                thead { tr { @for (index, column) in table.columns.iter().enumerate() {
                    @match sort {
                        Some(current) => {
                            @let active = current.sort == Some(index);
                            th scope="col" aria-sort=[active.then_some(if current.desc { "descending" } else { "ascending" })] {
                                a href=(format!("?sort={index}&desc={}", active && !current.desc)) { (column.header) }
                            }
                        }
                        None => { th scope="col" { (column.header) } }
                    }
                } } }
                tbody {
                    @for row in &table.rows {
                        tr class=[row.emphasis.then_some("total")] {
                            @for (index, (cell, column)) in row.cells.iter().zip(&table.columns).enumerate() {
                                @let shown = landa_export::cell_display(cell, column.kind);
                                @let text = if matches!(cell, Cell::Number(_)) { lang.decimal(&shown) } else { shown };
                                // A row without a first cell (a total) has nothing to link.
                                @if let (0, Some(link), false) = (index, link, text.is_empty()) {
                                    td { a href=(link(cell)) { (text) } }
                                } @else if matches!(cell, Cell::Integer(_) | Cell::Number(_)) {
                                    td.number { (text) }
                                } @else {
                                    td { (text) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What a download query asks for.
#[derive(Debug, serde::Deserialize, Default)]
pub struct Download {
    pub download: Option<String>,
    pub format: Option<String>,
}

impl Download {
    /// The file of table `id` when this request asks for it.
    pub fn answer(&self, id: &str, table: &Table) -> Option<Response> {
        if self.download.as_deref() != Some(id) {
            return None;
        }
        let name = id.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_");
        let file = match self.format.as_deref() {
            Some("xlsx") => table.to_xlsx().map(|bytes| {
                (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    format!("{name}.xlsx"),
                    bytes,
                )
            }),
            format => {
                let dialect = match format {
                    Some("csv-excel") => CsvDialect::NordicExcel,
                    _ => CsvDialect::Plain,
                };
                let mut bytes = Vec::new();
                table
                    .write_csv_as(&mut bytes, dialect)
                    .map(|()| ("text/csv; charset=utf-8", format!("{name}.csv"), bytes))
            }
        };
        Some(match file {
            Ok((content_type, file_name, bytes)) => (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{file_name}\""),
                    ),
                ],
                bytes,
            )
                .into_response(),
            Err(error) => ApiError::internal(error).into_response(),
        })
    }
}

/// An error as a page: the status, and the message in the user's language where we have one.
pub fn error_page(lang: Lang, user: Option<&WebUser>, error: &ApiError) -> Response {
    let (message, reason) = match error.status {
        StatusCode::NOT_FOUND => (Message::own(lang.t(Text::NotFound)), None),
        // The rule's own reason (e.g. the other country's scenario) says what to do; it is
        // written in English, and marked so.
        StatusCode::FORBIDDEN => (
            Message::own(lang.t(Text::Forbidden)),
            Some(Message::of(error)),
        ),
        _ => (Message::of(error), None),
    };
    // The status's standard name is English ("Conflict"), and marked so.
    let title = error.status.canonical_reason().unwrap_or("Error");
    let page = layout_titled(
        lang,
        user,
        &[],
        (title, (lang.language != Language::En).then_some("en")),
        html! {
            p.error role="alert" { (message) }
            @if let Some(reason) = reason { p { (reason) } }
        },
    );
    (error.status, page).into_response()
}

/// Redirect back after a change (POST-redirect-GET), with a note for the page to show.
pub fn back_to(path: &str, note: &str) -> Response {
    let joint = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{joint}note={note}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_say_where_the_page_stands_and_lead_before_and_after_it() {
        let at = |offset: usize| format!("?offset={offset}");
        let middle = PageLinks {
            offset: 50,
            per_page: 50,
            at: &at,
        }
        .of_total(Lang::new(Language::En), 120)
        .into_string();
        assert!(middle.contains("Showing 51–100 of 120"), "{middle}");
        assert!(middle.contains(r#"href="?offset=0""#), "{middle}");
        assert!(middle.contains(r#"href="?offset=100""#), "{middle}");
        let last = PageLinks {
            offset: 100,
            per_page: 50,
            at: &at,
        }
        .of_total(Lang::new(Language::En), 120)
        .into_string();
        assert!(last.contains("Showing 101–120 of 120"), "{last}");
        assert!(
            !last.contains("?offset=150"),
            "no page after the last: {last}"
        );
        let first = PageLinks {
            offset: 0,
            per_page: 50,
            at: &at,
        }
        .links(Lang::new(Language::En), false, (Text::Newer, Text::Older))
        .into_string();
        assert!(
            !first.contains("href"),
            "nothing before the first page: {first}"
        );
    }
}
