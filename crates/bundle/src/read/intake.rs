//! An intake file: households to add to a scenario (and, optionally, their persons), read by
//! the bundle's own households and persons readers against the scenario's municipalities.

use super::{people, Indexed};
use crate::error::Errors;
use crate::schema::{households, persons};
use crate::source::{self, Given, Input, Source, TableStatus};
use landa_model::{Household, Municipality, Person};
use std::path::Path;

/// What an intake holds when it was read without error.
pub(crate) struct Batch {
    /// The label of its households' errors: the file's name, or `<workbook>/households`.
    pub file: String,
    pub households: Vec<Household>,
    pub persons: Vec<Person>,
    /// The row each household was given on.
    pub rows: Vec<usize>,
}

/// What a reference to an unknown municipality says it is not in.
const MUNICIPALITIES: &str = "the scenario's municipalities";

/// A zip file, as an `.xlsx` workbook is.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The intake at `path`: a households CSV file, with the `persons.csv` beside it when there
/// is one, or a workbook with the sheets `households` and optionally `persons`.
pub(crate) fn read_path(
    path: &Path,
    municipalities: &[Municipality],
    errors: &mut Errors,
) -> Option<Batch> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if source::is_workbook_name(&name) {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file".to_owned()
                } else {
                    format!("cannot read the file: {e}")
                };
                errors.push(&name, None, None, message);
                return None;
            }
        };
        let (given, file) = workbook_tables(&name, bytes, errors)?;
        return read(Source::Given(given), file, municipalities, errors);
    }
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        errors.push(
            &name,
            None,
            None,
            "expected a households .csv file or an .xlsx workbook".into(),
        );
        return None;
    }
    let mut given = vec![Given {
        table: &households::TABLE,
        label: name.clone(),
        input: Input::CsvFile(path.to_owned()),
    }];
    let beside = path.with_file_name(persons::TABLE.file);
    if beside != path && beside.is_file() {
        given.push(Given {
            table: &persons::TABLE,
            label: persons::TABLE.file.to_owned(),
            input: Input::CsvFile(beside),
        });
    }
    read(Source::Given(given), name, municipalities, errors)
}

/// An uploaded intake: `bytes` of a file named `file_name`, a workbook when its name or its
/// content says so and CSV otherwise, and its persons as a file of their own if given (CSV,
/// or a workbook's sheet `persons`, failing that its first sheet).
pub(crate) fn read_bytes(
    file_name: &str,
    bytes: &[u8],
    persons: Option<(&str, &[u8])>,
    municipalities: &[Municipality],
    errors: &mut Errors,
) -> Option<Batch> {
    let is_workbook =
        |name: &str, bytes: &[u8]| source::is_workbook_name(name) || bytes.starts_with(ZIP_MAGIC);
    let (mut given, file) = if is_workbook(file_name, bytes) {
        workbook_tables(file_name, bytes.to_vec(), errors)?
    } else {
        let given = vec![Given {
            table: &households::TABLE,
            label: file_name.to_owned(),
            input: Input::Csv(bytes.to_vec()),
        }];
        (given, file_name.to_owned())
    };
    let Some((persons_name, persons_bytes)) = persons else {
        return read(Source::Given(given), file, municipalities, errors);
    };
    if given.iter().any(|g| g.table.file == persons::TABLE.file) {
        errors.push(
            persons_name,
            None,
            None,
            format!(
                "persons are given twice: in this file and in the sheet persons of {file_name}"
            ),
        );
        return None;
    }
    let persons = if is_workbook(persons_name, persons_bytes) {
        let book = open_book(persons_name, persons_bytes.to_vec(), errors)?;
        let sheets = book.sheets();
        let sheet = sheets
            .iter()
            .find(|s| *s == persons::TABLE.sheet)
            .or(sheets.first())
            .cloned();
        let Some(sheet) = sheet else {
            errors.push(persons_name, None, None, "the workbook has no sheet".into());
            return None;
        };
        Given {
            table: &persons::TABLE,
            label: format!("{persons_name}/{sheet}"),
            input: Input::Sheet(book, sheet),
        }
    } else {
        Given {
            table: &persons::TABLE,
            label: persons_name.to_owned(),
            input: Input::Csv(persons_bytes.to_vec()),
        }
    };
    given.push(persons);
    read(Source::Given(given), file, municipalities, errors)
}

fn open_book(name: &str, bytes: Vec<u8>, errors: &mut Errors) -> Option<Box<dyn source::Book>> {
    source::open_book(name, bytes)
        .map_err(|e| errors.push(name, None, None, format!("cannot open workbook: {e}")))
        .ok()
}

/// The sheets `households` (required) and `persons` of an intake workbook, and the label
/// of the households' errors. Any other sheet is reported: a misspelt one would otherwise
/// be ignored.
fn workbook_tables(
    name: &str,
    bytes: Vec<u8>,
    errors: &mut Errors,
) -> Option<(Vec<Given>, String)> {
    let book = open_book(name, bytes.clone(), errors)?;
    let sheets = book.sheets();
    let tables = [&households::TABLE, &persons::TABLE];
    for sheet in &sheets {
        if !tables.iter().any(|t| t.sheet == sheet) {
            errors.push(
                &format!("{name}/{sheet}"),
                None,
                None,
                "unknown sheet; an intake workbook's sheets are households and persons".into(),
            );
        }
    }
    let has = |table: &crate::schema::Table| sheets.iter().any(|s| s == table.sheet);
    if !has(&households::TABLE) {
        errors.push(
            name,
            None,
            None,
            "this workbook has no sheet households".into(),
        );
        return None;
    }
    let file = format!("{name}/{}", households::TABLE.sheet);
    let mut given = vec![Given {
        table: &households::TABLE,
        label: file.clone(),
        input: Input::Sheet(book, households::TABLE.sheet.to_owned()),
    }];
    if has(&persons::TABLE) {
        given.push(Given {
            table: &persons::TABLE,
            label: format!("{name}/{}", persons::TABLE.sheet),
            input: Input::Sheet(
                open_book(name, bytes, errors)?,
                persons::TABLE.sheet.to_owned(),
            ),
        });
    }
    Some((given, file))
}

/// Reads the households and persons of `source` as a bundle's, against `municipalities`.
fn read(
    mut source: Source,
    file: String,
    municipalities: &[Municipality],
    errors: &mut Errors,
) -> Option<Batch> {
    let known = Indexed::known(
        MUNICIPALITIES.to_owned(),
        "municipality",
        municipalities.iter().map(|m| m.code.as_str()),
    );
    let people = people::read(&mut source, &known, errors);
    let households = people.households;
    if households.status == TableStatus::Absent {
        errors.push(&file, None, None, "no such file".into());
        return None;
    }
    let rows = households
        .values
        .iter()
        .map(|h| {
            let ordinal = households.keys.get(h.id.as_str());
            ordinal.and_then(|o| households.keys.line(o)).unwrap_or(0)
        })
        .collect();
    Some(Batch {
        file,
        households: households.values,
        persons: people.persons,
        rows,
    })
}
