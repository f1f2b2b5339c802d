//! Data-driven: every folder under tests/fixtures is a bundle with an `expected-errors.txt`
//! beside it listing, one per line, the errors `read_bundle` must report (empty: the bundle
//! is valid). A folder without the file fails, naming it. Run with `UPDATE_EXPECT=1` to
//! write the expectations from the current output (after a deliberate change, or for a new
//! fixture), then review the diff:
//! `UPDATE_EXPECT=1 cargo test -p landa-bundle --test expected_errors`.

mod expect;

use landa_bundle::read_bundle;
use std::fs;
use std::path::Path;

const EXPECTED: &str = "expected-errors.txt";

fn actual_lines(bundle: &Path) -> String {
    match read_bundle(bundle) {
        Ok(_) => String::new(),
        Err(errors) => errors.iter().map(|e| format!("{e}\n")).collect(),
    }
}

#[test]
fn every_fixture_reports_exactly_its_expected_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable fixture folder").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "fixtures went missing: {cases:?}");
    expect::check_expectations(&cases, |case| case.join(EXPECTED), actual_lines);
}

#[test]
fn the_valid_fixture_is_read_with_its_values() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let scenario = read_bundle(&root).expect("the valid fixture is valid");
    // The BOM and the blank line of regions.csv, and the spaces around its cells, are gone.
    assert_eq!(scenario.regions[0].code.as_str(), "03");
    assert_eq!(scenario.regions[1].name, "Dalarnas län");
    let h2 = &scenario.households[1];
    assert!(h2.is_unaccompanied_minor());
    assert_eq!((h2.adults(), h2.children()), (0, 1));
    assert_eq!(scenario.persons.len(), 4);
    assert_eq!(scenario.scores[1].value(), -0.125);
    assert_eq!(scenario.request_rounds.len(), 2);
    assert_eq!(scenario.request_rounds[0].requests.len(), 2);
    assert_eq!(scenario.request_rounds[1].sent_on, None);
    assert_eq!(
        scenario.decisions[1].body,
        Some(landa_model::DecidingBody::Other("socialnämnden".into()))
    );
    let wheelchair = "wheelchair".parse().expect("a service name");
    assert_eq!(scenario.capacities[0].service(&wheelchair), 1);
    assert!(!scenario.capacities[1].services.contains_key(&wheelchair));
}

#[test]
fn intake_columns_are_read_and_old_bundles_default_them() {
    use landa_model::{Intake, NaiveDate};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intake-valid");
    let scenario = read_bundle(&root).expect("the intake-valid fixture is valid");
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let intakes: Vec<_> = scenario
        .households
        .iter()
        .map(|h| (h.intake.clone(), h.permit_date))
        .collect();
    assert_eq!(
        intakes,
        [
            (Intake::Quota, day(2023, 12, 20)),
            (
                Intake::SelfSettled("2080".parse().expect("a code")),
                day(2024, 2, 1)
            ),
            (Intake::ReceptionCentre, None),
            (Intake::FamilyReunification, None),
        ]
    );
    // A bundle without the columns: every household came through a reception centre.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let scenario = read_bundle(&root).expect("the valid fixture is valid");
    assert!(scenario
        .households
        .iter()
        .all(|h| h.intake == Intake::ReceptionCentre && h.permit_date.is_none()));
}

#[test]
fn a_csv_bundle_as_excel_writes_it_in_nordic_locales_is_read() {
    // Semicolons, a byte order mark, CRLF line endings, decimal commas, a quoted comma.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/excel-nordic");
    let bytes = fs::read(root.join("municipalities.csv")).expect("the fixture file");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFmunicipality_code;") && bytes.ends_with(b"\r\n"));
    let scenario = read_bundle(&root).expect("the excel-nordic fixture is valid");
    assert_eq!(scenario.regions[0].code.as_str(), "03");
    assert_eq!(scenario.regions[1].name, "Dalarnas län");
    let uppsala = &scenario.municipalities[0];
    assert_eq!(uppsala.employment_rate(), Some(0.78));
    assert_eq!(uppsala.reception_per_1000(), Some(4.1));
    assert_eq!(scenario.municipalities[1].name, "Falun, kommun");
    assert_eq!(scenario.municipalities[1].employment_rate(), Some(0.79));
    let scores: Vec<f64> = scenario.scores.iter().map(|s| s.value()).collect();
    assert_eq!(scores, [0.5, -0.125, 1.0]);
    let h1 = &scenario.households[0];
    assert_eq!(
        h1.languages.len(),
        1,
        "languages' ; is not the delimiter here"
    );
    assert_eq!(h1.intake, landa_model::Intake::Quota);
    // Written back, it reads the same, with commas and decimal points.
    let dir = tempfile::tempdir().expect("a temporary folder");
    landa_bundle::write_bundle(&scenario, dir.path()).expect("the bundle is written");
    assert_eq!(read_bundle(dir.path()), Ok(scenario));
}

/// `\n` as `\r\n`, leaving line ends that already are CRLF alone.
fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && (i == 0 || bytes[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

#[test]
fn every_fixture_with_crlf_line_endings_reports_the_same_rows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut compared = 0;
    for entry in fs::read_dir(&root).expect("tests/fixtures exists") {
        let case = entry.expect("a fixture folder").path();
        if !case.is_dir() {
            continue;
        }
        let copy = tempfile::tempdir().expect("a temporary folder");
        for file in fs::read_dir(&case).expect("a readable fixture") {
            let path = file.expect("a fixture file").path();
            let name = path.file_name().expect("a file name");
            if name != EXPECTED {
                let bytes = fs::read(&path).expect("a readable fixture file");
                fs::write(copy.path().join(name), crlf(&bytes)).expect("a writable folder");
            }
        }
        // A quoted value spanning lines keeps its CRLF; the rows must be the same.
        assert_eq!(
            actual_lines(copy.path())
                .replace(&copy.path().display().to_string(), "")
                .replace("\r\n", "\n"),
            actual_lines(&case).replace(&case.display().to_string(), ""),
            "{}",
            case.display()
        );
        compared += 1;
    }
    assert!(compared >= 10);
}
