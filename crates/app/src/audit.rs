//! Audit entries as the commands and queries write them. A change hands its entry to the
//! store function that writes the change, in the same transaction; a read of personal
//! data, a login or a refusal is appended on its own before anything is shown.

use crate::{Origin, Principal};
use landa_store::{AuditEntry, Store};

/// Longest text kept per audit column: a caller cannot fill the log with megabytes by
/// sending a long username or comment.
pub const MAX_AUDIT_TEXT: usize = 300;

/// What was done, as written in the log's `action` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    Update,
    Approve,
    Delete,
    Login,
    LoginFailed,
    Logout,
    /// A request refused by the access rules: who tried to reach what.
    Refused,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Approve => "approve",
            Action::Delete => "delete",
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
            Action::Refused => "refused",
        }
    }
}

/// `text` cut to `MAX_AUDIT_TEXT` characters, marked where it was cut.
pub fn bounded(text: &str) -> String {
    if text.chars().count() <= MAX_AUDIT_TEXT {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(MAX_AUDIT_TEXT).collect();
        cut.push('…');
        cut
    }
}

/// The entry for `principal` doing `action` on `resource`.
pub fn entry(
    principal: &Principal,
    action: Action,
    resource: &str,
    detail: impl AsRef<str>,
) -> AuditEntry {
    entry_as(
        &principal.username,
        &principal.role_text(),
        &principal.origin,
        action,
        resource,
        detail,
    )
}

/// The entry for an actor that is not (yet) a principal, e.g. a failed login.
pub fn entry_as(
    actor: &str,
    role: &str,
    origin: &Origin,
    action: Action,
    resource: &str,
    detail: impl AsRef<str>,
) -> AuditEntry {
    AuditEntry {
        at: chrono::Utc::now(),
        actor: bounded(actor),
        role: bounded(role),
        action: action.as_str().to_owned(),
        resource: bounded(resource),
        detail: bounded(detail.as_ref()),
        remote: origin.remote.as_deref().map(bounded),
        request_id: origin.request_id.as_deref().map(bounded),
    }
}

/// Appends an entry that goes with no change. A query whose entry cannot be written
/// fails: personal data is never shown unrecorded.
pub async fn record(store: &Store, entry: &AuditEntry) -> crate::AppResult<()> {
    store.append_audit(entry).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_so_the_log_cannot_be_flooded() {
        let long = "x".repeat(5_000_000);
        let entry = entry_as(
            &long,
            "public",
            &Origin {
                remote: Some(long.clone()),
                request_id: Some(long.clone()),
            },
            Action::LoginFailed,
            &long,
            &long,
        );
        let remote = entry.remote.clone().unwrap_or_default();
        let request_id = entry.request_id.clone().unwrap_or_default();
        for text in [
            &entry.actor,
            &entry.resource,
            &entry.detail,
            &remote,
            &request_id,
        ] {
            assert_eq!(text.chars().count(), MAX_AUDIT_TEXT + 1);
        }
        assert_eq!(bounded("anna"), "anna");
    }
}
