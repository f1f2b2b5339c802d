//! landa's scenario bundle: the interchange format for everything a scenario holds.
//!
//! A bundle is a folder of UTF-8 CSV files plus `scenario.toml`, or one `.xlsx` workbook
//! with a sheet per file (sheet `households` = `households.csv`, sheet `scenario` with the
//! columns key,value instead of `scenario.toml`). `docs/scenario-format.md` describes every
//! file and column.
//!
//! Reading never stops at the first problem: every row of every table is read, every
//! error is collected with its file, row and column, references between tables are
//! checked, and a [`Scenario`] is handed over only when there was no error at all.
//!
//! A history of past placements and their outcomes is one file of its own (CSV, or a
//! workbook's first sheet), read by [`read_history`] with the same rules and written by
//! [`write_history`]; `docs/history-format.md` describes it.
//!
//! An intake file (households to add to a scenario, as a server upload or `landa intake
//! FILE` brings them) is read by [`read_intake`] or [`read_intake_bytes`] with the same
//! households and persons readers as a bundle's, into an [`IntakeBatch`].
//!
//! Architecture invariant: this crate is the only one that knows the bundle's files and
//! columns; it converts at the edge into the model's types, which do no IO.

mod error;
mod meta;
mod read;
mod schema;
mod source;
mod values;
mod write;

pub use error::BundleError;
pub use read::forecast::ForecastRow;
pub use read::register::{RegisterEntry, RegisterRow};
pub use source::first_sheet_as_csv;

use error::Errors;
use landa_model::{History, Household, Municipality, Person, Scenario};
use source::Source;
use std::path::Path;

/// Reads a bundle folder or workbook (`.xlsx`). On failure, every error found (at most
/// 1000, then one entry saying how many more), sorted by file and row.
pub fn read_bundle(path: &Path) -> Result<Scenario, Vec<BundleError>> {
    let mut errors = Errors::default();
    let scenario = Source::open(path, &mut errors)
        .and_then(|mut source| read::scenario(&mut source, &mut errors));
    match scenario {
        Some(scenario) if errors.is_empty() => Ok(scenario),
        _ => Err(errors.into_sorted()),
    }
}

/// Writes `scenario` as a bundle folder (created if needed; files of the bundle that are
/// there are replaced) that [`read_bundle`] reads back equal. Every table is written,
/// with a header only when empty. Refuses request rounds or decisions of another year than
/// the scenario's, since the bundle gives the year once.
pub fn write_bundle(scenario: &Scenario, dir: &Path) -> std::io::Result<()> {
    write::write(scenario, dir)
}

/// Reads a history of past placements: a CSV file (`.csv`) or the first sheet of a workbook
/// (`.xlsx`, `.xlsm`, `.xls`, `.ods`), one row per person placed
/// (`docs/history-format.md`). Every household's municipality must be among
/// `municipalities`. On failure, every error found as [`read_bundle`] gives them, labelled
/// with the file's name.
pub fn read_history(
    path: &Path,
    municipalities: &[Municipality],
) -> Result<History, Vec<BundleError>> {
    let mut errors = Errors::default();
    match read::history::read(path, municipalities, &mut errors) {
        Some(history) if errors.is_empty() => Ok(history),
        _ => Err(errors.into_sorted()),
    }
}

/// Writes `history` as one CSV file that [`read_history`] reads back equal (given the
/// municipalities it names). Refuses a history without outcomes or with one named twice,
/// and persons whose outcomes do not match the history's.
pub fn write_history(history: &History, path: &Path) -> std::io::Result<()> {
    write::write_history(history, path)
}

/// The households of an intake file, read and checked, with their persons when given.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeBatch {
    /// The name errors give the households: the file's name (`intake.csv`), or
    /// `<workbook>/households` (`intake.xlsx/households`).
    pub file: String,
    pub households: Vec<Household>,
    /// Empty when the intake gives no persons.
    pub persons: Vec<Person>,
    /// The file row of each household (as [`BundleError::row`] counts them), for errors
    /// found later.
    pub rows: Vec<usize>,
}

impl IntakeBatch {
    /// An error about household `index` of the batch, at its row of the file, in `column`
    /// (e.g. `household_id` for a household the scenario has already).
    pub fn error_at(&self, index: usize, column: &str, message: impl Into<String>) -> BundleError {
        BundleError {
            file: self.file.clone(),
            row: self.rows.get(index).copied(),
            column: Some(column.to_owned()),
            message: message.into(),
        }
    }
}

/// Reads an intake file: a households CSV (`.csv`, the columns of a bundle's
/// `households.csv`), with the `persons.csv` beside it when there is one, or a workbook
/// (`.xlsx`) with the sheets `households` and optionally `persons`. Checked as a bundle's
/// tables are; a tie or settled municipality must be among `municipalities`, and persons
/// must belong to households of the file. On failure, every error found, sorted by file
/// and row.
pub fn read_intake(
    path: &Path,
    municipalities: &[Municipality],
) -> Result<IntakeBatch, Vec<BundleError>> {
    let mut errors = Errors::default();
    let batch = read::intake::read_path(path, municipalities, &mut errors);
    into_batch(batch, errors)
}

/// Reads an uploaded intake file as [`read_intake`] does: `bytes` are a workbook when
/// `file_name` ends in `.xlsx` (or the bytes are a zip file), households CSV otherwise;
/// `persons`, when given, is the name and content of a persons file (CSV, or a workbook
/// whose sheet `persons`, failing that its first sheet, is read). Errors name `file_name`
/// (and the sheet) and the persons file's name.
pub fn read_intake_bytes(
    file_name: &str,
    bytes: &[u8],
    persons: Option<(&str, &[u8])>,
    municipalities: &[Municipality],
) -> Result<IntakeBatch, Vec<BundleError>> {
    let mut errors = Errors::default();
    let batch = read::intake::read_bytes(file_name, bytes, persons, municipalities, &mut errors);
    into_batch(batch, errors)
}

/// Reads an uploaded forecast of arrivals (`period_start, period_end, intake_category,
/// household_type, households, persons`; CSV as Excel writes it in any locale, or a
/// workbook): every row, or every error with its row and column.
pub fn read_forecast_bytes(
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<ForecastRow>, Vec<BundleError>> {
    let mut errors = Errors::default();
    let rows = read::forecast::read_bytes(file_name, bytes, &mut errors);
    match errors.is_empty() {
        true => Ok(rows),
        false => Err(errors.into_sorted()),
    }
}

/// Reads an uploaded file of integration register entries (`person_id, entry` and the
/// entry's columns: `decided_on, started_on, goal, ended_on, end_reason` for a programme,
/// `checkpoint, activity, living_in` for a status; CSV as Excel writes it in any locale,
/// or a workbook): every row, or every error with its row and column.
pub fn read_register_bytes(
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<RegisterRow>, Vec<BundleError>> {
    let mut errors = Errors::default();
    let rows = read::register::read_bytes(file_name, bytes, &mut errors);
    match errors.is_empty() {
        true => Ok(rows),
        false => Err(errors.into_sorted()),
    }
}

fn into_batch(
    batch: Option<read::intake::Batch>,
    errors: Errors,
) -> Result<IntakeBatch, Vec<BundleError>> {
    match batch {
        Some(batch) if errors.is_empty() => Ok(IntakeBatch {
            file: batch.file,
            households: batch.households,
            persons: batch.persons,
            rows: batch.rows,
        }),
        _ => Err(errors.into_sorted()),
    }
}
