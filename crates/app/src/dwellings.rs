//! Dwellings offered for placement: offered and edited (or marked let) by the
//! municipality itself, the housing company that offers it in a municipality it serves,
//! or national of its country, each change audited with it; seen by those and the region.

use crate::access::{require_country, Scope};
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use chrono::NaiveDate;
use landa_model::{Dwelling, HousingCompany, Municipality, MunicipalityCode, Role};
use landa_store::{DwellingHolder, DwellingRecord, Store};

/// Most beds one dwelling can have; more is taken for a typing error.
pub const MAX_BEDS: u32 = 100;
/// Highest monthly rent taken; more is taken for a typing error (a yearly rent, say).
pub const MAX_RENT: u32 = 100_000;

/// The housing company a caller acts for, if it does: what it offers carries its name.
fn company(principal: &Principal) -> Option<&HousingCompany> {
    match &principal.role {
        Role::Housing(_, company) => Some(company),
        _ => None,
    }
}

/// Whether the caller may change a dwelling in `municipality` offered by `offered_by`
/// (a housing company's name; `None`: the municipality itself).
fn may_change(
    principal: &Principal,
    municipality: &MunicipalityCode,
    offered_by: Option<&str>,
) -> AppResult<()> {
    match &principal.role {
        Role::National(_) => Ok(()),
        Role::Municipality(_, own) if own == municipality => Ok(()),
        Role::Housing(_, company)
            if company.serves().contains(municipality) && offered_by == Some(company.name()) =>
        {
            Ok(())
        }
        Role::Housing(_, company) if !company.serves().contains(municipality) => {
            Err(AppError::forbidden(format!(
                "{} does not serve municipality {municipality}; it serves {}",
                company.name(),
                served(company)
            )))
        }
        _ => Err(AppError::forbidden(format!(
            "only municipality {municipality} itself, the housing company that offers the \
             dwelling or the national agency changes it"
        ))),
    }
}

fn served(company: &HousingCompany) -> String {
    company
        .serves()
        .iter()
        .map(MunicipalityCode::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whose dwellings a caller sees: those in its planning scope, or a housing company's own.
enum Seen {
    Planning(Scope),
    Company(HousingCompany),
}

impl Seen {
    fn of(principal: &Principal, country: landa_model::Country) -> AppResult<Seen> {
        match company(principal) {
            Some(company) => {
                require_country(principal, country)?;
                Ok(Seen::Company(company.clone()))
            }
            None => Ok(Seen::Planning(Scope::of(principal, country)?)),
        }
    }

    fn covers(&self, dwelling: &Dwelling, municipalities: &[Municipality]) -> bool {
        match self {
            Seen::Planning(scope) => scope.check(&dwelling.municipality, municipalities).is_ok(),
            Seen::Company(company) => {
                company.serves().contains(&dwelling.municipality)
                    && dwelling.offered_by.as_deref() == Some(company.name())
            }
        }
    }

    /// Refuses a municipality the caller sees no dwellings of, asked for by name.
    fn check(&self, code: &MunicipalityCode, municipalities: &[Municipality]) -> AppResult<()> {
        match self {
            Seen::Planning(scope) => scope.check(code, municipalities),
            Seen::Company(company) if company.serves().contains(code) => Ok(()),
            Seen::Company(company) => Err(AppError::forbidden(format!(
                "{} does not serve municipality {code}; it serves {}",
                company.name(),
                served(company)
            ))),
        }
    }
}

/// A dwelling as its viewers see it: the record and the household holding it, if any
/// (reserved by approval or let by moving in).
#[derive(Debug, Clone)]
pub struct SeenDwelling {
    pub record: DwellingRecord,
    pub holder: Option<DwellingHolder>,
}

/// The dwellings the caller may see (of `only` when given): national all of its
/// country, a region its municipalities', a municipality its own, a housing company
/// those it offers; each with the household holding it.
pub async fn visible_dwellings(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    only: Option<&MunicipalityCode>,
) -> AppResult<Vec<SeenDwelling>> {
    let view = store.planning_view(scenario, None).await?;
    let seen = Seen::of(principal, view.meta.country)?;
    if let Some(code) = only {
        if !view.municipalities.iter().any(|m| &m.code == code) {
            return Err(AppError::invalid(
                "municipality",
                landa_model::not_in_year(view.meta.country, code),
            ));
        }
        seen.check(code, &view.municipalities)?;
    }
    let mut holders = store.dwelling_holders(scenario).await?;
    Ok(store
        .dwellings(scenario, only)
        .await?
        .into_iter()
        .filter(|r| seen.covers(&r.dwelling, &view.municipalities))
        .map(|record| SeenDwelling {
            holder: holders.remove(&record.dwelling.id),
            record,
        })
        .collect())
}

/// One dwelling, if the caller may see it (as in [`visible_dwellings`]).
pub async fn visible_dwelling(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    id: &str,
) -> AppResult<DwellingRecord> {
    Ok(seen_dwelling(store, principal, scenario, id).await?.1)
}

/// The scenario's year and one dwelling, if the caller may see it.
async fn seen_dwelling(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    id: &str,
) -> AppResult<(i32, DwellingRecord)> {
    let view = store.planning_view(scenario, None).await?;
    let seen = Seen::of(principal, view.meta.country)?;
    let record = store.dwelling(scenario, id).await?;
    if seen.covers(&record.dwelling, &view.municipalities) {
        Ok((view.meta.year, record))
    } else {
        Err(AppError::forbidden(format!(
            "dwelling {id} is outside what you see"
        )))
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

/// The dwelling's terms set on it: its rent, the day its contract passes over, and its
/// street address.
pub fn with_terms(
    mut dwelling: Dwelling,
    rent: Option<u32>,
    passes_over_on: Option<NaiveDate>,
    address: Option<&str>,
) -> AppResult<Dwelling> {
    check_rent(rent)?;
    dwelling.rent = rent;
    dwelling
        .set_passes_over_on(passes_over_on)
        .map_err(|e| AppError::invalid("passes_over_on", e.to_string()))?;
    dwelling
        .set_address(address)
        .map_err(|e| AppError::invalid("address", e.to_string()))?;
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
/// scenario's year. What a housing company offers carries its name ([`offered_by`]).
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
            landa_model::not_in_year(view.meta.country, municipality),
        ));
    }
    may_change(principal, municipality, offered_by(principal).as_deref())?;
    check_beds(beds)?;
    Ok(view.meta.year)
}

/// Who an offer the caller makes is offered by: its housing company, else the
/// municipality (`None`).
pub(crate) fn offered_by(principal: &Principal) -> Option<String> {
    company(principal).map(|c| c.name().to_owned())
}

/// Offers a dwelling (already let on `let_on`, where given). Nothing is stored when any
/// value is refused.
pub async fn offer_dwelling(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    mut dwelling: Dwelling,
    let_on: Option<NaiveDate>,
) -> AppResult<DwellingRecord> {
    dwelling.offered_by = offered_by(principal);
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
            "offered {} beds in {}{}{}",
            dwelling.beds(),
            dwelling.municipality,
            dwelling
                .offered_by
                .as_ref()
                .map(|name| format!(" by {name}"))
                .unwrap_or_default(),
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
    pub address: Option<String>,
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
    let (year, current) = seen_dwelling(store, principal, scenario, id).await?;
    may_change(
        principal,
        &current.dwelling.municipality,
        current.dwelling.offered_by.as_deref(),
    )?;
    check_beds(change.beds)?;
    check_available(year, change.available_from, "available_from")?;
    let mut dwelling = with_terms(
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
        change.address.as_deref(),
    )?;
    dwelling.offered_by = current.dwelling.offered_by;
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
