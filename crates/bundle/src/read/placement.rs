//! capacities.csv, dwellings.csv and scores.csv: what placement works with.

use super::{Indexed, Keys};
use crate::error::Errors;
use crate::schema::{capacities, dwellings, scores};
use crate::source::Source;
use crate::values;
use landa_model::{
    Capacity, Contract, Dwelling, DwellingId, Household, HouseholdId, Municipality,
    MunicipalityCode, Score, ServiceName,
};
use std::collections::hash_map::{Entry, HashMap};

pub(crate) struct Placement {
    pub capacities: Vec<Capacity>,
    pub dwellings: Vec<Dwelling>,
    pub scores: Vec<Score>,
}

pub(crate) fn read(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    households: &Indexed<Household>,
    errors: &mut Errors,
) -> Placement {
    Placement {
        capacities: read_capacities(source, municipalities, errors),
        dwellings: read_dwellings(source, municipalities, errors),
        scores: read_scores(source, municipalities, households, errors),
    }
}

fn read_capacities(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Vec<Capacity> {
    use capacities::*;
    let mut capacities = Vec::new();
    let mut seen = Keys::default();
    source.read_table(&TABLE, errors, &mut |row| {
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            seen.insert_unique(row, MUNICIPALITY, code.as_str());
            municipalities.reference(row, MUNICIPALITY, code.as_str());
        }
        let persons = row.value(PERSONS, values::count);
        let minors = row.value(UNACCOMPANIED_MINORS, values::count);
        let services = row.extras::<ServiceName, _>(values::count);
        let (Some(municipality), Some(persons), Some(minors)) = (municipality, persons, minors)
        else {
            return;
        };
        match Capacity::new(municipality, persons, minors) {
            Ok(mut capacity) if row.is_clean() => {
                let offered = services.into_iter().filter_map(|(s, n)| Some((s, n?)));
                capacity.services.extend(offered);
                capacities.push(capacity);
            }
            Ok(_) => {}
            Err(e) => row.error(UNACCOMPANIED_MINORS, e.to_string()),
        }
    });
    capacities
}

fn read_dwellings(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Vec<Dwelling> {
    use dwellings::*;
    let mut dwellings = Vec::new();
    let mut ids = Keys::default();
    source.read_table(&TABLE, errors, &mut |row| {
        let id = row.value(ID, values::model::<DwellingId>);
        if let Some(id) = &id {
            ids.insert_unique(row, ID, id.as_str());
        }
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            municipalities.reference(row, MUNICIPALITY, code.as_str());
        }
        let beds = row.value(BEDS, values::positive);
        let available_from = row.value(AVAILABLE_FROM, values::date);
        let accessible = row.value(ACCESSIBLE, values::boolean);
        let contract = row.value(CONTRACT, values::model::<Contract>);
        let rent = row.optional(RENT, values::count);
        let passes_over_on = row.optional(PASSES_OVER_ON, values::date);
        let offered_by = row.optional(OFFERED_BY, values::text);
        let address = row.optional(ADDRESS, values::text);
        let (
            Some(id),
            Some(municipality),
            Some(beds),
            Some(available_from),
            Some(accessible),
            Some(contract),
        ) = (id, municipality, beds, available_from, accessible, contract)
        else {
            return;
        };
        if row.is_clean() {
            match Dwelling::new(id, municipality, beds, available_from, accessible, contract) {
                Ok(mut dwelling) => {
                    dwelling.rent = rent;
                    dwelling.offered_by = offered_by;
                    match (
                        dwelling.set_passes_over_on(passes_over_on),
                        dwelling.set_address(address.as_deref()),
                    ) {
                        (Ok(()), Ok(())) => dwellings.push(dwelling),
                        (Err(e), _) => row.error(PASSES_OVER_ON, e.to_string()),
                        (_, Err(e)) => row.error(ADDRESS, e.to_string()),
                    }
                }
                Err(e) => row.error(BEDS, e.to_string()),
            }
        }
    });
    dwellings
}

/// The largest table by far (households × municipalities): duplicates are found by the
/// ordinals of the pair rather than by its strings, so no row allocates for the check.
fn read_scores(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    households: &Indexed<Household>,
    errors: &mut Errors,
) -> Vec<Score> {
    use scores::*;
    let mut scores = Vec::new();
    let mut first_line: HashMap<(usize, usize), usize> = HashMap::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let household = row.value(HOUSEHOLD, values::model::<HouseholdId>);
        let household_ordinal = household
            .as_ref()
            .and_then(|id| households.reference(row, HOUSEHOLD, id.as_str()));
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        let municipality_ordinal = municipality
            .as_ref()
            .and_then(|code| municipalities.reference(row, MUNICIPALITY, code.as_str()));
        if let (Some(h), Some(m), Some(id), Some(code)) =
            (household_ordinal, municipality_ordinal, &household, &municipality)
        {
            match first_line.entry((h, m)) {
                Entry::Vacant(vacant) => {
                    vacant.insert(row.line());
                }
                Entry::Occupied(first) => row.error(
                    MUNICIPALITY,
                    format!(
                        "duplicate score for household {id} in municipality {code}: first given on row {}",
                        first.get()
                    ),
                ),
            }
        }
        let number = row.decimal();
        let value = row.value(SCORE, number);
        let (Some(household), Some(municipality), Some(value)) = (household, municipality, value)
        else {
            return;
        };
        match Score::new(household, municipality, value) {
            Ok(score) if row.is_clean() => scores.push(score),
            Ok(_) => {}
            Err(e) => row.error(SCORE, e.to_string()),
        }
    });
    scores
}
