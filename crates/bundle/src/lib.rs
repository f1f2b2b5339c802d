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
use landa_model::Scenario;
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
