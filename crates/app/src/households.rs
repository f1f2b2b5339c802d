//! What municipalities do with the households proposed to or placed in them.

use crate::access::{personal_data_scope, personal_data_scope_in, require_national_in};
use crate::audit::{self, Action};
use crate::intake::lifecycle_of;
use crate::{AppError, AppResult, Principal};
use chrono::NaiveDate;
use landa_model::{
    DwellingId, HouseholdId, HouseholdState, Lifecycle, MunicipalityCode, Role, Step,
};
use landa_store::{HouseholdEvent, PlacementResponse, Store, Transition};

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
    let id: HouseholdId = household
        .parse()
        .map_err(|_| AppError::NotFound(format!("no household {household} that you may see")))?;
    let (lifecycle, version) = lifecycle_of(store, scenario, &id).await?;
    let proposed_here = matches!(
        &lifecycle.state,
        HouseholdState::Proposed(d) | HouseholdState::Accepted(d) if d.municipality == own
    );
    if !proposed_here {
        // Answers are to proposals: a household placed here earlier, or elsewhere, has none
        // to answer; one this municipality never saw is not found.
        return Err(match lifecycle.state.municipality() {
            Some(code) if *code == own => AppError::Conflict(format!(
                "household {id} is {}; only a proposal is answered",
                lifecycle.state.name()
            )),
            _ => AppError::NotFound(format!("no household {household} that you may see")),
        });
    }
    let step = if accepted {
        Step::Accept
    } else {
        Step::Question
    };
    let next = lifecycle
        .apply(&step)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let response = PlacementResponse {
        household: id.clone(),
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
    let transition = Transition {
        household: &id,
        version,
        step: step.name(),
        next: &next,
        note: &response.comment,
        recorded_by: &principal.username,
        lets: None,
    };
    store
        .respond_to_placement(scenario, &response, &transition, &entry)
        .await?;
    Ok(response)
}

/// Takes `step` for a household from `version`, as the command that called it decided
/// (who may was checked there); returns the new version. A step that does not follow
/// from the household's state is a conflict; a version that is not current, stale.
pub(crate) async fn take_step(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    version: i64,
    step: &Step,
    note: &str,
) -> AppResult<i64> {
    let (lifecycle, current) = lifecycle_of(store, scenario, household).await?;
    require_version(household, current, version)?;
    let next = lifecycle
        .apply(step)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    write_step(
        store,
        principal,
        scenario,
        household,
        version,
        step.name(),
        &next,
        note,
        None,
    )
    .await
}

/// A change is made from the version the user read; any other is stale.
fn require_version(household: &HouseholdId, current: i64, version: i64) -> AppResult<()> {
    if current == version {
        return Ok(());
    }
    Err(AppError::Stale(format!(
        "household {household} is at version {current}, not {version}: it changed meanwhile; read it again"
    )))
}

#[allow(clippy::too_many_arguments)]
async fn write_step(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    version: i64,
    step: &str,
    next: &Lifecycle,
    note: &str,
    lets: Option<(&DwellingId, NaiveDate)>,
) -> AppResult<i64> {
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/scenarios/{scenario}/households/{household}"),
        if note.is_empty() {
            step.to_owned()
        } else {
            format!("{step}: {note}")
        },
    );
    let transition = Transition {
        household,
        version,
        step,
        next,
        note,
        recorded_by: &principal.username,
        lets,
    };
    Ok(store.step_household(scenario, &transition, &entry).await?)
}

/// The municipality a household is approved for or living in (or national of its
/// country) records a move; anyone else is refused.
async fn require_household_municipality(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    lifecycle: &Lifecycle,
    household: &HouseholdId,
) -> AppResult<()> {
    let country = store.scenario_meta(scenario).await?.country;
    let own = personal_data_scope(principal, country)?;
    match (&principal.role, own) {
        (Role::National(_), _) => Ok(()),
        (Role::Municipality(..), Some(own)) if lifecycle.state.municipality() == Some(&own) => {
            Ok(())
        }
        _ => Err(AppError::NotFound(format!(
            "no household {household} that you may see"
        ))),
    }
}

/// Records that an approved household moved in on `on` (not in the future), into
/// `dwelling` (the one reserved for it when not given), which becomes let.
pub async fn move_in(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    version: i64,
    on: NaiveDate,
    dwelling: Option<DwellingId>,
) -> AppResult<i64> {
    let (lifecycle, current) = lifecycle_of(store, scenario, household).await?;
    require_household_municipality(store, principal, scenario, &lifecycle, household).await?;
    require_version(household, current, version)?;
    if on > chrono::Utc::now().date_naive() {
        return Err(AppError::invalid(
            "on",
            "a move-in is recorded when it has happened; the date is in the future",
        ));
    }
    let step = Step::MoveIn {
        on,
        dwelling: dwelling.clone(),
    };
    let next = lifecycle
        .apply(&step)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let Some(municipality) = next.state.municipality().cloned() else {
        return Err(AppError::Conflict(format!(
            "household {household} has no municipality"
        )));
    };
    let home = next.state.holds_dwelling().cloned();
    if let Some(id) = &home {
        let fits = match store.dwelling(scenario, id.as_str()).await {
            Ok(record) => record.dwelling.municipality == municipality,
            Err(landa_store::StoreError::NotFound(_)) => false,
            Err(other) => return Err(other.into()),
        };
        if !fits {
            return Err(AppError::invalid(
                "dwelling",
                format!("no dwelling {id} in municipality {municipality}"),
            ));
        }
    }
    write_step(
        store,
        principal,
        scenario,
        household,
        version,
        step.name(),
        &next,
        "",
        home.as_ref().map(|id| (id, on)),
    )
    .await
}

/// Records that a household moved on from the municipality it was settled in (secondary
/// migration) on `on`, saying where to in `note`.
pub async fn move_elsewhere(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    version: i64,
    on: NaiveDate,
    note: &str,
) -> AppResult<i64> {
    let (lifecycle, _) = lifecycle_of(store, scenario, household).await?;
    require_household_municipality(store, principal, scenario, &lifecycle, household).await?;
    if on > chrono::Utc::now().date_naive() {
        return Err(AppError::invalid(
            "on",
            "the date of the move is in the future",
        ));
    }
    take_step(
        store,
        principal,
        scenario,
        household,
        version,
        &Step::MoveElsewhere { on },
        note.trim(),
    )
    .await
}

/// National lifts a municipality's question of a household, so later runs may propose
/// the household there again.
pub async fn lift_exclusion(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    version: i64,
    municipality: &MunicipalityCode,
) -> AppResult<i64> {
    require_national_in(store, principal, scenario).await?;
    let (lifecycle, current) = lifecycle_of(store, scenario, household).await?;
    require_version(household, current, version)?;
    let next = lifecycle
        .lift_exclusion(municipality)
        .map_err(|e| AppError::invalid("municipality", e.to_string()))?;
    write_step(
        store,
        principal,
        scenario,
        household,
        version,
        "exclusion_lifted",
        &next,
        municipality.as_str(),
        None,
    )
    .await
}

/// A household's history, oldest first, for national or a municipality it was proposed
/// to or placed in; the read is audited.
pub async fn household_history(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<Vec<HouseholdEvent>> {
    let own = personal_data_scope_in(store, principal, scenario).await?;
    let events = store.household_events(scenario, household).await?;
    let visible = own
        .as_ref()
        .is_none_or(|code| events.iter().any(|e| e.municipality.as_ref() == Some(code)));
    if events.is_empty() || !visible {
        return Err(AppError::NotFound(format!(
            "no household {household} that you may see"
        )));
    }
    let entry = audit::entry(
        principal,
        Action::Read,
        &format!("/api/v1/scenarios/{scenario}/households/{household}/history"),
        "",
    );
    audit::record(store, &entry).await?;
    Ok(events)
}
