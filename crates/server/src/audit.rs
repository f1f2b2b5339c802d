//! Writing the audit log from handlers, for what changes nothing (a read of personal
//! data). A change's entry is written by the application core with the change itself.
//! A request that must be audited fails when its entry cannot be written: personal data
//! is never shown unrecorded.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::AppState;
pub use landa_app::audit::{entry, entry_as, Action};

/// Appends one entry for `principal`.
pub async fn record(
    state: &AppState,
    principal: &Principal,
    action: Action,
    resource: &str,
    detail: impl AsRef<str>,
) -> ApiResult<()> {
    landa_app::audit::record(&state.store, &entry(principal, action, resource, detail)).await?;
    Ok(())
}
