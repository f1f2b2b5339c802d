//! History files. Data-driven like the bundles: every `tests/history/<case>.csv` has a
//! `<case>.expected` beside it listing, one per line, the errors `read_history` must
//! report against the municipalities of the `valid` bundle fixture (empty: the file is
//! valid); a missing `.expected` fails, naming it. `UPDATE_EXPECT=1` writes the
//! expectations from the current output; review the diff.

mod expect;

use landa_bundle::{read_bundle, read_history, write_history};
use landa_model::{EducationLevel, History, Municipality, Sex};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::fs;
use std::path::{Path, PathBuf};

fn municipalities() -> Vec<Municipality> {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    read_bundle(&bundle)
        .expect("the valid fixture")
        .municipalities
}

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/history")
        .join(name)
}

fn error_lines(result: Result<History, Vec<landa_bundle::BundleError>>) -> String {
    match result {
        Ok(_) => String::new(),
        Err(errors) => errors.iter().map(|e| format!("{e}\n")).collect(),
    }
}

#[test]
fn every_history_fixture_reports_exactly_its_expected_errors() {
    let municipalities = municipalities();
    let mut cases: Vec<PathBuf> = fs::read_dir(case(""))
        .expect("tests/history exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 7, "fixtures went missing: {cases:?}");
    expect::check_expectations(
        &cases,
        |path| path.with_extension("expected"),
        |path| error_lines(read_history(path, &municipalities)),
    );
}

#[test]
fn the_valid_history_is_read_with_its_values() {
    let history = read_history(&case("valid.csv"), &municipalities()).expect("valid");
    let names: Vec<&str> = history.outcomes.iter().map(|o| o.as_str()).collect();
    assert_eq!(names, ["employed_1y", "employed_2y"]);
    assert_eq!(history.households.len(), 2);
    assert_eq!(history.persons(), 5);
    // h1's rows are not adjacent; its fourth member comes last, after h2.
    let h1 = &history.households[0];
    assert_eq!(h1.members().len(), 4);
    assert_eq!(h1.adults(), 2);
    assert_eq!(h1.members()[0].outcomes, [Some(false), Some(true)]);
    assert_eq!(h1.members()[2].outcomes, [None, None]);
    assert_eq!(h1.members()[2].education, EducationLevel::Unknown);
    let h2 = &history.households[1];
    assert_eq!(h2.municipality.as_str(), "2080");
    let person = &h2.members()[0];
    assert_eq!(person.id.as_str(), "h2-p1");
    assert_eq!(person.sex, Sex::Unknown);
    assert_eq!(
        person.origin.as_ref().map(|o| o.as_str()),
        Some("Eritrea, Asmara")
    );
    assert_eq!(person.outcomes, [None, Some(false)]);
}

#[test]
fn a_written_history_reads_back_equal() {
    let municipalities = municipalities();
    let history = read_history(&case("valid.csv"), &municipalities).expect("valid");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("history.csv");
    write_history(&history, &path).expect("written");
    assert_eq!(read_history(&path, &municipalities), Ok(history.clone()));

    let mut none = history.clone();
    none.outcomes.clear();
    assert!(write_history(&none, &path).is_err());
    let mut empty = history;
    empty.households.clear();
    write_history(&empty, &path).expect("written");
    assert_eq!(read_history(&path, &municipalities), Ok(empty));
}

#[test]
fn files_that_are_not_there_or_not_tables_are_reported() {
    let municipalities = municipalities();
    let dir = tempfile::tempdir().expect("a temporary folder");
    assert_eq!(
        error_lines(read_history(&dir.path().join("gone.csv"), &municipalities)),
        "gone.csv: no such file\n"
    );
    let text = dir.path().join("history.txt");
    fs::write(&text, "person_id\n").expect("writable");
    assert_eq!(
        error_lines(read_history(&text, &municipalities)),
        "history.txt: expected a .csv file or a workbook (.xlsx, .xlsm, .xls, .ods)\n"
    );
    let empty = dir.path().join("empty.csv");
    fs::write(&empty, "").expect("writable");
    assert!(error_lines(read_history(&empty, &municipalities))
        .starts_with("empty.csv: the file is empty; expected a header row such as person_id,"));
}

#[test]
fn the_first_sheet_of_a_workbook_is_read_by_the_same_rules() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("history.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "person_id",
        "household_id",
        "municipality_code",
        "placed_on",
        "birth_year",
        "outcome:employed_2y",
    ];
    for (c, name) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).expect("cell");
    }
    let date = ExcelDateTime::from_ymd(2021, 3, 14).expect("a date");
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (r, (code, born, employed)) in [("0380", 1985.0, true), ("380", 1990.0, false)]
        .into_iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, format!("p{r}")).expect("cell");
        sheet.write_string(r, 1, format!("h{r}")).expect("cell");
        sheet.write_string(r, 2, code).expect("cell");
        sheet
            .write_datetime_with_format(r, 3, &date, &date_format)
            .expect("cell");
        sheet.write_number(r, 4, born).expect("cell");
        sheet.write_boolean(r, 5, employed).expect("cell");
    }
    workbook.add_worksheet().set_name("Notes").expect("a name");
    workbook.save(&path).expect("saved");
    assert_eq!(
        error_lines(read_history(&path, &municipalities())),
        "history.xlsx:3:municipality_code: expected a 4-digit code such as 0180 (keep leading zeros), got '380'\n"
    );
}
