//! Administration: accounts and the audit log. Administrators see no personal data,
//! only who did what.

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path, Query};
use crate::values::{AuditFormat, Country, RoleKind};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use landa_app::access::require_administrator;
use landa_app::accounts;
use landa_model::{NaiveDate, Role};
use landa_store::{Account, AuditFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountOut {
    pub username: String,
    pub display_name: String,
    pub role: RoleKind,
    /// SE or NO; absent for administrators.
    pub country: Option<Country>,
    pub jurisdiction: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

impl From<&Account> for AccountOut {
    fn from(a: &Account) -> Self {
        AccountOut {
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: RoleKind::from(&a.role),
            country: a.role.country().map(Country::from),
            jurisdiction: a.role.jurisdiction().map(str::to_owned),
            disabled: a.disabled,
            created_at: a.created_at.to_rfc3339(),
        }
    }
}

/// Every account.
#[utoipa::path(get, path = "/accounts", tag = "accounts",
    operation_id = "listAccounts",
    responses((status = 200, body = Vec<AccountOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
) -> ApiResult<axum::Json<Vec<AccountOut>>> {
    Ok(axum::Json(accounts_of(&state, &principal).await?))
}

/// Every account (administrators only).
pub(crate) async fn accounts_of(
    state: &AppState,
    principal: &Principal,
) -> ApiResult<Vec<AccountOut>> {
    require_administrator(principal)?;
    let accounts = state.store.accounts().await?;
    Ok(accounts.iter().map(AccountOut::from).collect())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountIn {
    /// Letters, digits, '.', '-' and '_', 3 to 64 characters.
    pub username: String,
    pub display_name: String,
    /// At least 12 characters.
    pub password: String,
    /// region, municipality or partner; national and administrator accounts are made by
    /// the installation's operator (`landa user add`).
    pub role: RoleKind,
    /// SE or NO: the country of the jurisdiction.
    pub country: Option<Country>,
    /// Region code (region), municipality code (municipality) or partner name (partner).
    pub jurisdiction: Option<String>,
}

/// Create an account.
#[utoipa::path(post, path = "/accounts", tag = "accounts", request_body = AccountIn,
    operation_id = "createAccount",
    responses((status = 201, body = AccountOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 409, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    Json(body): Json<AccountIn>,
) -> ApiResult<Response> {
    let account = create_account(&state, &principal, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(account)).into_response())
}

/// Creates an account through the application core.
pub(crate) async fn create_account(
    state: &AppState,
    principal: &Principal,
    body: &AccountIn,
) -> ApiResult<AccountOut> {
    let role = Role::from_parts(
        body.role.as_str(),
        body.country.map(Country::as_str),
        body.jurisdiction.as_deref(),
    )
    .map_err(|e| ApiError::field("role", e.to_string()))?;
    let account = accounts::create_account(
        &state.store,
        principal,
        accounts::CreateAccount {
            username: body.username.clone(),
            display_name: body.display_name.clone(),
            password: body.password.clone(),
            role,
        },
    )
    .await?;
    Ok(AccountOut::from(&account))
}

/// Disable an account: its sessions end and its tokens stop working at once.
#[utoipa::path(post, path = "/accounts/{username}/disable", tag = "accounts",
    operation_id = "disableAccount",
    params(("username" = String, Path, description = "Account")),
    responses((status = 204), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn disable(
    State(state): State<AppState>,
    principal: Principal,
    Path(username): Path<String>,
) -> ApiResult<StatusCode> {
    set_disabled(&state, &principal, &username, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enable a disabled account again; it logs in afresh, as its sessions ended when it was disabled.
#[utoipa::path(post, path = "/accounts/{username}/enable", tag = "accounts",
    operation_id = "enableAccount",
    params(("username" = String, Path, description = "Account")),
    responses((status = 204), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn enable(
    State(state): State<AppState>,
    principal: Principal,
    Path(username): Path<String>,
) -> ApiResult<StatusCode> {
    set_disabled(&state, &principal, &username, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Disables or enables an account through the application core.
pub(crate) async fn set_disabled(
    state: &AppState,
    principal: &Principal,
    username: &str,
    disabled: bool,
) -> ApiResult<()> {
    Ok(accounts::set_account_disabled(&state.store, principal, username, disabled).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityIn {
    /// The identity as the organisation's identity provider names it in the claim the
    /// server maps (sso.claim: sub, email or preferred_username); null unlinks it.
    pub subject: Option<String>,
}

/// Link an account to the identity its holder logs in with at their organisation's
/// identity provider (single sign-on), replacing the one it had; `null` unlinks it.
#[utoipa::path(put, path = "/accounts/{username}/sso", tag = "accounts",
    operation_id = "linkSingleSignOn",
    params(("username" = String, Path, description = "Account")),
    request_body = IdentityIn,
    responses((status = 204), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn link_identity(
    State(state): State<AppState>,
    principal: Principal,
    Path(username): Path<String>,
    Json(body): Json<IdentityIn>,
) -> ApiResult<StatusCode> {
    accounts::link_single_sign_on(&state.store, &principal, &username, body.subject.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenIn {
    /// What the token is for, e.g. "nightly import".
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    /// Shown once: send as 'Authorization: Bearer <token>'. Only its hash is kept.
    pub token: String,
}

/// Issue an API token for your own account (machine clients): only the account's holder,
/// logged in as it, issues its tokens; nobody issues a token acting as someone else.
#[utoipa::path(post, path = "/accounts/{username}/tokens", tag = "accounts",
    operation_id = "issueApiToken",
    params(("username" = String, Path, description = "Account")),
    request_body = TokenIn,
    responses((status = 201, body = TokenOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn issue_token(
    State(state): State<AppState>,
    principal: Principal,
    Path(username): Path<String>,
    Json(body): Json<TokenIn>,
) -> ApiResult<Response> {
    let token = accounts::issue_api_token(&state.store, &principal, &username, &body.label).await?;
    Ok((StatusCode::CREATED, axum::Json(TokenOut { token })).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this account's entries.
    pub actor: Option<String>,
    /// Only entries whose record path contains this: a household's or person's id, for
    /// what was read or changed of one person.
    pub resource: Option<String>,
    /// From this day on (YYYY-MM-DD, UTC).
    #[param(value_type = Option<String>)]
    pub from: Option<NaiveDate>,
    /// Up to and including this day (YYYY-MM-DD, UTC).
    #[param(value_type = Option<String>)]
    pub to: Option<NaiveDate>,
    /// json [default] or csv (a download).
    #[param(inline)]
    pub format: Option<AuditFormat>,
    #[param(minimum = 1, maximum = 10000)]
    pub limit: Option<u32>,
    pub offset: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditOut {
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub resource: String,
    pub detail: String,
    pub remote: Option<String>,
    /// The request it was written for (X-Request-Id), as in the server's log lines.
    pub request_id: Option<String>,
}

/// The audit log, newest first; `format=csv` downloads it.
#[utoipa::path(get, path = "/audit", tag = "accounts", params(AuditQuery),
    operation_id = "listAuditEntries",
    responses((status = 200, body = Vec<AuditOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody)))]
pub async fn audit_log(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<AuditQuery>,
) -> ApiResult<Response> {
    require_administrator(&principal)?;
    let limit = query.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::field("limit", "limit must be 1 to 10000"));
    }
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if to < from {
            return Err(ApiError::field("to", "to must not be before from"));
        }
    }
    let csv = query.format == Some(AuditFormat::Csv);
    let filter = AuditFilter {
        actor: query.actor.as_deref(),
        resource: query.resource.as_deref(),
        from: query.from,
        to: query.to,
    };
    let rows = audit_rows(
        &state,
        &principal,
        &filter,
        limit,
        query.offset.unwrap_or(0),
    )
    .await?;
    if !csv {
        return Ok(axum::Json(rows).into_response());
    }
    let table = audit_table(rows);
    let mut body = Vec::new();
    table.write_csv(&mut body).map_err(ApiError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"landa-audit.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// Audit entries, newest first (administrators only).
pub(crate) async fn audit_rows(
    state: &AppState,
    principal: &Principal,
    filter: &AuditFilter<'_>,
    limit: u32,
    offset: u64,
) -> ApiResult<Vec<AuditOut>> {
    require_administrator(principal)?;
    // Reading the log is itself recorded, before anything is shown, with what was asked.
    let asked = [
        ("actor", filter.actor.map(ToOwned::to_owned)),
        ("resource", filter.resource.map(ToOwned::to_owned)),
        ("from", filter.from.map(|day| day.to_string())),
        ("to", filter.to.map(|day| day.to_string())),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| format!("{name}={value}")))
    .collect::<Vec<_>>()
    .join(" ");
    let asked = if asked.is_empty() {
        "all".to_owned()
    } else {
        asked
    };
    crate::audit::record(
        state,
        principal,
        crate::audit::Action::Read,
        "/api/v1/audit",
        format!("read the audit log ({asked}), {limit} from {offset}"),
    )
    .await?;
    let entries = state.store.audit_entries(filter, limit, offset).await?;
    Ok(entries
        .into_iter()
        .map(|e| AuditOut {
            at: e.at.to_rfc3339(),
            actor: e.actor,
            role: e.role,
            action: e.action,
            resource: e.resource,
            detail: e.detail,
            remote: e.remote,
            request_id: e.request_id,
        })
        .collect())
}

/// The audit entries as a table, for CSV and Excel.
pub(crate) fn audit_table(rows: Vec<AuditOut>) -> landa_export::Table {
    let mut table = landa_export::Table::new(
        "Audit log",
        [
            "at",
            "actor",
            "role",
            "action",
            "resource",
            "detail",
            "remote",
            "request_id",
        ]
        .into_iter()
        .map(|name| landa_export::Column::new(name, landa_export::ColumnKind::Text))
        .collect(),
    );
    for row in rows {
        table.push(vec![
            row.at.into(),
            row.actor.into(),
            row.role.into(),
            row.action.into(),
            row.resource.into(),
            row.detail.into(),
            row.remote.into(),
            row.request_id.into(),
        ]);
    }
    table
}
