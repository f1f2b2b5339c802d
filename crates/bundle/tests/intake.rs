//! Intake files: households (and their persons) to add to a scenario, read as a CSV file
//! with persons.csv beside it, a workbook, or uploaded bytes.

use landa_bundle::{read_bundle, read_intake, read_intake_bytes, BundleError, IntakeBatch};
use landa_model::{Intake, Municipality};
use rust_xlsxwriter::Workbook;
use std::fs;
use std::path::Path;

/// 0380 Uppsala and 2080 Falun.
fn municipalities() -> Vec<Municipality> {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    read_bundle(&bundle)
        .expect("the valid fixture")
        .municipalities
}

const HOUSEHOLDS: &str = "\
household_id,size,adults,children,unaccompanied_minor,waiting_since,tie_municipality_code,intake_category,settled_municipality_code,permit_date
n1,2,1,1,false,2024-03-01,0380,quota,,2024-02-20

n2,1,1,0,false,2024-03-04,,self_settled,2080,
";

const PERSONS: &str = "\
person_id,household_id,birth_year,sex
n1-a,n1,1990,f
n1-b,n1,2019,m
n2-a,n2,1985,x
";

fn lines(errors: &[BundleError]) -> String {
    errors.iter().map(|e| format!("{e}\n")).collect()
}

fn read_ok(result: Result<IntakeBatch, Vec<BundleError>>) -> IntakeBatch {
    result.unwrap_or_else(|errors| panic!("the intake reads:\n{}", lines(&errors)))
}

#[test]
fn a_good_csv_file_is_read_with_the_persons_beside_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("intake-march.csv");
    fs::write(&path, HOUSEHOLDS).expect("a writable folder");
    // Without persons.csv beside it: households only.
    let batch = read_ok(read_intake(&path, &municipalities()));
    assert_eq!(batch.file, "intake-march.csv");
    assert_eq!(batch.households.len(), 2);
    assert!(batch.persons.is_empty());
    assert_eq!(batch.rows, [2, 4]);
    assert_eq!(batch.households[0].intake, Intake::Quota);
    assert_eq!(
        batch.households[1].intake,
        Intake::SelfSettled("2080".parse().expect("a code"))
    );
    let error = batch.error_at(1, "household_id", "household n2 is in the scenario already");
    assert_eq!(
        error.to_string(),
        "intake-march.csv:4:household_id: household n2 is in the scenario already"
    );
    // With persons.csv beside it.
    fs::write(dir.path().join("persons.csv"), PERSONS).expect("a writable folder");
    let batch = read_ok(read_intake(&path, &municipalities()));
    assert_eq!(batch.persons.len(), 3);
    assert_eq!(batch.persons[2].household.as_str(), "n2");
}

#[test]
fn every_error_of_an_intake_is_named_by_file_row_and_column() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("intake.csv");
    fs::write(
        &path,
        "\
household_id,size,adults,children,unaccompanied_minor,waiting_since,tie_municipality_code,intake_category,settled_municipality_code,permit_date
n1,3,1,1,false,2024-03-01,0380,quota,,
n2,1,1,0,false,2024-03-04,0180,self_settled,,2024-03-05
n1,1,1,0,false,2024-03-04,,self_settled,9999,
n4,1,1,0,maybe,2024-03-04,,asylum,,
",
    )
    .expect("a writable folder");
    fs::write(
        dir.path().join("persons.csv"),
        "person_id,household_id,birth_year\nn2-a,n2,1985\nx-a,n9,1985\n",
    )
    .expect("a writable folder");
    let errors = read_intake(&path, &municipalities()).expect_err("the intake has errors");
    assert_eq!(
        lines(&errors),
        "\
intake.csv:2:size: size must equal adults + children (1 + 1), got 3
intake.csv:3:tie_municipality_code: unknown municipality 0180: it is not in the scenario's municipalities
intake.csv:3:settled_municipality_code: a self-settled household names the municipality it settled in
intake.csv:3:permit_date: the permit date 2024-03-05 is after waiting_since 2024-03-04; a household waits for settlement from its permit on, not before
intake.csv:4:household_id: duplicate household_id n1: first given on row 2
intake.csv:4:settled_municipality_code: unknown municipality 9999: it is not in the scenario's municipalities
intake.csv:5:unaccompanied_minor: expected true or false, got 'maybe'
intake.csv:5:intake_category: expected quota, reception_centre, family_reunification or self_settled, got 'asylum'
persons.csv:3:household_id: unknown household n9: it is not in intake.csv
"
    );
}

#[test]
fn files_that_are_not_an_intake_are_reported() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let errors = read_intake(&dir.path().join("none.csv"), &[]).expect_err("no file");
    assert_eq!(lines(&errors), "none.csv: no such file\n");
    let errors = read_intake(&dir.path().join("intake.txt"), &[]).expect_err("not CSV");
    assert_eq!(
        lines(&errors),
        "intake.txt: expected a households .csv file or an .xlsx workbook\n"
    );
    let errors = read_intake_bytes("intake.csv", b"", None, &[]).expect_err("empty");
    assert!(lines(&errors).starts_with("intake.csv: the file is empty; expected a header row"));
}

/// `tables` as a workbook of text cells, one sheet per (name, CSV text).
fn workbook(tables: &[(&str, &str)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    for (name, text) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).expect("a sheet name");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for (r, record) in reader.records().enumerate() {
            let record = record.expect("a CSV record");
            for (c, cell) in record.iter().enumerate() {
                let (r, c) = (
                    u32::try_from(r).expect("few"),
                    u16::try_from(c).expect("few"),
                );
                sheet.write_string(r, c, cell).expect("a cell");
            }
        }
    }
    workbook.save_to_buffer().expect("the workbook is saved")
}

#[test]
fn a_workbook_intake_is_read_from_its_sheets() {
    let bytes = workbook(&[("households", HOUSEHOLDS), ("persons", PERSONS)]);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("intake.xlsx");
    fs::write(&path, &bytes).expect("a writable folder");
    let batch = read_ok(read_intake(&path, &municipalities()));
    assert_eq!(batch.file, "intake.xlsx/households");
    assert_eq!((batch.households.len(), batch.persons.len()), (2, 3));
    // The blank line of the CSV text is no row of the sheet.
    assert_eq!(batch.rows, [2, 3]);
    // The same upload, and errors in it named by sheet.
    let uploaded = read_ok(read_intake_bytes(
        "intake.xlsx",
        &bytes,
        None,
        &municipalities(),
    ));
    assert_eq!(uploaded, batch);
    let errors = read_intake_bytes("intake.xlsx", &bytes, None, &[]).expect_err("no 0380");
    assert_eq!(
        lines(&errors),
        "\
intake.xlsx/households:2:tie_municipality_code: unknown municipality 0380: it is not in the scenario's municipalities
intake.xlsx/households:3:settled_municipality_code: unknown municipality 2080: it is not in the scenario's municipalities
"
    );
    let odd = workbook(&[("Sheet1", HOUSEHOLDS)]);
    let errors = read_intake_bytes("odd.xlsx", &odd, None, &[]).expect_err("no sheet households");
    assert_eq!(
        lines(&errors),
        "\
odd.xlsx: this workbook has no sheet households
odd.xlsx/Sheet1: unknown sheet; an intake workbook's sheets are households and persons
"
    );
}

#[test]
fn an_uploaded_semicolon_file_with_a_bom_and_crlf_is_read() {
    let excel = |text: &str| {
        let semicolons = text.replace(',', ";").replace('\n', "\r\n");
        format!("\u{feff}{semicolons}").into_bytes()
    };
    let households = excel(HOUSEHOLDS);
    let persons = excel(PERSONS);
    let batch = read_ok(read_intake_bytes(
        "Intag mars.csv",
        &households,
        Some(("Personer.csv", &persons)),
        &municipalities(),
    ));
    assert_eq!(batch.file, "Intag mars.csv");
    assert_eq!((batch.households.len(), batch.persons.len()), (2, 3));
    assert_eq!(batch.rows, [2, 4]);
    // Persons that do not add up are named in the persons file and the households file.
    let short = excel("person_id,household_id,birth_year\nn1-a,n1,1990\nn2-a,n2,1985\n");
    let errors = read_intake_bytes(
        "Intag mars.csv",
        &households,
        Some(("Personer.csv", &short)),
        &municipalities(),
    )
    .expect_err("n1 lacks a person");
    assert_eq!(
        lines(&errors),
        "Intag mars.csv:2:size: household n1 has size 2 but Personer.csv lists 1 persons for it; when Personer.csv is given, every household must have exactly size persons listed\n"
    );
}
