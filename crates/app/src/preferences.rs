//! Preferences in placement: a household's ranking of municipalities, kept by national
//! (it is the household's personal data, read and changed with an audit entry each), and
//! the groups a municipality is prepared for first, set by the municipality itself (or
//! national, recording what it sent).

use crate::access::{personal_data_scope_in, require_country, require_national_in};
use crate::audit::{self, Action};
use crate::planning::itself_or_national;
use crate::{AppError, AppResult, Principal};
use landa_model::{HouseholdId, MunicipalityCode, MunicipalityPriority, Preference, PriorityGroup};
use landa_store::{Store, StoreError};
use std::collections::HashSet;

/// Most municipalities a household ranks and groups a municipality names: more is a
/// typing error, not a preference.
pub const MAX_RANKED: usize = 50;

fn ranking_path(scenario: &str, household: &HouseholdId) -> String {
    format!("/api/v1/scenarios/{scenario}/households/{household}/preferences")
}

fn priorities_path(scenario: &str, code: &MunicipalityCode) -> String {
    format!("/api/v1/scenarios/{scenario}/municipalities/{code}/priorities")
}

/// The household's ranking, most wanted first; national only, audited as a read of
/// personal data.
pub async fn household_ranking(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<Vec<Preference>> {
    personal_data_scope_in(store, principal, scenario).await?;
    require_national_in(store, principal, scenario).await?;
    let ranking = store.household_ranking(scenario, household).await?;
    let entry = audit::entry(
        principal,
        Action::Read,
        &ranking_path(scenario, household),
        "",
    );
    audit::record(store, &entry).await?;
    Ok(ranking)
}

/// Replaces the household's ranking by `codes`, most wanted first (empty: it ranks none);
/// national only. Each code is checked at its field (`ranking[i]`): a code, in the
/// scenario, named once. Answers the ranking as saved.
pub async fn set_household_ranking(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    codes: &[String],
) -> AppResult<Vec<Preference>> {
    require_national_in(store, principal, scenario).await?;
    let before = store.household_ranking(scenario, household).await?;
    let ranked = parsed_list(codes, "ranking", |text| text.parse::<MunicipalityCode>())?;
    let ranking = ranked
        .into_iter()
        .zip(1..)
        .map(|(code, rank)| Preference::new(household.clone(), code, rank))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| AppError::invalid("ranking", error.to_string()))?;
    let codes_of = |ranking: &[Preference]| {
        ranking
            .iter()
            .map(|p| p.municipality.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let entry = audit::entry(
        principal,
        Action::Update,
        &ranking_path(scenario, household),
        format!(
            "ranking [{}], was [{}]",
            codes_of(&ranking),
            codes_of(&before)
        ),
    );
    store
        .set_household_ranking(scenario, household, &ranking, &entry)
        .await
        .map_err(|error| at_listed(error, codes, "ranking"))?;
    Ok(ranking)
}

/// The municipality's priority groups, first prepared for first: whoever may see the
/// municipality (national of its country, its region, the municipality itself).
pub async fn municipality_priorities(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    code: &MunicipalityCode,
) -> AppResult<Vec<MunicipalityPriority>> {
    crate::planning::municipality_year(store, principal, scenario, code).await?;
    Ok(store.municipality_priorities(scenario, code).await?)
}

/// Replaces the municipality's priority groups by `groups`, first prepared for first
/// (empty: none); the municipality itself or national of its country. Each group is
/// checked at its field (`priorities[i]`). Answers the groups as saved.
pub async fn set_municipality_priorities(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    code: &MunicipalityCode,
    groups: &[String],
) -> AppResult<Vec<MunicipalityPriority>> {
    require_country(principal, store.scenario_meta(scenario).await?.country)?;
    if !itself_or_national(principal, code) {
        return Err(AppError::forbidden(format!(
            "only municipality {code} itself or the national agency sets the groups it is prepared for first"
        )));
    }
    let before = store.municipality_priorities(scenario, code).await?;
    let parsed = parsed_list(groups, "priorities", |text| text.parse::<PriorityGroup>())?;
    let priorities = parsed
        .into_iter()
        .zip(1..)
        .map(|(group, rank)| MunicipalityPriority::new(code.clone(), group, rank))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| AppError::invalid("priorities", error.to_string()))?;
    let names = |groups: &[MunicipalityPriority]| {
        groups
            .iter()
            .map(|p| p.group.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let entry = audit::entry(
        principal,
        Action::Update,
        &priorities_path(scenario, code),
        format!(
            "priorities [{}], was [{}]",
            names(&priorities),
            names(&before)
        ),
    );
    store
        .set_municipality_priorities(scenario, code, &priorities, &entry)
        .await?;
    Ok(priorities)
}

/// Each entry of a list read by `parse`, refused at its field (`field[i]`) when it does not
/// read, is named twice, or the list is longer than [`MAX_RANKED`].
fn parsed_list<T, E: std::fmt::Display>(
    entries: &[String],
    field: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> AppResult<Vec<T>> {
    if entries.len() > MAX_RANKED {
        return Err(AppError::invalid(
            field,
            format!("{} entries is more than {MAX_RANKED}", entries.len()),
        ));
    }
    let mut seen = HashSet::new();
    entries
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let text = text.trim();
            let at = format!("{field}[{i}]");
            if !seen.insert(text.to_owned()) {
                return Err(AppError::invalid(&at, format!("{text} is named twice")));
            }
            parse(text).map_err(|error| AppError::invalid(&at, format!("'{text}': {error}")))
        })
        .collect()
}

/// A municipality of the list that is not in the scenario, refused at its field.
fn at_listed(error: StoreError, codes: &[String], field: &str) -> AppError {
    match error {
        StoreError::UnknownMunicipality { municipality, .. } => {
            let index = codes
                .iter()
                .position(|c| c.trim() == municipality)
                .unwrap_or_default();
            AppError::invalid(
                &format!("{field}[{index}]"),
                format!("municipality {municipality} is not in this scenario"),
            )
        }
        other => other.into(),
    }
}
