//! The administrators' page: accounts (create, disable, enable) and the audit log. No
//! personal data: an administrator manages who may see it, not what it says.

use super::i18n::Text;
use super::pages::{check_csrf, input_field, FieldError};
use super::{
    confirmation, error_page, error_summary, layout, table, tabs, Confirm, Download, Message,
    PageLinks, WebUser,
};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::routes::admin::{
    accounts_of, audit_rows, audit_table, create_account, set_disabled, AccountIn,
};
use crate::routes::parse_field;
use crate::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use landa_export::{Column, ColumnKind, Table};
use maud::html;
use serde::Deserialize;

/// Audit entries shown on the page; the download holds the same.
const AUDIT_ON_PAGE: u32 = 200;

/// The roles an administrator gives accounts, as the API names them. National and
/// administrator accounts are the installation operator's (`landa user add`).
const ROLES: [(&str, Text); 4] = [
    ("municipality", Text::Municipality),
    ("region", Text::RegionRole),
    ("partner", Text::PartnerRole),
    ("housing", Text::HousingCompany),
];

/// The countries an account can act in, with their names as each language writes them.
const COUNTRIES: [(&str, &str); 2] = [("SE", "Sverige"), ("NO", "Norge")];

/// What the administrator's page is asked to show: its tab, the outcome of a change, and
/// the audit log's filter and page.
#[derive(Deserialize, Default)]
pub struct AdminQuery {
    tab: Option<String>,
    /// created, disabled or enabled; about `account`.
    note: Option<String>,
    account: Option<String>,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    resource: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// How many entries of the filtered log come before this page.
    #[serde(default)]
    offset: usize,
}

impl AdminQuery {
    /// The audit log's filter, each date checked with its field named.
    fn filter(&self) -> Result<landa_store::AuditFilter<'_>, FieldError> {
        let day = |text: &str, field: &str| {
            let text = text.trim();
            (!text.is_empty())
                .then(|| crate::routes::parse_date(text, field))
                .transpose()
                .map_err(|error| FieldError::of(&error))
        };
        fn given(text: &str) -> Option<&str> {
            Some(text.trim()).filter(|t| !t.is_empty())
        }
        Ok(landa_store::AuditFilter {
            actor: given(&self.actor),
            resource: given(&self.resource),
            from: day(&self.from, "from")?,
            to: day(&self.to, "to")?,
        })
    }

    /// This query's address with another offset.
    fn at(&self, offset: usize) -> String {
        let offset = offset.to_string();
        let pairs = [
            ("tab", "audit"),
            ("actor", self.actor.as_str()),
            ("resource", self.resource.as_str()),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("offset", offset.as_str()),
        ];
        let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        format!("/admin?{query}")
    }
}

/// `/admin`: accounts and the audit log, for administrators.
pub async fn admin(
    State(state): State<AppState>,
    user: WebUser,
    Query(download): Query<Download>,
    Query(query): Query<AdminQuery>,
) -> Response {
    admin_page(
        &state,
        &user,
        &download,
        &query,
        &AccountForm::default(),
        (String::new(), String::new()),
        None,
    )
    .await
    .unwrap_or_else(|error| error_page(user.lang, Some(&user), &error))
}

#[derive(Deserialize, Default)]
pub struct AccountForm {
    csrf_token: String,
    username: String,
    display_name: String,
    password: String,
    role: String,
    country: String,
    jurisdiction: String,
}

async fn admin_page(
    state: &AppState,
    user: &WebUser,
    download: &Download,
    query: &AdminQuery,
    entered: &AccountForm,
    entered_identity: (String, String),
    form_error: Option<FieldError>,
) -> ApiResult<Response> {
    let lang = user.lang;
    let tab = match query.tab.as_deref() {
        Some("audit") => "audit",
        _ => "accounts",
    };
    let accounts = accounts_of(state, &user.principal).await?;
    let identities = state.store.sso_identities().await?;
    let identity_of = |username: &str| {
        identities
            .iter()
            .find(|(account, _)| account == username)
            .map(|(_, subject)| subject.clone())
    };
    let mut account_table = Table::new(
        lang.t(Text::Accounts),
        vec![
            Column::new(lang.t(Text::Username), ColumnKind::Text),
            Column::new(lang.t(Text::Name), ColumnKind::Text),
            Column::new(lang.t(Text::Role), ColumnKind::Text),
            Column::new(lang.t(Text::Country), ColumnKind::Text),
            Column::new(lang.t(Text::Jurisdiction), ColumnKind::Text),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
            Column::new(lang.t(Text::SingleSignOnIdentity), ColumnKind::Text),
        ],
    );
    // Each account's role and organisation in words, for the table and the outcome panel.
    let mut described = Vec::new();
    // Many accounts share an organisation: each is looked up once per page.
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for a in &accounts {
        // The role in the country's words, and the organisation by name with its code.
        let written = [
            Some(a.role.to_string()),
            a.country.map(|c| c.to_string()),
            a.jurisdiction.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(":");
        let (role, organisation) = match written.parse::<landa_model::Role>() {
            Ok(role) => {
                let name = match names.get(&written) {
                    Some(name) => name.clone(),
                    None => {
                        let name = super::organisation_of(state, &role).await?.name;
                        names.insert(written.clone(), name.clone());
                        name
                    }
                };
                let organisation = match a.jurisdiction.as_deref() {
                    None => name,
                    // A partner's or company's jurisdiction is its name (and what it serves).
                    Some(code) if code.starts_with(&name) => code.to_owned(),
                    Some(code) => format!("{name} ({code})"),
                };
                (lang.role_kind(&role).to_owned(), organisation)
            }
            Err(_) => (
                a.role.to_string(),
                a.jurisdiction.clone().unwrap_or_default(),
            ),
        };
        described.push((a.username.clone(), format!("{role} · {organisation}")));
        account_table.push(vec![
            a.username.clone().into(),
            a.display_name.clone().into(),
            role.into(),
            a.country.map(|c| c.to_string()).into(),
            organisation.into(),
            lang.t(if a.disabled {
                Text::Disabled
            } else {
                Text::Active
            })
            .into(),
            identity_of(&a.username).into(),
        ]);
    }
    // The log is read (and its reading recorded) only where it is shown or downloaded.
    let filter = query.filter();
    let wants_audit = tab == "audit" || download.download.as_deref() == Some("audit");
    let audit_page = match (&filter, wants_audit) {
        (Ok(filter), true) => Some(
            audit_rows(
                state,
                &user.principal,
                filter,
                AUDIT_ON_PAGE,
                query.offset as u64,
            )
            .await?,
        ),
        _ => None,
    };
    let full_page = audit_page
        .as_ref()
        .is_some_and(|rows| rows.len() == AUDIT_ON_PAGE as usize);
    let audit = audit_table(audit_page.unwrap_or_default());
    let filter_error = filter.err();
    for (id, t) in [("accounts", &account_table), ("audit", &audit)] {
        if let Some(file) = download.answer(id, t) {
            return Ok(file);
        }
    }
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let status = FieldError::status(form_error.as_ref().or(filter_error.as_ref()));
    let outcome = outcome_panel(lang, query, &accounts, &described, &identity_of);
    let summary = form_error
        .iter()
        .chain(filter_error.iter())
        .map(FieldError::summary_line);
    let page = layout(
        lang,
        Some(user),
        &[],
        lang.t(Text::Administration),
        html! {
            @if let Some(outcome) = outcome { (outcome) }
            (error_summary(lang, summary))
            (tabs(lang, tab, &[("accounts", lang.t(Text::Accounts)), ("audit", lang.t(Text::AuditLog))]))
            @if tab == "audit" {
                (audit_filter_form(lang, query, filter_error.as_ref()))
                (table(lang, "audit", &audit))
                (PageLinks { offset: query.offset, per_page: AUDIT_ON_PAGE as usize, at: &|offset| query.at(offset) }
                    .links(lang, full_page, (Text::Newer, Text::Older)))
            } @else {
            (table(lang, "accounts", &account_table))
            ul.account-actions {
                @for a in accounts.iter().filter(|a| a.username != user.principal.username) {
                    @let (action, label) = if a.disabled { ("enable", Text::Enable) } else { ("disable", Text::Disable) };
                    li {
                        form.inline method="post" action=(format!("/admin/accounts/{}/{action}", a.username)) {
                            input type="hidden" name="csrf_token" value=(user.csrf_token);
                            button type="submit" { (lang.t(label)) " " (a.username) }
                        }
                    }
                }
            }
            h2 { (lang.t(Text::CreateAccount)) }
            form.stack method="post" action="/admin/accounts" {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                (input_field(lang.t(Text::Username), "username", "text", &entered.username, error_for("username")))
                (input_field(lang.t(Text::Name), "display_name", "text", &entered.display_name, error_for("display_name")))
                (input_field(lang.t(Text::Password), "password", "password", "", error_for("password")))
                label for="role" { (lang.t(Text::Role))
                    select id="role" name="role" aria-invalid=[error_for("role").map(|_| "true")] aria-describedby=[error_for("role").map(|_| "role-error")] {
                        @for (role, name) in ROLES {
                            option value=(role) selected[entered.role == role] { (lang.t(name)) }
                        }
                    }
                }
                @if let Some(error) = error_for("role") { p.error id="role-error" role="alert" { (error) } }
                label for="country" { (lang.t(Text::Country))
                    select id="country" name="country" {
                        @for (code, name) in COUNTRIES {
                            option value=(code) selected[entered.country == code] { (name) }
                        }
                    }
                }
                (input_field(lang.t(Text::JurisdictionHelp), "jurisdiction", "text", &entered.jurisdiction, None))
                button type="submit" { (lang.t(Text::CreateAccount)) }
            }
            h2 id="identities" { (lang.t(Text::LinkIdentity)) }
            p { (lang.t(Text::LinkIdentityHelp)) }
            form.stack method="post" action="/admin/identities" {
                input type="hidden" name="csrf_token" value=(user.csrf_token);
                (input_field(lang.t(Text::Username), "identity_username", "text", &entered_identity.0, error_for("identity_username")))
                (input_field(lang.t(Text::SingleSignOnIdentity), "subject", "text", &entered_identity.1, error_for("subject")))
                button type="submit" { (lang.t(Text::LinkIdentity)) }
            }
            }
        },
    );
    Ok((status, page).into_response())
}

/// The API's account body from the form's fields, each parsed as the API parses it.
fn account_body(form: &AccountForm) -> ApiResult<AccountIn> {
    Ok(AccountIn {
        username: form.username.trim().to_owned(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        role: parse_field(&form.role, "role")?,
        country: Some(form.country.as_str())
            .filter(|c| !c.is_empty())
            .map(|c| parse_field(c, "country"))
            .transpose()?,
        jurisdiction: Some(form.jurisdiction.trim().to_owned()).filter(|j| !j.is_empty()),
    })
}

/// Creates an account from the form; a refused field is shown next to it, the other
/// entries kept (never the password).
pub async fn create(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<AccountForm>,
) -> Response {
    let result = match check_csrf(&user, &form.csrf_token).and_then(|()| account_body(&form)) {
        Ok(body) => create_account(&state, &user.principal, &body).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(out) => {
            Redirect::to(&format!("/admin?note=created&account={}", out.username)).into_response()
        }
        Err(error) => {
            // A taken username is a conflict without a field; show it by the username.
            let field = error
                .field_name()
                .or((error.body.code == ErrorCode::Conflict).then_some("username"))
                .map(str::to_owned);
            let Some(field) = field else {
                return error_page(user.lang, Some(&user), &error);
            };
            let form_error = FieldError {
                field,
                message: Message::of(&error),
            };
            let query = AdminQuery::default();
            admin_page(
                &state,
                &user,
                &Download::default(),
                &query,
                &form,
                (String::new(), String::new()),
                Some(form_error),
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
    }
}

/// The disable and enable buttons' form: disabling asks again first (`confirmed`).
#[derive(Deserialize)]
pub struct AccountStateForm {
    csrf_token: String,
    #[serde(default)]
    confirmed: Option<String>,
}

/// `/admin/accounts/{username}/disable|enable`.
pub async fn set_account_state(
    State(state): State<AppState>,
    user: WebUser,
    Path((username, action)): Path<(String, String)>,
    Form(form): Form<AccountStateForm>,
) -> Response {
    let lang = user.lang;
    if action == "disable" && form.confirmed.is_none() {
        // Asked only of an administrator, about an account that exists.
        let account = match check_csrf(&user, &form.csrf_token) {
            Ok(()) => accounts_of(&state, &user.principal)
                .await
                .and_then(|accounts| {
                    accounts
                        .into_iter()
                        .find(|a| a.username == username)
                        .ok_or_else(|| ApiError::not_found(format!("no account '{username}'")))
                }),
            Err(error) => Err(error),
        };
        if let Err(error) = account {
            return error_page(lang, Some(&user), &error);
        }
        let question = format!("{} {username}?", lang.t(Text::DisableQuestion));
        let confirm = Confirm {
            question: &question,
            what: html! { p { (lang.t(Text::DisableEffect)) } },
            action: &format!("/admin/accounts/{username}/disable"),
            fields: &[],
            button: &format!("{} {username}", lang.t(Text::Disable)),
            back: "/admin",
        };
        return confirm.page(&user, &[("/admin", lang.t(Text::Administration))]);
    }
    let result = match (check_csrf(&user, &form.csrf_token), action.as_str()) {
        (Err(error), _) => Err(error),
        (Ok(()), "disable") => set_disabled(&state, &user.principal, &username, true).await,
        (Ok(()), "enable") => set_disabled(&state, &user.principal, &username, false).await,
        (Ok(()), _) => Err(crate::error::ApiError::not_found(format!(
            "no account action '{action}'"
        ))),
    };
    match result {
        Ok(()) => {
            Redirect::to(&format!("/admin?note={action}d&account={username}")).into_response()
        }
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}

/// The outcome of an account change, read back from the accounts: "Account x created".
fn outcome_panel(
    lang: super::i18n::Lang,
    query: &AdminQuery,
    accounts: &[crate::routes::admin::AccountOut],
    described: &[(String, String)],
    identity_of: &dyn Fn(&str) -> Option<String>,
) -> Option<maud::Markup> {
    let account = accounts
        .iter()
        .find(|a| Some(&a.username) == query.account.as_ref())?;
    let (done, next) = match (query.note.as_deref()?, account.disabled) {
        ("created", false) => (Text::AccountCreated, Text::AccountCreatedNext),
        ("disabled", true) => (Text::AccountDisabled, Text::DisableEffect),
        ("enabled", false) => (Text::AccountEnabled, Text::AccountEnabledNext),
        ("linked", _) => {
            let subject = identity_of(&account.username)?;
            return Some(confirmation(
                &format!(
                    "{} {} {} {subject}",
                    lang.t(Text::Account),
                    account.username,
                    lang.t(Text::IsLinkedTo)
                ),
                Some(lang.t(Text::LinkedNext)),
            ));
        }
        ("unlinked", _) if identity_of(&account.username).is_none() => {
            (Text::AccountUnlinked, Text::UnlinkedNext)
        }
        _ => return None,
    };
    let whose = described
        .iter()
        .find(|(username, _)| *username == account.username)
        .map_or("", |(_, words)| words.as_str());
    Some(confirmation(
        &format!(
            "{} {} {}",
            lang.t(Text::Account),
            account.username,
            lang.t(done)
        ),
        Some(&format!("{whose}. {}", lang.t(next))),
    ))
}

/// The audit log's filter: by account, record, and days (GET, so a filtered view can be
/// bookmarked and paged).
fn audit_filter_form(
    lang: super::i18n::Lang,
    query: &AdminQuery,
    error: Option<&FieldError>,
) -> maud::Markup {
    let error_for = |field: &str| FieldError::for_field(error, field);
    html! {
        form.filters method="get" action="/admin" {
            input type="hidden" name="tab" value="audit";
            (input_field(lang.t(Text::Username), "actor", "text", &query.actor, None))
            (input_field(lang.t(Text::RecordContains), "resource", "text", &query.resource, None))
            (input_field(lang.t(Text::FromDay), "from", "date", &query.from, error_for("from")))
            (input_field(lang.t(Text::ToDay), "to", "date", &query.to, error_for("to")))
            button type="submit" { (lang.t(Text::Filter)) }
        }
    }
}

#[derive(Deserialize)]
pub struct IdentityForm {
    csrf_token: String,
    identity_username: String,
    /// Blank unlinks the account.
    #[serde(default)]
    subject: String,
}

/// `POST /admin/identities`: links an account to its holder's identity at the
/// organisation's identity provider (single sign-on), or unlinks it with a blank one; a
/// refusal is shown at its field with the entries kept.
pub async fn link_identity(
    State(state): State<AppState>,
    user: WebUser,
    Form(form): Form<IdentityForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let username = form.identity_username.trim();
    let subject = Some(form.subject.trim()).filter(|s| !s.is_empty());
    let linked =
        landa_app::accounts::link_single_sign_on(&state.store, &user.principal, username, subject)
            .await
            .map_err(ApiError::from);
    match linked {
        Ok(()) => {
            let note = if subject.is_some() {
                "linked"
            } else {
                "unlinked"
            };
            Redirect::to(&format!("/admin?note={note}&account={username}")).into_response()
        }
        Err(error) if error.status == axum::http::StatusCode::FORBIDDEN => {
            error_page(user.lang, Some(&user), &error)
        }
        Err(error) => {
            // An unknown account is refused at its name; a taken or malformed identity at it.
            let field = match error.body.code {
                ErrorCode::NotFound => "identity_username",
                _ => "subject",
            };
            let form_error = FieldError {
                field: field.to_owned(),
                message: Message::of(&error),
            };
            let entered = (form.identity_username.clone(), form.subject.clone());
            let (query, download) = (AdminQuery::default(), Download::default());
            let account = AccountForm::default();
            admin_page(
                &state,
                &user,
                &download,
                &query,
                &account,
                entered,
                Some(form_error),
            )
            .await
            .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
    }
}
