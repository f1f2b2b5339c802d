//! households.csv and persons.csv.

use super::Indexed;
use crate::error::Errors;
use crate::schema::{households, persons};
use crate::source::{Row, Source, TableStatus};
use crate::values;
use landa_model::{
    EducationLevel, Household, HouseholdId, Intake, IntakeCategory, LanguageCode, Municipality,
    MunicipalityCode, NaiveDate, Person, PersonId, ServiceName, Sex,
};

pub(crate) struct People {
    pub households: Indexed<Household>,
    pub persons: Vec<Person>,
}

pub(crate) fn read(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> People {
    let households = read_households(source, municipalities, errors);
    let persons = read_persons(source, &households, errors);
    People {
        households,
        persons,
    }
}

fn read_households(
    source: &mut Source,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Indexed<Household> {
    use households::*;
    let mut households = Indexed::new(source.label(&TABLE), "household");
    let status = source.read_table(&TABLE, errors, &mut |row| {
        let id = row.value(ID, values::model::<HouseholdId>);
        if let Some(id) = &id {
            households.keys.insert_unique(row, ID, id.as_str());
        }
        let size = row.value(SIZE, values::count);
        let adults = row.value(ADULTS, values::count);
        let children = row.value(CHILDREN, values::count);
        let unaccompanied_minor = row.value(UNACCOMPANIED_MINOR, values::boolean);
        let waiting_since = row.value(WAITING_SINCE, values::date);
        let tie = row.optional(TIE, values::model::<MunicipalityCode>);
        if let Some(tie) = &tie {
            municipalities.reference(row, TIE, tie.as_str());
        }
        let needs = row.value(NEEDS, values::list::<ServiceName>);
        let languages = row.value(LANGUAGES, values::list::<LanguageCode>);
        let intake = read_intake(row, municipalities);
        let permit_date = read_permit_date(row, waiting_since);
        let (Some(id), Some(size), Some(adults), Some(children), Some(minor), Some(since)) = (
            id,
            size,
            adults,
            children,
            unaccompanied_minor,
            waiting_since,
        ) else {
            return;
        };
        if adults.checked_add(children) != Some(size) {
            row.error(
                SIZE,
                format!("size must equal adults + children ({adults} + {children}), got {size}"),
            );
            return;
        }
        let probe = id.clone();
        match Household::new(id, adults, children, minor, since) {
            Ok(mut household) => {
                household.tie = tie;
                household.needs = needs.unwrap_or_default();
                household.languages = languages.unwrap_or_default();
                household.intake = intake.unwrap_or(Intake::ReceptionCentre);
                household.permit_date = permit_date;
                if row.is_clean() {
                    households.values.push(household);
                }
            }
            Err(e) => {
                // Blame the flag when the model would take the household with the flag
                // turned, otherwise the number of persons.
                let flag_is_wrong = Household::new(probe, adults, children, !minor, since).is_ok();
                let column = if flag_is_wrong {
                    UNACCOMPANIED_MINOR
                } else {
                    SIZE
                };
                row.error(column, e.to_string());
            }
        }
    });
    households.status = status;
    households
}

/// The intake of a household row: `intake_category` (blank: reception_centre) and, exactly
/// for a self-settled household, `settled_municipality_code`, which must be a municipality
/// of the bundle. `None` when a cell did not parse or the two do not go together (each
/// reported, so the row is not clean).
fn read_intake(row: &mut Row<'_>, municipalities: &Indexed<Municipality>) -> Option<Intake> {
    use households::{INTAKE_CATEGORY, SETTLED};
    let category = if row.cell(INTAKE_CATEGORY).is_empty() {
        Some(IntakeCategory::ReceptionCentre)
    } else {
        row.value(INTAKE_CATEGORY, values::model::<IntakeCategory>)
    };
    let settled_given = !row.cell(SETTLED).is_empty();
    let settled = row.optional(SETTLED, values::model::<MunicipalityCode>);
    let (Some(category), true) = (category, settled.is_some() == settled_given) else {
        return None; // A cell that did not parse, reported.
    };
    match Intake::new(category, settled) {
        Ok(intake) => {
            if let Some(code) = intake.settled_in() {
                municipalities.reference(row, SETTLED, code.as_str());
            }
            Some(intake)
        }
        Err(e) => {
            row.error(SETTLED, e.to_string());
            None
        }
    }
}

/// `permit_date`, optional, not after `waiting_since` (a household is ready for settlement
/// once it has its permit, not before).
fn read_permit_date(row: &mut Row<'_>, waiting_since: Option<NaiveDate>) -> Option<NaiveDate> {
    use households::{PERMIT_DATE, WAITING_SINCE};
    let permit_date = row.optional(PERMIT_DATE, values::date)?;
    if let Some(since) = waiting_since {
        if permit_date > since {
            row.error(
                PERMIT_DATE,
                format!("the permit date {permit_date} is after {WAITING_SINCE} {since}; a household waits for settlement from its permit on, not before"),
            );
            return None;
        }
    }
    Some(permit_date)
}

fn read_persons(
    source: &mut Source,
    households: &Indexed<Household>,
    errors: &mut Errors,
) -> Vec<Person> {
    use persons::*;
    let mut persons = Vec::new();
    let mut ids = super::Keys::default();
    // Persons listed so far per household ordinal, and each household's size by ordinal.
    let mut listed = vec![0u32; households.keys.len()];
    let mut sizes: Vec<Option<u32>> = vec![None; listed.len()];
    for household in &households.values {
        if let Some(ordinal) = households.keys.get(household.id.as_str()) {
            sizes[ordinal] = Some(household.size());
        }
    }
    let mut rows = 0usize;
    let status = source.read_table(&TABLE, errors, &mut |row| {
        rows += 1;
        let id = row.value(ID, values::model::<PersonId>);
        if let Some(id) = &id {
            ids.insert_unique(row, ID, id.as_str());
        }
        let household = row.value(HOUSEHOLD, values::model::<HouseholdId>);
        if let Some(household) = &household {
            if let Some(ordinal) = households.reference(row, HOUSEHOLD, household.as_str()) {
                count_member(row, household, &mut listed[ordinal], sizes[ordinal]);
            }
        }
        let birth_year = row.value(BIRTH_YEAR, values::birth_year);
        let sex = row.value(SEX, values::model::<Sex>);
        let education = row.value(EDUCATION, values::model::<EducationLevel>);
        let languages = row.value(LANGUAGES, values::list::<LanguageCode>);
        let (
            Some(id),
            Some(household),
            Some(birth_year),
            Some(sex),
            Some(education),
            Some(languages),
        ) = (id, household, birth_year, sex, education, languages)
        else {
            return;
        };
        if row.is_clean() {
            persons.push(Person {
                id,
                household,
                birth_year,
                sex,
                education,
                languages,
            });
        }
    });
    if status == TableStatus::Read && rows > 0 {
        report_missing_members(households, &listed, &source.label(&TABLE), errors);
    }
    persons
}

/// Counts one more person of a household, reporting the one too many.
fn count_member(row: &mut Row<'_>, household: &HouseholdId, listed: &mut u32, size: Option<u32>) {
    *listed = listed.saturating_add(1);
    if let Some(size) = size {
        if *listed > size {
            row.error(
                persons::HOUSEHOLD,
                format!("household {household} has size {size}, but this is person number {listed} listed for it"),
            );
        }
    }
}

/// Once persons are listed at all, every household must have all its members listed.
fn report_missing_members(
    households: &Indexed<Household>,
    listed: &[u32],
    persons_label: &str,
    errors: &mut Errors,
) {
    for household in &households.values {
        let Some(ordinal) = households.keys.get(household.id.as_str()) else {
            continue;
        };
        let count = listed.get(ordinal).copied().unwrap_or(0);
        if count < household.size() {
            errors.push(
                &households.label,
                households.keys.line(ordinal),
                Some(households::SIZE),
                format!(
                    "household {} has size {} but {persons_label} lists {count} persons for it; when {persons_label} is given, every household must have exactly size persons listed",
                    household.id,
                    household.size()
                ),
            );
        }
    }
}
