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
