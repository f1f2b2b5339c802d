//! The workbook variant: one sheet per file, sheet `scenario` with key,value rows. Workbooks
//! are built here with rust_xlsxwriter.

use landa_bundle::read_bundle;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// A cell as a spreadsheet user would type it.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
    Date(u16, u8, u8),
    Blank,
}

fn write_rows(sheet: &mut Worksheet, rows: &[Vec<Cell<'_>>]) -> Result<(), XlsxError> {
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).expect("few rows");
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).expect("few columns");
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, *s).map(|_| ())?,
                Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ())?,
                Cell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ())?,
                Cell::Date(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d)?;
                    sheet
                        .write_datetime_with_format(r, c, &date, &date_format)
                        .map(|_| ())?
                }
                Cell::Blank => {}
            }
        }
    }
    Ok(())
}

fn save(path: &Path, sheets: Vec<(&str, Vec<Vec<Cell<'_>>>)>) {
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).expect("a valid sheet name");
        write_rows(sheet, &rows).expect("cells are written");
    }
    workbook.save(path).expect("the workbook is saved");
}

/// The valid fixture folder as a workbook of text cells.
fn fixture_as_workbook(path: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut tables: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for file in [
        "regions",
        "municipalities",
        "households",
        "persons",
        "capacities",
        "dwellings",
        "scores",
        "requests",
        "decisions",
        "preferences",
        "municipality_priorities",
    ] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(fixture.join(format!("{file}.csv")))
            .expect("a fixture file");
        let rows = reader
            .records()
            .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
            .collect();
        tables.push((file.to_owned(), rows));
    }
    let mut sheets = vec![(
        "scenario",
        vec![
            vec![Cell::Text("key"), Cell::Text("value")],
            vec![Cell::Text("name"), Cell::Text("fixture")],
            vec![Cell::Text("country"), Cell::Text("SE")],
            vec![Cell::Text("year"), Cell::Number(2024.0)],
        ],
    )];
    for (name, rows) in &tables {
        let rows = rows
            .iter()
            .map(|row| row.iter().map(|s| Cell::Text(s)).collect())
            .collect();
        sheets.push((name, rows));
    }
    save(path, sheets);
}

#[test]
fn a_workbook_reads_as_the_same_folder_would() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("valid.xlsx");
    fixture_as_workbook(&path);
    let from_folder =
        read_bundle(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"));
    let from_workbook = read_bundle(&path);
    assert!(from_workbook.is_ok(), "{from_workbook:?}");
    assert_eq!(from_workbook, from_folder);
}

fn scenario_sheet<'a>() -> (&'a str, Vec<Vec<Cell<'a>>>) {
    (
        "scenario",
        vec![
            vec![Cell::Text("key"), Cell::Text("value")],
            vec![Cell::Text("name"), Cell::Text("typed cells")],
            vec![Cell::Text("country"), Cell::Text("NO")],
            vec![Cell::Text("year"), Cell::Number(2016.0)],
            vec![Cell::Text("national_total"), Cell::Number(15_000.0)],
        ],
    )
}

fn geography_sheets<'a>() -> Vec<(&'a str, Vec<Vec<Cell<'a>>>)> {
    vec![
        (
            "regions",
            vec![
                vec![Cell::Text("region_code"), Cell::Text("name")],
                vec![Cell::Text("01"), Cell::Text("Østfold")],
            ],
        ),
        (
            "municipalities",
            vec![
                vec![
                    Cell::Text("municipality_code"),
                    Cell::Text("name"),
                    Cell::Text("region_code"),
                    Cell::Text("population"),
                    Cell::Text("employment_rate"),
                ],
                vec![
                    Cell::Text("0101"),
                    Cell::Text("Halden"),
                    Cell::Text("01"),
                    Cell::Number(30_000.0),
                    Cell::Number(0.7),
                ],
                vec![
                    Cell::Text("0104"),
                    Cell::Text("Moss"),
                    Cell::Text("01"),
                    Cell::Blank,
                    Cell::Blank,
                ],
            ],
        ),
    ]
}

fn households_header<'a>() -> Vec<Cell<'a>> {
    [
        "household_id",
        "size",
        "adults",
        "children",
        "unaccompanied_minor",
        "waiting_since",
    ]
    .into_iter()
    .map(Cell::Text)
    .collect()
}

#[test]
fn numbers_booleans_and_dates_in_cells_are_read_as_their_text_would_be() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("typed.xlsx");
    let mut sheets = vec![scenario_sheet()];
    sheets.extend(geography_sheets());
    sheets.push((
        "households",
        vec![
            households_header(),
            vec![
                Cell::Text("h1"),
                Cell::Number(3.0),
                Cell::Number(1.0),
                Cell::Number(2.0),
                Cell::Bool(false),
                Cell::Date(2016, 2, 29),
            ],
        ],
    ));
    save(&path, sheets);
    let scenario = read_bundle(&path).expect("a valid workbook");
    assert_eq!(scenario.meta.year, 2016);
    assert_eq!(scenario.meta.national_total, Some(15_000));
    assert_eq!(scenario.municipalities[0].population, Some(30_000));
    assert_eq!(scenario.municipalities[0].employment_rate(), Some(0.7));
    assert_eq!(scenario.municipalities[1].population, None);
    let household = &scenario.households[0];
    assert_eq!(household.size(), 3);
    assert_eq!(household.waiting_since.to_string(), "2016-02-29");
}

#[test]
fn errors_in_a_workbook_name_the_sheet_row_and_column() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("errors.xlsx");
    let mut sheets = vec![scenario_sheet()];
    sheets.extend(geography_sheets());
    sheets.push((
        "households",
        vec![
            households_header(),
            vec![
                Cell::Text("h1"),
                Cell::Number(1.0),
                Cell::Number(1.0),
                Cell::Number(0.0),
                Cell::Bool(false),
                Cell::Date(2016, 1, 4),
            ],
            vec![
                Cell::Text("h2"),
                Cell::Number(4.0),
                Cell::Number(2.0),
                Cell::Number(1.0),
                Cell::Text("no"),
                Cell::Date(2016, 1, 5),
            ],
        ],
    ));
    sheets.push(("Notes", vec![vec![Cell::Text("anything")]]));
    save(&path, sheets);
    let errors: Vec<String> = read_bundle(&path)
        .expect_err("the workbook has errors")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "Notes: unknown sheet; a bundle's sheets are scenario, regions, municipalities, households, persons, capacities, dwellings, scores, requests, decisions, preferences, household_preferences, municipality_priorities",
            "households:3:unaccompanied_minor: expected true or false, got 'no'",
        ]
    );
}

#[test]
fn a_workbook_without_its_required_sheets_says_which() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("sparse.xlsx");
    save(&path, geography_sheets().into_iter().take(1).collect());
    let errors: Vec<String> = read_bundle(&path)
        .expect_err("sheets are missing")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "municipalities: this required sheet is missing",
            "scenario: this required sheet is missing",
        ]
    );
}
