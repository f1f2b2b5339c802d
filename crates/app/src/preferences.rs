//! Preferences in placement: a household's ranking of municipalities (or the criteria it
//! weighs instead), kept by national
//! (it is the household's personal data, read and changed with an audit entry each), and
//! the groups a municipality is prepared for first, set by the municipality itself (or
//! national, recording what it sent).

use crate::access::{personal_data_scope_in, require_country, require_national_in};
use crate::audit::{self, Action};
use crate::planning::itself_or_national;
use crate::{AppError, AppResult, Principal};
use landa_model::{
    Criterion, CriterionWeight, HouseholdId, MunicipalityCode, MunicipalityPriority, Preference,
    PriorityGroup,
};
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

/// What a household wants: its own ranking, the criteria it weighs, and (when it ranks
/// none itself) the ranking its criteria make, which runs honour.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdPreferences {
    pub ranking: Vec<Preference>,
    pub criteria: Vec<CriterionWeight>,
    pub from_criteria: Vec<Preference>,
}

impl HouseholdPreferences {
    async fn read(store: &Store, scenario: &str, household: &HouseholdId) -> AppResult<Self> {
        let (ranking, criteria) = store.household_preferences(scenario, household).await?;
        // The criteria are valued on the whole year (sizes, regions, where each language's
        // households are), so it is read only when they make the ranking.
        let from_criteria = if ranking.is_empty() && !criteria.is_empty() {
            store
                .load_scenario(scenario)
                .await?
                .ranking_from(household, &criteria)
        } else {
            Vec::new()
        };
        Ok(HouseholdPreferences {
            ranking,
            criteria,
            from_criteria,
        })
    }

    /// "ranking [0301, 4601], criteria [tie 2, language 1]", for the audit log.
    fn describe(&self) -> String {
        format!(
            "ranking [{}], criteria [{}]",
            self.ranking
                .iter()
                .map(|p| p.municipality.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            self.criteria
                .iter()
                .map(|c| format!("{} {}", c.criterion, c.weight()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The household's ranking and criteria; national only, audited as a read of personal data.
pub async fn household_preferences(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<HouseholdPreferences> {
    personal_data_scope_in(store, principal, scenario).await?;
    require_national_in(store, principal, scenario).await?;
    let preferences = HouseholdPreferences::read(store, scenario, household).await?;
    let entry = audit::entry(
        principal,
        Action::Read,
        &ranking_path(scenario, household),
        "",
    );
    audit::record(store, &entry).await?;
    Ok(preferences)
}

/// Replaces the household's ranking by `codes`, most wanted first, and its criteria by
/// `criteria` (name and weight; both empty: it states nothing); national only. Each entry
/// is checked at its field (`ranking[i]`, `criteria[i]`): a code in the scenario named
/// once, a criterion named once with a weight above 0. Answers what was saved.
pub async fn set_household_preferences(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    codes: &[String],
    criteria: &[(String, f64)],
) -> AppResult<HouseholdPreferences> {
    require_national_in(store, principal, scenario).await?;
    let ranked = parsed_list(codes, "ranking", |text| text.parse::<MunicipalityCode>())?;
    let ranking = ranked
        .into_iter()
        .zip(1..)
        .map(|(code, rank)| Preference::new(household.clone(), code, rank))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| AppError::invalid("ranking", error.to_string()))?;
    let names: Vec<String> = criteria.iter().map(|(name, _)| name.clone()).collect();
    let weighed = parsed_list(&names, "criteria", |text| text.parse::<Criterion>())?
        .into_iter()
        .zip(criteria)
        .enumerate()
        .map(|(i, (criterion, (_, weight)))| {
            CriterionWeight::new(household.clone(), criterion, *weight).map_err(|error| {
                AppError::invalid(&format!("criteria[{i}].weight"), error.to_string())
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let after = HouseholdPreferences {
        ranking,
        criteria: weighed,
        from_criteria: Vec::new(),
    };
    // The audit names what was replaced: the stored lists as the write finds them, without
    // the ranking the criteria make (which would read the whole year).
    let entry = |ranking: &[Preference], criteria: &[CriterionWeight]| {
        let before = HouseholdPreferences {
            ranking: ranking.to_vec(),
            criteria: criteria.to_vec(),
            from_criteria: Vec::new(),
        };
        audit::entry(
            principal,
            Action::Update,
            &ranking_path(scenario, household),
            format!("{}; was {}", after.describe(), before.describe()),
        )
    };
    store
        .set_household_preferences(scenario, household, &after.ranking, &after.criteria, entry)
        .await
        .map_err(|error| at_listed(error, codes, "ranking"))?;
    HouseholdPreferences::read(store, scenario, household).await
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
    let entry = |before: &[MunicipalityPriority]| {
        audit::entry(
            principal,
            Action::Update,
            &priorities_path(scenario, code),
            format!(
                "priorities [{}], was [{}]",
                names(&priorities),
                names(before)
            ),
        )
    };
    store
        .set_municipality_priorities(scenario, code, &priorities, entry)
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
