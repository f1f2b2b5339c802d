//! The bundles shipped in data/bundles read without errors and hold what their sources say.

use landa_bundle::read_bundle;
use landa_model::{Country, Scenario};
use std::path::{Path, PathBuf};

fn bundles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundles")
}

fn read(name: &str) -> Scenario {
    let path = bundles_dir().join(name);
    match read_bundle(&path) {
        Ok(scenario) => scenario,
        Err(errors) => panic!("{} does not read: {errors:#?}", path.display()),
    }
}

fn requested(scenario: &Scenario) -> (u32, u32) {
    let round = &scenario.request_rounds[0];
    (
        round.requests.iter().map(|r| r.persons).sum(),
        round.requests.iter().map(|r| r.unaccompanied_minors).sum(),
    )
}

#[test]
fn ostfold_2015_holds_the_requests_and_decisions_of_the_report() {
    let scenario = read("ostfold-2015");
    assert_eq!(scenario.meta.country, Country::Norway);
    assert_eq!(scenario.meta.year, 2015);
    assert_eq!(scenario.municipalities.len(), 18);
    assert!(scenario
        .municipalities
        .iter()
        .all(|m| m.population.is_none()));
    assert_eq!(scenario.request_rounds.len(), 1);
    assert_eq!(scenario.request_rounds[0].sent_by, "IMDi");
    assert_eq!(scenario.request_rounds[0].sent_on, None);
    assert_eq!(requested(&scenario), (435, 0));
    let decided: u32 = scenario.decisions.iter().map(|d| d.persons).sum();
    let minors: u32 = scenario
        .decisions
        .iter()
        .map(|d| d.unaccompanied_minors)
        .sum();
    assert_eq!((decided, minors), (331, 25));
    // Hobøl has no decision recorded; the 17 others have one, without body or date.
    assert_eq!(scenario.decisions.len(), 17);
    assert!(!scenario
        .decisions
        .iter()
        .any(|d| d.municipality.as_str() == "0138"));
    assert!(scenario
        .decisions
        .iter()
        .all(|d| d.body.is_none() && d.decided_on.is_none()));
}

#[test]
fn ostfold_2016_holds_the_requests_of_the_report() {
    let scenario = read("ostfold-2016");
    assert_eq!(scenario.meta.year, 2016);
    assert_eq!(scenario.municipalities.len(), 18);
    assert_eq!(requested(&scenario), (780, 197));
    assert!(scenario.decisions.is_empty());
}

#[test]
fn the_example_bundle_uses_every_file() {
    let scenario = read("example");
    assert_eq!(scenario.meta.country, Country::Sweden);
    assert_eq!(scenario.regions.len(), 2);
    assert_eq!(scenario.municipalities.len(), 6);
    assert_eq!(scenario.households.len(), 12);
    let minors = scenario
        .households
        .iter()
        .filter(|h| h.is_unaccompanied_minor());
    assert_eq!(minors.count(), 2);
    let members: u32 = scenario.households.iter().map(|h| h.size()).sum();
    assert_eq!(scenario.persons.len(), members as usize);
    for service in ["wheelchair", "trauma_care"] {
        let service = service.parse().expect("a service name");
        assert!(scenario.capacities.iter().any(|c| c.service(&service) > 0));
        assert!(scenario
            .households
            .iter()
            .any(|h| h.needs.contains(&service)));
    }
    assert!(!scenario.dwellings.is_empty());
    assert!(!scenario.scores.is_empty());
    assert_eq!(scenario.request_rounds.len(), 1);
    assert_eq!(scenario.decisions.len(), 2);
}

#[test]
fn every_shipped_bundle_reads_without_errors() {
    let mut names: Vec<String> = std::fs::read_dir(bundles_dir())
        .expect("data/bundles exists")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["example", "ostfold-2015", "ostfold-2016"]);
    for name in &names {
        read(name);
    }
}
