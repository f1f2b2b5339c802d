//! preferences.csv (households' rankings of municipalities), household_preferences.csv
//! (what households that rank none weigh instead) and municipality_priorities.csv (what
//! each municipality is prepared for first).

use super::Indexed;
use crate::error::Errors;
use crate::schema::{criteria, preferences, priorities};
use crate::source::{Row, Source};
use crate::values;
use landa_model::{
    Criterion, CriterionWeight, Household, HouseholdId, Municipality, MunicipalityCode,
    MunicipalityPriority, Preference, PriorityGroup, Region,
};
use std::collections::hash_map::{Entry, HashMap};

pub(crate) struct Preferences {
    pub preferences: Vec<Preference>,
    pub criteria: Vec<CriterionWeight>,
    pub priorities: Vec<MunicipalityPriority>,
}

pub(crate) fn read(
    source: &mut Source,
    regions: &Indexed<Region>,
    municipalities: &Indexed<Municipality>,
    households: &Indexed<Household>,
    errors: &mut Errors,
) -> Preferences {
    Preferences {
        preferences: read_preferences(source, municipalities, households, errors),
        criteria: read_criteria(source, regions, households, errors),
        priorities: read_priorities(source, municipalities, errors),
    }
}

/// Reports `key` on `row` (in `column`) if an earlier row of the same owner gave it:
/// "municipality 0180 is ranked twice by household h1: first on row 3".
fn once<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, usize>,
    key: K,
    row: &mut Row<'_>,
    column: &str,
    what: impl FnOnce() -> String,
) {
    match seen.entry(key) {
        Entry::Vacant(vacant) => {
            vacant.insert(row.line());
        }
        Entry::Occupied(first) => {
            let first = *first.get();
            row.error(column, format!("{}: first given on row {first}", what()));
        }
    }
}

fn read_preferences(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    households: &Indexed<Household>,
    errors: &mut Errors,
) -> Vec<Preference> {
    use preferences::*;
    let mut list = Vec::new();
    let mut ranked: HashMap<(String, String), usize> = HashMap::new();
    let mut ranks: HashMap<(String, u32), usize> = HashMap::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let household = row.value(HOUSEHOLD, values::model::<HouseholdId>);
        if let Some(id) = &household {
            households.reference(row, HOUSEHOLD, id.as_str());
        }
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            municipalities.reference(row, MUNICIPALITY, code.as_str());
        }
        let rank = row.value(RANK, values::positive);
        let (Some(household), Some(municipality), Some(rank)) = (household, municipality, rank)
        else {
            return;
        };
        let key = (household.to_string(), municipality.to_string());
        once(&mut ranked, key, row, MUNICIPALITY, || {
            format!("household {household} ranks municipality {municipality} twice")
        });
        once(&mut ranks, (household.to_string(), rank), row, RANK, || {
            format!("household {household} gives rank {rank} to two municipalities")
        });
        match Preference::new(household, municipality, rank) {
            Ok(preference) if row.is_clean() => list.push(preference),
            Ok(_) => {}
            Err(e) => row.error(RANK, e.to_string()),
        }
    });
    list
}

fn read_criteria(
    source: &mut Source,
    regions: &Indexed<Region>,
    households: &Indexed<Household>,
    errors: &mut Errors,
) -> Vec<CriterionWeight> {
    use criteria::*;
    let mut list = Vec::new();
    let mut weighed: HashMap<(String, Criterion), usize> = HashMap::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let household = row.value(HOUSEHOLD, values::model::<HouseholdId>);
        if let Some(id) = &household {
            households.reference(row, HOUSEHOLD, id.as_str());
        }
        let criterion = row.value(CRITERION, values::model::<Criterion>);
        if let Some(Criterion::Region(code)) = &criterion {
            regions.reference(row, CRITERION, code.as_str());
        }
        let weight = row.value(WEIGHT, values::number_or_decimal_comma);
        let (Some(household), Some(criterion), Some(weight)) = (household, criterion, weight)
        else {
            return;
        };
        once(
            &mut weighed,
            (household.to_string(), criterion.clone()),
            row,
            CRITERION,
            || format!("household {household} weighs {criterion} twice"),
        );
        match CriterionWeight::new(household, criterion, weight) {
            Ok(weight) if row.is_clean() => list.push(weight),
            Ok(_) => {}
            Err(e) => row.error(WEIGHT, e.to_string()),
        }
    });
    list
}

fn read_priorities(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Vec<MunicipalityPriority> {
    use priorities::*;
    let mut list = Vec::new();
    let mut groups: HashMap<(String, PriorityGroup), usize> = HashMap::new();
    let mut ranks: HashMap<(String, u32), usize> = HashMap::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            municipalities.reference(row, MUNICIPALITY, code.as_str());
        }
        let group = row.value(PRIORITY, values::model::<PriorityGroup>);
        let rank = row.value(RANK, values::positive);
        let (Some(municipality), Some(group), Some(rank)) = (municipality, group, rank) else {
            return;
        };
        once(
            &mut groups,
            (municipality.to_string(), group.clone()),
            row,
            PRIORITY,
            || format!("municipality {municipality} lists {group} twice"),
        );
        once(
            &mut ranks,
            (municipality.to_string(), rank),
            row,
            RANK,
            || format!("municipality {municipality} gives rank {rank} to two groups"),
        );
        match MunicipalityPriority::new(municipality, group, rank) {
            Ok(priority) if row.is_clean() => list.push(priority),
            Ok(_) => {}
            Err(e) => row.error(RANK, e.to_string()),
        }
    });
    list
}
