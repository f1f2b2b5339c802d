//! The scenario description: `scenario.toml` in a folder, or the key,value sheet
//! `scenario` in a workbook. Both become the same list of entries, checked by one function.

use crate::error::Errors;
use crate::schema::scenario::{self, COUNTRY, KEY, KEYS, NAME, NATIONAL_TOTAL, VALUE, YEAR};
use crate::source::{Source, TableStatus};
use crate::values;
use landa_model::{Country, ScenarioMeta, ValueError};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// One `key = value` with its line.
struct Entry {
    key: String,
    value: String,
    line: usize,
}

pub(crate) fn read(source: &mut Source, errors: &mut Errors) -> Option<ScenarioMeta> {
    let label = source.label(&scenario::SHEET);
    let entries = match source {
        Source::Folder(dir) => toml_entries(&dir.join(scenario::FILE), errors)?,
        Source::Workbook(_) | Source::Given(_) => {
            let mut entries = Vec::new();
            let status = source.read_table(&scenario::SHEET, errors, &mut |row| {
                entries.push(Entry {
                    key: row.cell(KEY).to_owned(),
                    value: row.cell(VALUE).to_owned(),
                    line: row.line(),
                });
            });
            if status != TableStatus::Read {
                return None;
            }
            entries
        }
    };
    meta_from_entries(&label, &entries, errors)
}

fn toml_entries(path: &Path, errors: &mut Errors) -> Option<Vec<Entry>> {
    let file = scenario::FILE;
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let message = if e.kind() == io::ErrorKind::NotFound {
                "this required file is missing".to_owned()
            } else {
                format!("cannot read the file: {e}")
            };
            errors.push(file, None, None, message);
            return None;
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(e) => {
            let line = line_of(&bytes, e.valid_up_to());
            errors.push(
                file,
                Some(line),
                None,
                "this line is not valid UTF-8; save the file as UTF-8".into(),
            );
            return None;
        }
    };
    let table: BTreeMap<String, toml::Spanned<toml::Value>> = match toml::from_str(text) {
        Ok(table) => table,
        Err(e) => {
            let line = e.span().map(|span| line_of(text.as_bytes(), span.start));
            // toml's messages may span lines; an error is one line.
            let message = e.message().trim().replace('\n', "; ");
            errors.push(file, line, None, format!("not valid TOML: {message}"));
            return None;
        }
    };
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table {
        let line = line_of(text.as_bytes(), value.span().start);
        let value = match value.into_inner() {
            toml::Value::String(s) => s.trim().to_owned(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::Array(_) | toml::Value::Table(_) => {
                errors.push(
                    file,
                    Some(line),
                    Some(&key),
                    "expected a single value".into(),
                );
                continue;
            }
        };
        entries.push(Entry { key, value, line });
    }
    Some(entries)
}

/// 1-based line of the byte at `offset`.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    let before = bytes.get(..offset).unwrap_or(bytes);
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

fn meta_from_entries(label: &str, entries: &[Entry], errors: &mut Errors) -> Option<ScenarioMeta> {
    let mut found: [Option<&Entry>; KEYS.len()] = [None; KEYS.len()];
    for entry in entries {
        match KEYS.iter().position(|k| *k == entry.key) {
            Some(index) => match found[index] {
                None => found[index] = Some(entry),
                Some(first) => errors.push(
                    label,
                    Some(entry.line),
                    Some(&entry.key),
                    format!("this key is given twice (first on row {})", first.line),
                ),
            },
            None => errors.push(
                label,
                Some(entry.line),
                Some(&entry.key),
                format!("unknown key; known keys: {}", KEYS.join(", ")),
            ),
        }
    }
    let entry = |key: &str| KEYS.iter().position(|k| *k == key).and_then(|i| found[i]);
    let name = required(label, NAME, entry(NAME), values::text, errors);
    let country = required(
        label,
        COUNTRY,
        entry(COUNTRY),
        values::model::<Country>,
        errors,
    );
    let year = required(label, YEAR, entry(YEAR), values::year, errors);
    let national_total = match entry(NATIONAL_TOTAL) {
        Some(e) if !e.value.is_empty() => Some(parse(label, e, values::count, errors)?),
        _ => None,
    };
    Some(ScenarioMeta {
        name: name?,
        country: country?,
        year: year?,
        national_total,
    })
}

fn required<T>(
    label: &str,
    key: &str,
    entry: Option<&Entry>,
    parser: impl FnOnce(&str) -> Result<T, ValueError>,
    errors: &mut Errors,
) -> Option<T> {
    match entry {
        Some(entry) => parse(label, entry, parser, errors),
        None => {
            errors.push(
                label,
                None,
                Some(key),
                "this required key is missing".into(),
            );
            None
        }
    }
}

fn parse<T>(
    label: &str,
    entry: &Entry,
    parser: impl FnOnce(&str) -> Result<T, ValueError>,
    errors: &mut Errors,
) -> Option<T> {
    parser(&entry.value)
        .map_err(|e| errors.push(label, Some(entry.line), Some(&entry.key), e.to_string()))
        .ok()
}

/// `scenario.toml` for `meta`, keys in the documented order (a `toml::Table` would sort
/// them); `toml::Value` does the quoting and escaping.
pub(crate) fn to_toml(meta: &ScenarioMeta) -> String {
    let mut lines = vec![
        (NAME, toml::Value::String(meta.name.clone())),
        (COUNTRY, toml::Value::String(meta.country.code().into())),
        (YEAR, toml::Value::Integer(meta.year.into())),
    ];
    if let Some(total) = meta.national_total {
        lines.push((NATIONAL_TOTAL, toml::Value::Integer(total.into())));
    }
    lines
        .iter()
        .map(|(key, value)| format!("{key} = {value}\n"))
        .collect()
}
