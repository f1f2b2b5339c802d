//! Writing the audit log from handlers. A request that must be audited fails when its
//! entry cannot be written: personal data is never shown unrecorded.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::AppState;
use landa_store::AuditEntry;

/// What was done, as written in the log's `action` column.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Read,
    Create,
    Update,
    Approve,
    Login,
    LoginFailed,
    Logout,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Approve => "approve",
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
        }
    }
}

/// Appends one entry for `principal`.
pub async fn record(
    state: &AppState,
    principal: &Principal,
    action: Action,
    resource: &str,
    detail: impl Into<String>,
) -> ApiResult<()> {
    record_as(
        state,
        &principal.username,
        &principal.role.to_string(),
        principal.remote.clone(),
        action,
        resource,
        detail,
    )
    .await
}

/// Appends one entry for an actor that is not (yet) a principal, e.g. a failed login.
pub async fn record_as(
    state: &AppState,
    actor: &str,
    role: &str,
    remote: Option<String>,
    action: Action,
    resource: &str,
    detail: impl Into<String>,
) -> ApiResult<()> {
    state
        .store
        .append_audit(&entry_as(actor, role, remote, action, resource, detail))
        .await?;
    Ok(())
}

/// The entry for `principal`, for a store change to write in its own transaction.
pub fn entry(
    principal: &Principal,
    action: Action,
    resource: &str,
    detail: impl Into<String>,
) -> AuditEntry {
    entry_as(
        &principal.username,
        &principal.role.to_string(),
        principal.remote.clone(),
        action,
        resource,
        detail,
    )
}

/// The entry for an actor that is not a principal, e.g. the placement worker.
pub fn entry_as(
    actor: &str,
    role: &str,
    remote: Option<String>,
    action: Action,
    resource: &str,
    detail: impl Into<String>,
) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now(),
        actor: actor.to_owned(),
        role: role.to_owned(),
        action: action.as_str().to_owned(),
        resource: resource.to_owned(),
        detail: detail.into(),
        remote,
    }
}
