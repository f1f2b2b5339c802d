//! A history file: one row per person placed in the past, households grouped by id.

use super::Keys;
use crate::error::Errors;
use crate::schema::history::*;
use crate::source::{self, Row, TableStatus};
use crate::values;
use chrono::Datelike;
use landa_model::{
    EducationLevel, History, HouseholdId, LanguageCode, Municipality, MunicipalityCode, NaiveDate,
    Origin, OutcomeName, PastHousehold, PastPerson, PersonId, Sex,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::path::Path;

/// Members a household may have, as in a bundle.
const MAX_MEMBERS: usize = 30;

/// A household being collected from its rows, which need not be adjacent.
struct HouseholdRows {
    id: HouseholdId,
    /// The row that first named it, for messages about the household as a whole.
    first_line: usize,
    /// The value first given and the row it was given on.
    municipality: Option<(MunicipalityCode, usize)>,
    placed_on: Option<(NaiveDate, usize)>,
    /// Rows listing it, valid or not.
    rows: usize,
    members: Vec<PastPerson>,
}

/// Reads the history at `path`; `None` when the file could not be read at all. It is
/// complete only when `errors` stayed empty.
pub(crate) fn read(
    path: &Path,
    municipalities: &[Municipality],
    errors: &mut Errors,
) -> Option<History> {
    let label = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let known: HashSet<&str> = municipalities.iter().map(|m| m.code.as_str()).collect();
    let mut ids = Keys::default();
    let mut households: Vec<HouseholdRows> = Vec::new();
    let mut by_id: HashMap<HouseholdId, usize> = HashMap::new();
    let finished = source::read_file(path, &label, &TABLE, errors, &mut |row| {
        let id = row.value(PERSON, values::model::<PersonId>);
        if let Some(id) = &id {
            ids.insert_unique(row, PERSON, id.as_str());
        }
        let household = row.value(HOUSEHOLD, values::model::<HouseholdId>);
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            if !known.contains(code.as_str()) {
                row.error(
                    MUNICIPALITY,
                    format!("unknown municipality {code}: it is not among the scenario's municipalities"),
                );
            }
        }
        let placed_on = row.value(PLACED_ON, values::date);
        let birth_year = row.value(BIRTH_YEAR, values::birth_year);
        if let (Some(born), Some(placed)) = (birth_year, placed_on) {
            if i32::from(born) > placed.year() {
                row.error(
                    BIRTH_YEAR,
                    format!("born in {born}, after the placement year {}", placed.year()),
                );
            }
        }
        let sex = row.value(SEX, values::model::<Sex>);
        let education = row.value(EDUCATION, values::model::<EducationLevel>);
        let origin = row.optional(ORIGIN, values::model::<Origin>);
        let languages = row.value(LANGUAGES, values::list::<LanguageCode>);
        let index = household.map(|household| {
            *by_id.entry(household.clone()).or_insert_with(|| {
                households.push(HouseholdRows {
                    id: household,
                    first_line: row.line(),
                    municipality: None,
                    placed_on: None,
                    rows: 0,
                    members: Vec::new(),
                });
                households.len() - 1
            })
        });
        if let Some(index) = index {
            let rows = &mut households[index];
            rows.rows += 1;
            if rows.rows == MAX_MEMBERS + 1 {
                row.error(
                    HOUSEHOLD,
                    format!(
                        "household {} has more than {MAX_MEMBERS} members (its first is on row {}); a household has 1 to {MAX_MEMBERS}",
                        rows.id, rows.first_line
                    ),
                );
            }
            same_in_household(
                row,
                &rows.id,
                MUNICIPALITY,
                &mut rows.municipality,
                municipality,
            );
            same_in_household(row, &rows.id, PLACED_ON, &mut rows.placed_on, placed_on);
        }
        let outcomes: Vec<Option<bool>> = row
            .extras::<OutcomeName, _>(values::boolean)
            .into_iter()
            .map(|(_, value)| value)
            .collect();
        let (
            Some(index),
            Some(id),
            Some(birth_year),
            Some(sex),
            Some(education),
            Some(languages),
            true,
        ) = (
            index,
            id,
            birth_year,
            sex,
            education,
            languages,
            row.is_clean(),
        )
        else {
            return;
        };
        households[index].members.push(PastPerson {
            id,
            birth_year,
            sex,
            education,
            origin,
            languages,
            outcomes,
        });
    });
    if finished.status != TableStatus::Read {
        return None;
    }
    let outcomes = finished
        .extras
        .iter()
        .map(|name| name.parse())
        .collect::<Result<Vec<OutcomeName>, _>>()
        .ok()?;
    let mut past = Vec::with_capacity(households.len());
    for rows in households {
        let (Some((municipality, _)), Some((placed_on, _))) = (rows.municipality, rows.placed_on)
        else {
            continue; // Every row of it failed on these; each was reported.
        };
        // Refused only when empty (its rows failed) or too large, both reported.
        if let Ok(household) = PastHousehold::new(rows.id, municipality, placed_on, rows.members) {
            past.push(household);
        }
    }
    Some(History {
        outcomes,
        households: past,
    })
}

/// Checks that `value`, given on `row` for household `id`, is the one its first row gave,
/// and keeps it when it is the first.
fn same_in_household<T: PartialEq + Display>(
    row: &mut Row<'_>,
    id: &HouseholdId,
    column: &str,
    first: &mut Option<(T, usize)>,
    value: Option<T>,
) {
    let Some(value) = value else {
        return;
    };
    match first {
        None => *first = Some((value, row.line())),
        Some((given, line)) if *given != value => {
            let message = format!(
                "household {id} has {column} {given} on row {line}; all rows of a household have the same {column}"
            );
            row.error(column, message);
        }
        Some(_) => {}
    }
}
