//! What municipalities do with the households proposed to or placed in them.

use crate::access::personal_data_scope;
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use landa_model::Role;
use landa_store::{PlacementResponse, Store};

/// Longest comment kept with an answer.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// Records a municipality's answer (accepted, or questioned with why) to a household
/// proposed to or placed in it; only that municipality answers.
pub async fn answer_placement(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &str,
    accepted: bool,
    comment: &str,
) -> AppResult<PlacementResponse> {
    let meta = store.scenario_meta(scenario).await?;
    let (Role::Municipality(..), Some(own)) = (
        &principal.role,
        personal_data_scope(principal, meta.country)?,
    ) else {
        return Err(AppError::forbidden(
            "only the municipality a household is proposed to answers for it",
        ));
    };
    let comment = comment.trim().to_owned();
    if !accepted && comment.is_empty() {
        return Err(AppError::invalid(
            "comment",
            "say why the placement is questioned",
        ));
    }
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::invalid(
            "comment",
            format!("comment is longer than {MAX_COMMENT_CHARS} characters"),
        ));
    }
    let record = store
        .household_record(scenario, Some(&own), household)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no household {household} that you may see")))?;
    let response = PlacementResponse {
        household: record.household.id.clone(),
        municipality: own,
        accepted,
        comment,
        responded_by: principal.username.clone(),
        responded_at: chrono::Utc::now(),
    };
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/households/{household}/response"),
        if accepted { "accepted" } else { "questioned" },
    );
    store
        .respond_to_placement(scenario, &response, &entry)
        .await?;
    Ok(response)
}
