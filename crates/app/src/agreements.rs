//! Agreements (överenskommelse, samarbeidsavtale): each save is a new version, kept by
//! national of the agreement's country and the region it belongs to.

use crate::access::{agreement_visible, may_edit_agreement};
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use landa_followup::Agreement;
use landa_store::{Store, StoreError};

/// Longest note saved with a version.
pub const MAX_NOTE_CHARS: usize = 500;

/// The current version of agreement `id`, if the caller may see it. One answer for an
/// agreement that does not exist and one the caller may not see, so a refusal does not
/// tell that it exists.
pub async fn visible_agreement(
    store: &Store,
    principal: &Principal,
    id: &str,
) -> AppResult<(Agreement, u32)> {
    let not_found = || AppError::NotFound(format!("no agreement {id} that you may see"));
    let (agreement, version) = store.agreement(id, None).await.map_err(|e| match e {
        StoreError::NotFound(_) => not_found(),
        other => other.into(),
    })?;
    if agreement_visible(principal, &agreement)? {
        Ok((agreement, version))
    } else {
        Err(not_found())
    }
}

/// Saves `agreement` as its next version if the caller may change it as it was and as
/// it will be, it passes every check, and `expected` (0: a new agreement) is current.
pub async fn save_agreement(
    store: &Store,
    principal: &Principal,
    agreement: &Agreement,
    note: &str,
    expected: u32,
) -> AppResult<u32> {
    may_edit_agreement(principal, agreement)?;
    match visible_agreement(store, principal, &agreement.id).await {
        Ok((current, _)) => may_edit_agreement(principal, &current)?,
        // A change to an agreement the caller may not see is refused as one to an id that
        // does not exist, so the refusal does not tell that it exists.
        Err(not_found @ AppError::NotFound(_)) if expected != 0 => return Err(not_found),
        // A new id is free to take; one the caller may not see is refused as if it were
        // an old version, without saying whose it is.
        Err(AppError::NotFound(_)) => {
            if store.agreement(&agreement.id, None).await.is_ok() {
                return Err(AppError::Stale(format!(
                    "agreement {} cannot be saved as version {}: read it again",
                    agreement.id,
                    expected + 1
                )));
            }
        }
        Err(other) => return Err(other),
    }
    if let Some((field, message)) = landa_followup::check(agreement).into_iter().next() {
        return Err(AppError::invalid(&format!("agreement.{field}"), message));
    }
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::invalid(
            "note",
            format!(
                "say why this version, in at most {MAX_NOTE_CHARS} characters (e.g. \"2024 values added\")"
            ),
        ));
    }
    let entry = audit::entry(
        principal,
        if expected == 0 {
            Action::Create
        } else {
            Action::Update
        },
        &format!("/api/v1/agreements/{}", agreement.id),
        // Saved only as the version after `expected`, so that is the one recorded.
        format!("version {}: {note}", expected + 1),
    );
    Ok(store
        .save_agreement(agreement, &principal.username, note, Some(expected), &entry)
        .await?)
}
