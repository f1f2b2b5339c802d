//! Planning years stored whole: a scenario bundle imported, all or nothing, with its
//! audit entry in the same transaction.

use crate::access::require_national;
use crate::audit::{self, Action};
use crate::{AppResult, Principal};
use landa_model::Scenario;
use landa_store::{ImportMode, ImportSummary, Store};

/// Imports `scenario` (national of its country, in practice the local operator).
/// `ImportMode::Replace` refuses a stored scenario with a history of its own; only
/// `ReplaceDiscardingHistory` discards it, and the audit entry says so.
pub async fn import_scenario(
    store: &Store,
    principal: &Principal,
    scenario: &Scenario,
    mode: ImportMode,
) -> AppResult<ImportSummary> {
    require_national(principal, scenario.meta.country)?;
    let counts = landa_store::ScenarioCounts::of(scenario);
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{}", scenario.meta.name),
        format!(
            "imported{}: {} municipalities, {} households, {} persons, {} dwellings, {} decisions",
            match mode {
                ImportMode::New => "",
                ImportMode::Replace => ", replacing the stored one",
                ImportMode::ReplaceDiscardingHistory =>
                    ", replacing the stored one and discarding its history",
            },
            counts.municipalities,
            counts.households,
            counts.persons,
            counts.dwellings,
            counts.decisions
        ),
    );
    Ok(store.import_scenario(scenario, mode, &entry).await?)
}
