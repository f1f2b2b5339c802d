//! read_bundle never panics, whatever the files hold. Each file of a valid bundle (the
//! `valid` fixture) is kept, removed, or replaced by arbitrary bytes or by a table with a
//! plausible header and cells drawn from values on the edges of every check, so that both
//! the checks of single cells and those across tables are reached.
//! Whatever it returns must also make sense: errors carry a message and are capped, and
//! a bundle it accepts writes and reads back equal.

use landa_bundle::{read_bundle, read_history, write_bundle, write_history};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use std::fs;
use std::path::Path;

/// Each file and its columns, as the format documents them.
const TABLES: [(&str, &[&str]); 9] = [
    ("regions.csv", &["region_code", "name"]),
    (
        "municipalities.csv",
        &[
            "municipality_code",
            "name",
            "region_code",
            "population",
            "employment_rate",
            "reception_per_1000",
            "housing_market",
        ],
    ),
    (
        "households.csv",
        &[
            "household_id",
            "size",
            "adults",
            "children",
            "unaccompanied_minor",
            "waiting_since",
            "tie_municipality_code",
            "needs",
            "languages",
            "intake_category",
            "settled_municipality_code",
            "permit_date",
        ],
    ),
    (
        "persons.csv",
        &[
            "person_id",
            "household_id",
            "birth_year",
            "sex",
            "education_level",
            "languages",
        ],
    ),
    (
        "capacities.csv",
        &[
            "municipality_code",
            "persons",
            "unaccompanied_minors",
            "service:wheelchair",
            "service:Bad Name",
        ],
    ),
    (
        "dwellings.csv",
        &[
            "dwelling_id",
            "municipality_code",
            "beds",
            "available_from",
            "accessible",
            "contract",
        ],
    ),
    (
        "scores.csv",
        &["household_id", "municipality_code", "score"],
    ),
    (
        "requests.csv",
        &[
            "round",
            "sent_on",
            "sent_by",
            "municipality_code",
            "persons",
            "unaccompanied_minors",
        ],
    ),
    (
        "decisions.csv",
        &[
            "municipality_code",
            "persons",
            "unaccompanied_minors",
            "body",
            "decided_on",
            "registration_number",
            "document_url",
        ],
    ),
];

/// Cell values on the edges of the checks, valid ones included so that rows get through.
const CELLS: [&str; 41] = [
    "",
    " ",
    "0",
    "1",
    "2",
    "3",
    "-1",
    "4294967295",
    "4294967296",
    "2.5",
    "1e400",
    "NaN",
    "inf",
    "-0",
    "01",
    "03",
    "0380",
    "2080",
    "380",
    "h1",
    "h2",
    "p1",
    "d1",
    "true",
    "FALSE",
    "yes",
    "2024-01-15",
    "2024-02-30",
    "wheelchair",
    "ar;so",
    "f",
    "tertiary",
    "balance",
    "first_hand",
    "municipal_council",
    "\u{feff}",
    "1990",
    "Syria/Iraq",
    "quota",
    "self_settled",
    "2023-12-31",
];

const TOML_LINES: [&str; 12] = [
    "name = \"x\"",
    "country = \"SE\"",
    "country = \"NO\"",
    "country = \"DK\"",
    "year = 2016",
    "year = 99999999999",
    "year = \"2016\"",
    "national_total = 10",
    "national_total = -1",
    "national_total = [1]",
    "other = 1",
    "[table]",
];

/// A table with a header of known (and one unknown) columns, and rows of edge values with
/// sometimes too few or too many fields.
fn plausible_table(columns: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let mut names = columns.to_vec();
    names.push("unknown");
    let rows = vec(vec(select(CELLS.to_vec()), 0..=columns.len() + 1), 0..6);
    (
        subsequence(names, 0..=columns.len() + 1).prop_shuffle(),
        rows,
    )
        .prop_map(|(header, rows)| {
            let mut text = header.join(",");
            for row in rows {
                text.push('\n');
                text.push_str(&row.join(","));
            }
            text.into_bytes()
        })
}

/// What becomes of one file of the valid bundle.
#[derive(Debug, Clone)]
enum Change {
    Keep,
    Remove,
    Replace(Vec<u8>),
}

fn table_change(columns: &'static [&'static str]) -> impl Strategy<Value = Change> {
    prop_oneof![
        24 => Just(Change::Keep),
        1 => Just(Change::Remove),
        1 => vec(any::<u8>(), 0..120).prop_map(Change::Replace),
        1 => "\\PC{0,80}".prop_map(|s| Change::Replace(s.into_bytes())),
        3 => plausible_table(columns).prop_map(Change::Replace),
    ]
}

fn toml_change() -> impl Strategy<Value = Change> {
    prop_oneof![
        24 => Just(Change::Keep),
        1 => Just(Change::Remove),
        1 => vec(any::<u8>(), 0..80).prop_map(Change::Replace),
        3 => vec(select(TOML_LINES.to_vec()), 0..6)
            .prop_map(|lines| Change::Replace(lines.join("\n").into_bytes())),
    ]
}

/// Changes to scenario.toml, then to each table of `TABLES`.
fn bundle() -> impl Strategy<Value = Vec<Change>> {
    let tables: Vec<_> = TABLES
        .iter()
        .map(|(_, columns)| table_change(columns))
        .collect();
    (toml_change(), tables).prop_map(|(toml, tables)| std::iter::once(toml).chain(tables).collect())
}

/// The valid fixture with `changes` applied.
fn write_files(dir: &Path, changes: &[Change]) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let files = std::iter::once("scenario.toml").chain(TABLES.iter().map(|(file, _)| *file));
    for (file, change) in files.zip(changes) {
        let target = dir.join(file);
        match change {
            Change::Keep => {
                fs::copy(fixture.join(file), target).expect("fixture files copy");
            }
            Change::Remove => {}
            Change::Replace(bytes) => fs::write(target, bytes).expect("a writable folder"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reading_any_files_returns_and_makes_sense(changes in bundle()) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        write_files(dir.path(), &changes);
        match read_bundle(dir.path()) {
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.len() <= 1001);
                prop_assert!(errors.iter().all(|e| !e.message.is_empty()));
            }
            Ok(scenario) => {
                let again = tempfile::tempdir().expect("a temporary folder");
                write_bundle(&scenario, again.path()).expect("the bundle is written");
                prop_assert_eq!(read_bundle(again.path()), Ok(scenario));
            }
        }
    }
}

/// A history file's columns, two outcomes among them, and a misspelt outcome.
const HISTORY_COLUMNS: [&str; 13] = [
    "person_id",
    "household_id",
    "municipality_code",
    "placed_on",
    "birth_year",
    "sex",
    "education_level",
    "origin",
    "languages",
    "outcome:employed_1y",
    "outcome:employed_2y",
    "outcome:Bad Name",
    "outcome:",
];

/// Per column of a history, valid values and invalid ones, so that rows get through to
/// the checks across rows (duplicates, households that disagree, birth after placement).
/// `=`: the household's own value, so that its rows agree.
type HistoryCells = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
const HISTORY_CELLS: [HistoryCells; 11] = [
    (
        "person_id",
        &["p1", "p2", "p3", "p4", "p5", "p6", "p7"],
        &["", "p 8"],
    ),
    ("household_id", &["h1", "h2", "h3"], &[""]),
    (
        "municipality_code",
        &["=", "=", "=", "2080"],
        &["2081", "380"],
    ),
    ("placed_on", &["=", "=", "=", "2022-01-01"], &["2021/03/14"]),
    ("birth_year", &["1985", "2015", "2021"], &["2022", "1850"]),
    ("sex", &["f", "m", "", "x"], &["q"]),
    (
        "education_level",
        &["primary", "", "tertiary"],
        &["masters"],
    ),
    (
        "origin",
        &["Syria/Iraq", "", "\"Eritrea, Asmara\""],
        &["\u{7}"],
    ),
    ("languages", &["ar;so", "", "ti"], &["arabic"]),
    ("outcome:employed_1y", &["true", "false", ""], &["yes"]),
    ("outcome:employed_2y", &["true", "false", ""], &["1"]),
];

/// A history with every column in some order and rows of valid cells (when `clean`) or
/// of valid and invalid ones.
fn likely_history() -> impl Strategy<Value = Vec<u8>> {
    let row = vec(any::<usize>(), HISTORY_CELLS.len());
    let order = Just((0..HISTORY_CELLS.len()).collect::<Vec<_>>()).prop_shuffle();
    (any::<bool>(), order, vec(row, 0..8)).prop_map(|(clean, order, rows)| {
        let line = |cells: &dyn Fn(usize) -> String| {
            order
                .iter()
                .map(|&i| cells(i))
                .collect::<Vec<_>>()
                .join(",")
        };
        let cell = |i: usize, pick: usize| {
            let (_, valid, invalid) = HISTORY_CELLS[i];
            let choices = if clean {
                valid.len()
            } else {
                valid.len() + invalid.len()
            };
            let n = pick % choices;
            if n < valid.len() {
                valid[n]
            } else {
                invalid[n - valid.len()]
            }
        };
        let mut text = line(&|i| HISTORY_CELLS[i].0.to_owned());
        for row in rows {
            let household = cell(1, row[1]);
            let own = |i: usize| match (HISTORY_CELLS[i].0, cell(i, row[i]), household) {
                ("municipality_code", "=", "h2") => "2080".to_owned(),
                ("municipality_code", "=", _) => "0380".to_owned(),
                ("placed_on", "=", _) => "2021-03-14".to_owned(),
                (_, value, _) => value.to_owned(),
            };
            text.push('\n');
            text.push_str(&line(&own));
        }
        text.into_bytes()
    })
}

/// A history file: arbitrary bytes or text, a plausible table of edge values, or a likely
/// history whose rows often share a household.
fn history_file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => vec(any::<u8>(), 0..120),
        1 => "\\PC{0,80}".prop_map(String::into_bytes),
        3 => plausible_table(&HISTORY_COLUMNS),
        5 => likely_history(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reading_any_history_returns_and_makes_sense(bytes in history_file()) {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let municipalities = read_bundle(&fixture).expect("the valid fixture").municipalities;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("history.csv");
        fs::write(&path, bytes).expect("a writable folder");
        match read_history(&path, &municipalities) {
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.len() <= 1001);
                prop_assert!(errors.iter().all(|e| !e.message.is_empty()));
            }
            Ok(history) => {
                let again = dir.path().join("again.csv");
                write_history(&history, &again).expect("the history is written");
                prop_assert_eq!(read_history(&again, &municipalities), Ok(history));
            }
        }
    }
}

#[test]
fn a_path_that_is_neither_folder_nor_workbook_is_an_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("notes.txt");
    fs::write(&file, "hello").expect("a writable temporary folder");
    let errors = read_bundle(&file).expect_err("not a bundle");
    assert_eq!(
        errors[0].message,
        "expected a bundle folder or an .xlsx workbook"
    );
    let errors = read_bundle(&dir.path().join("absent")).expect_err("not a bundle");
    assert_eq!(errors[0].message, "no such folder or workbook");
    let broken = dir.path().join("broken.xlsx");
    fs::write(&broken, b"PK\x03\x04 not really a zip").expect("a writable temporary folder");
    let errors = read_bundle(&broken).expect_err("not a workbook");
    assert!(
        errors[0].message.starts_with("cannot open workbook"),
        "{errors:?}"
    );
}

#[test]
fn a_garbage_file_yields_a_capped_list() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    for file in ["scenario.toml", "regions.csv", "municipalities.csv"] {
        fs::copy(fixture.join(file), dir.path().join(file)).expect("fixture files copy");
    }
    let mut scores = String::from("household_id,municipality_code,score\n");
    for i in 0..5000 {
        scores.push_str(&format!("h{i},0380,x\n"));
    }
    fs::write(dir.path().join("scores.csv"), scores).expect("a writable temporary folder");
    let errors = read_bundle(dir.path()).expect_err("every row is wrong");
    // Each row has two errors (unknown household, bad score): 10 000 in all.
    assert_eq!(errors.len(), 1001);
    assert_eq!(
        errors[1000].to_string(),
        "and 9000 more errors (only the first 1000 are listed)"
    );
    assert_eq!(
        errors[0].to_string(),
        "scores.csv:2:household_id: unknown household h0: it is not in households.csv"
    );
}
