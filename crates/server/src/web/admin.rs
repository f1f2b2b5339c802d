//! The administrators' page: accounts (create, disable, enable) and the audit log. No
//! personal data: an administrator manages who may see it, not what it says.

use super::i18n::Text;
use super::pages::{check_csrf, input_field, CsrfForm, FieldError};
use super::{back_to, error_page, layout, table, Download, WebUser};
use crate::error::{ApiResult, ErrorCode};
use crate::routes::admin::{
    accounts_of, audit_rows, audit_table, create_account, set_disabled, AccountIn,
};
use crate::routes::parse_field;
use crate::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Response};
use landa_export::{Column, ColumnKind, Table};
use maud::html;
use serde::Deserialize;

/// Audit entries shown on the page; the download holds the same.
const AUDIT_ON_PAGE: u32 = 200;

/// The roles an administrator gives accounts, as the API names them. National and
/// administrator accounts are the installation operator's (`landa user add`).
const ROLES: [&str; 4] = ["municipality", "region", "partner", "housing"];

/// The countries an account can act in, with their names as each language writes them.
const COUNTRIES: [(&str, &str); 2] = [("SE", "Sverige"), ("NO", "Norge")];

/// `/admin`: accounts and the audit log, for administrators.
pub async fn admin(
    State(state): State<AppState>,
    user: WebUser,
    Query(download): Query<Download>,
) -> Response {
    admin_page(&state, &user, &download, &AccountForm::default(), None)
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
    entered: &AccountForm,
    form_error: Option<FieldError>,
) -> ApiResult<Response> {
    let lang = user.lang;
    let accounts = accounts_of(state, &user.principal).await?;
    let mut account_table = Table::new(
        lang.t(Text::Accounts),
        vec![
            Column::new(lang.t(Text::Username), ColumnKind::Text),
            Column::new(lang.t(Text::Name), ColumnKind::Text),
            Column::new(lang.t(Text::Role), ColumnKind::Text),
            Column::new(lang.t(Text::Country), ColumnKind::Text),
            Column::new(lang.t(Text::Jurisdiction), ColumnKind::Text),
            Column::new(lang.t(Text::Status), ColumnKind::Text),
        ],
    );
    for a in &accounts {
        account_table.push(vec![
            a.username.clone().into(),
            a.display_name.clone().into(),
            a.role.to_string().into(),
            a.country.map(|c| c.to_string()).into(),
            a.jurisdiction.clone().into(),
            lang.t(if a.disabled {
                Text::Disabled
            } else {
                Text::Active
            })
            .into(),
        ]);
    }
    let audit = audit_table(
        audit_rows(
            state,
            &user.principal,
            &landa_store::AuditFilter::default(),
            AUDIT_ON_PAGE,
            0,
        )
        .await?,
    );
    for (id, t) in [("accounts", &account_table), ("audit", &audit)] {
        if let Some(file) = download.answer(id, t) {
            return Ok(file);
        }
    }
    let error_for = |field: &str| FieldError::for_field(form_error.as_ref(), field);
    let status = FieldError::status(form_error.as_ref());
    let page = layout(
        lang,
        Some(user),
        lang.t(Text::Administration),
        html! {
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
                        @for role in ROLES {
                            option value=(role) selected[entered.role == role] { (role) }
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
            (table(lang, "audit", &audit))
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
        Ok(_) => back_to("/admin", "created"),
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
                message: error.body.message.clone(),
            };
            admin_page(&state, &user, &Download::default(), &form, Some(form_error))
                .await
                .unwrap_or_else(|e| error_page(user.lang, Some(&user), &e))
        }
    }
}

/// `/admin/accounts/{username}/disable|enable`.
pub async fn set_account_state(
    State(state): State<AppState>,
    user: WebUser,
    Path((username, action)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let result = match (check_csrf(&user, &form.csrf_token), action.as_str()) {
        (Err(error), _) => Err(error),
        (Ok(()), "disable") => set_disabled(&state, &user.principal, &username, true).await,
        (Ok(()), "enable") => set_disabled(&state, &user.principal, &username, false).await,
        (Ok(()), _) => Err(crate::error::ApiError::not_found(format!(
            "no account action '{action}'"
        ))),
    };
    match result {
        Ok(()) => back_to("/admin", "saved"),
        Err(error) => error_page(user.lang, Some(&user), &error),
    }
}
