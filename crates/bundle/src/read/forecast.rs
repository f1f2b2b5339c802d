//! A forecast file: the arrivals expected per period, intake category and household type,
//! each value read with its row and column. Whether the rows make a forecast (periods in
//! the year, none twice) is the application's to judge.

use crate::error::Errors;
use crate::schema::forecast::*;
use crate::source;
use crate::values;
use landa_model::{HouseholdType, IntakeCategory, NaiveDate};

/// One row of a forecast file as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastRow {
    /// The file's line it was given on.
    pub line: usize,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub category: IntakeCategory,
    pub household_type: HouseholdType,
    pub households: u32,
    pub persons: u32,
}

/// The rows of an uploaded forecast: a workbook (its sheet `forecast`, failing that its
/// first) when the name or content says so, CSV otherwise.
pub(crate) fn read_bytes(file_name: &str, bytes: &[u8], errors: &mut Errors) -> Vec<ForecastRow> {
    let Some(mut source) = source::one_table(&TABLE, file_name, bytes, errors) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let period_start = row.value(PERIOD_START, values::date);
        let period_end = row.value(PERIOD_END, values::date);
        let category = row.value(INTAKE_CATEGORY, values::model::<IntakeCategory>);
        let household_type = row.value(HOUSEHOLD_TYPE, values::model::<HouseholdType>);
        let households = row.value(HOUSEHOLDS, values::count);
        let persons = row.value(PERSONS, values::count);
        if let (
            Some(period_start),
            Some(period_end),
            Some(category),
            Some(household_type),
            Some(households),
            Some(persons),
        ) = (
            period_start,
            period_end,
            category,
            household_type,
            households,
            persons,
        ) {
            rows.push(ForecastRow {
                line: row.line(),
                period_start,
                period_end,
                category,
                household_type,
                households,
                persons,
            });
        }
    });
    rows
}
