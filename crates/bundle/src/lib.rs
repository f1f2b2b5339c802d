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
pub use source::first_sheet_as_csv;

use error::Errors;
use landa_model::{History, Municipality, Scenario};
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
