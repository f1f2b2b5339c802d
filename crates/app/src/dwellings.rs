//! Dwellings offered for placement: offered and edited (or marked let) by the
//! municipality itself or national of its country, each change audited with it.

use crate::access::{require_country, Scope};
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use chrono::NaiveDate;
use landa_model::{Dwelling, MunicipalityCode, Role};
use landa_store::{DwellingRecord, Store};

/// Most beds one dwelling can have; more is taken for a typing error.
pub const MAX_BEDS: u32 = 100;
/// Highest monthly rent taken; more is taken for a typing error (a yearly rent, say).
pub const MAX_RENT: u32 = 100_000;

fn may_change(principal: &Principal, municipality: &MunicipalityCode) -> AppResult<()> {
    match &principal.role {
        Role::National(_) => Ok(()),
        Role::Municipality(_, own) if own == municipality => Ok(()),
        _ => Err(AppError::forbidden(format!(
            "only municipality {municipality} itself or the national agency changes its dwellings"
        ))),
    }
}

fn check_rent(rent: Option<u32>) -> AppResult<()> {
    match rent {
        Some(rent) if rent > MAX_RENT => Err(AppError::invalid(
            "rent",
            format!("rent is monthly, at most {MAX_RENT}; got {rent}"),
        )),
        _ => Ok(()),
    }
}

/// The dwelling's terms set on it: its rent and the day its contract passes over.
pub fn with_terms(
    mut dwelling: Dwelling,
    rent: Option<u32>,
    passes_over_on: Option<NaiveDate>,
) -> AppResult<Dwelling> {
    check_rent(rent)?;
    dwelling.rent = rent;
    dwelling
        .set_passes_over_on(passes_over_on)
        .map_err(|e| AppError::invalid("passes_over_on", e.to_string()))?;
    Ok(dwelling)
}

fn check_beds(beds: u32) -> AppResult<()> {
    if beds == 0 || beds > MAX_BEDS {
        return Err(AppError::invalid(
            "beds",
            format!("beds must be between 1 and {MAX_BEDS}"),
        ));
    }
    Ok(())
}

/// Years around the scenario's a dwelling may become available in; a day outside them is
/// taken for a typing error (1900 for 2026).
pub const AVAILABLE_YEARS_AROUND: i32 = 5;

/// Refuses a day a dwelling becomes available that is not within
/// [`AVAILABLE_YEARS_AROUND`] years of the scenario's `year`.
pub(crate) fn check_available(year: i32, day: NaiveDate, field: &str) -> AppResult<()> {
    let years = (year - AVAILABLE_YEARS_AROUND)..=(year + AVAILABLE_YEARS_AROUND);
    if years.contains(&chrono::Datelike::year(&day)) {
        return Ok(());
    }
    Err(AppError::invalid(
        field,
        format!(
            "{field} must be within {AVAILABLE_YEARS_AROUND} years of the planning year {year}, got {day}"
        ),
    ))
}

/// Whether the caller may offer dwellings of `beds` beds in `municipality`; the
/// scenario's year.
pub(crate) async fn check_offer(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    municipality: &MunicipalityCode,
    beds: u32,
) -> AppResult<i32> {
    let view = store.planning_view(scenario, None).await?;
    require_country(principal, view.meta.country)?;
    if !view.municipalities.iter().any(|m| &m.code == municipality) {
        return Err(AppError::invalid(
            "municipality",
            format!("no municipality {municipality} in this scenario"),
        ));
    }
    may_change(principal, municipality)?;
    check_beds(beds)?;
    Ok(view.meta.year)
}

/// Offers a dwelling (already let on `let_on`, where given). Nothing is stored when any
/// value is refused.
pub async fn offer_dwelling(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    dwelling: Dwelling,
    let_on: Option<NaiveDate>,
) -> AppResult<DwellingRecord> {
    let year = check_offer(
        store,
        principal,
        scenario,
        &dwelling.municipality,
        dwelling.beds(),
    )
    .await?;
    check_available(year, dwelling.available_from, "available_from")?;
    check_rent(dwelling.rent)?;
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/dwellings/{}", dwelling.id),
        format!(
            "offered {} beds in {}{}",
            dwelling.beds(),
            dwelling.municipality,
            if let_on.is_some() { ", let" } else { "" }
        ),
    );
    Ok(store
        .add_dwelling(scenario, &dwelling, let_on, &entry)
        .await?)
}

/// What an edit of a dwelling sets: everything but its id and municipality.
#[derive(Debug, Clone)]
pub struct DwellingChange {
    pub beds: u32,
    pub available_from: NaiveDate,
    pub accessible: bool,
    pub contract: landa_model::Contract,
    pub let_on: Option<NaiveDate>,
    pub rent: Option<u32>,
    pub passes_over_on: Option<NaiveDate>,
}

/// Edits a dwelling (or marks it let) if it is still at version `expected`.
pub async fn edit_dwelling(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    id: &str,
    change: DwellingChange,
    expected: u32,
) -> AppResult<DwellingRecord> {
    let view = store.planning_view(scenario, None).await?;
    let scope = Scope::of(principal, view.meta.country).map_err(|_| {
        AppError::forbidden("only the national agency and municipalities change dwellings")
    })?;
    let current = store.dwelling(scenario, id).await?;
    scope.check(&current.dwelling.municipality, &view.municipalities)?;
    may_change(principal, &current.dwelling.municipality)?;
    check_beds(change.beds)?;
    check_available(view.meta.year, change.available_from, "available_from")?;
    let dwelling = with_terms(
        Dwelling::new(
            current.dwelling.id,
            current.dwelling.municipality,
            change.beds,
            change.available_from,
            change.accessible,
            change.contract,
        )
        .map_err(|e| AppError::invalid("beds", e.to_string()))?,
        change.rent,
        change.passes_over_on,
    )?;
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/scenarios/{scenario}/dwellings/{id}"),
        format!(
            "version {}{}",
            expected + 1,
            if change.let_on.is_some() { ", let" } else { "" }
        ),
    );
    Ok(store
        .update_dwelling(scenario, &dwelling, change.let_on, expected, &entry)
        .await?)
}
