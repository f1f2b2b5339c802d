//! The synthetic history: deterministic, calibrated, outcomes only where they can be, and
//! readable by the bundle crate.

use landa_bundle::{read_history, write_history};
use landa_generate::{
    generate, generate_history, GenerateOptions, HistoryOptions, SyntheticHistory, EMPLOYED_1Y,
    EMPLOYED_2Y,
};
use landa_model::PastHousehold;
use std::collections::HashSet;
use std::sync::OnceLock;
use std::time::Instant;

fn options(seed: u64) -> GenerateOptions {
    GenerateOptions {
        households: 300,
        seed,
        ..Default::default()
    }
}

/// The default history (4 years × 3 000 households before 2026), generated once.
fn full() -> &'static SyntheticHistory {
    static HISTORY: OnceLock<SyntheticHistory> = OnceLock::new();
    HISTORY.get_or_init(|| {
        let start = Instant::now();
        let generated =
            generate_history(&options(7), &HistoryOptions::default()).expect("valid options");
        eprintln!(
            "4 × 3000 households: {} persons in {:?}",
            generated.history.persons(),
            start.elapsed()
        );
        generated
    })
}

fn small(seed: u64) -> SyntheticHistory {
    let history = HistoryOptions {
        years: 2,
        households_per_year: 200,
    };
    generate_history(&options(seed), &history).expect("valid options")
}

/// Every (household, member, age at placement) of a history.
fn members(
    history: &landa_model::History,
) -> impl Iterator<Item = (usize, usize, &PastHousehold, i32)> {
    history
        .households
        .iter()
        .enumerate()
        .flat_map(|(h, household)| {
            household
                .members()
                .iter()
                .enumerate()
                .map(move |(m, person)| (h, m, household, household.age_of(person)))
        })
}

#[test]
fn the_same_seed_gives_the_same_history_and_leaves_generate_alone() {
    let before = generate(&options(5)).expect("valid options");
    let first = small(5);
    assert_eq!(first.history, small(5).history);
    assert_ne!(first.history, small(6).history);
    assert_eq!(generate(&options(5)).expect("valid options"), before);
    // The same municipalities as the bundle, so a model trained on one scores the other.
    assert_eq!(first.municipalities(), before.municipalities.as_slice());
    // Ids say the year and never clash with the bundle's.
    let bundle_ids: HashSet<&str> = before.households.iter().map(|h| h.id.as_str()).collect();
    let mut persons = HashSet::new();
    for household in &first.history.households {
        assert!(
            household.id.as_str().starts_with("y2024-h")
                || household.id.as_str().starts_with("y2025-h")
        );
        assert!(!bundle_ids.contains(household.id.as_str()));
        for person in household.members() {
            assert!(person.id.as_str().starts_with(household.id.as_str()));
            assert!(persons.insert(person.id.clone()), "{} twice", person.id);
        }
    }
}

#[test]
fn the_history_is_calibrated_to_dalarna() {
    let generated = full();
    let history = &generated.history;
    assert_eq!(history.households.len() + generated.unplaced(), 12_000);
    let (one, two) = (
        history.outcome_index(EMPLOYED_1Y).expect("an outcome"),
        history.outcome_index(EMPLOYED_2Y).expect("an outcome"),
    );
    let (mut adults, mut p1, mut p2, mut employed_1y, mut employed_2y) = (0usize, 0.0, 0.0, 0, 0);
    for (h, m, household, _) in members(history) {
        let person = &household.members()[m];
        let here = &household.municipality;
        let Some(probability) = generated.true_probability(h, m, here, EMPLOYED_2Y) else {
            continue;
        };
        adults += 1;
        p2 += probability;
        p1 += generated
            .true_probability(h, m, here, EMPLOYED_1Y)
            .expect("both outcomes");
        employed_1y += usize::from(person.outcomes[one] == Some(true));
        employed_2y += usize::from(person.outcomes[two] == Some(true));
    }
    let n = adults as f64;
    eprintln!(
        "{adults} adults: mean p 1y {:.4} 2y {:.4}; drawn 1y {:.4} 2y {:.4}; shifts {:?} {:?}; unplaced {}",
        p1 / n,
        p2 / n,
        employed_1y as f64 / n,
        employed_2y as f64 / n,
        generated.shift(EMPLOYED_1Y),
        generated.shift(EMPLOYED_2Y),
        generated.unplaced()
    );
    assert_eq!(generated.target(EMPLOYED_2Y), Some(0.24));
    assert_eq!(generated.target(EMPLOYED_1Y), Some(0.12));
    assert!((p2 / n - 0.24).abs() < 1e-6);
    assert!((p1 / n - 0.12).abs() < 1e-6);
    assert!((employed_2y as f64 / n - 0.24).abs() < 0.01);
    assert!((employed_1y as f64 / n - 0.12).abs() < 0.01);
}

#[test]
fn only_working_age_adults_have_outcomes_and_one_year_implies_two() {
    let generated = full();
    let history = &generated.history;
    let (one, two) = (
        history.outcome_index(EMPLOYED_1Y).expect("an outcome"),
        history.outcome_index(EMPLOYED_2Y).expect("an outcome"),
    );
    let mut over_64 = 0;
    for (h, m, household, age) in members(history) {
        let person = &household.members()[m];
        let working_age = household.adults() > 0 && (18..=64).contains(&age);
        over_64 += usize::from(age > 64);
        assert_eq!(
            person.outcomes.iter().all(Option::is_some),
            working_age,
            "{}",
            person.id
        );
        assert_eq!(
            person.outcomes.iter().all(Option::is_none),
            !working_age,
            "{}",
            person.id
        );
        assert!(!(person.outcomes[one] == Some(true) && person.outcomes[two] == Some(false)));
        let anywhere = generated.true_probability(h, m, &household.municipality, EMPLOYED_2Y);
        assert_eq!(anywhere.is_some(), working_age);
        assert!(person.origin.is_some());
    }
    assert!(
        over_64 > 0,
        "some 65-year-olds are drawn, and have no outcome"
    );
}

#[test]
fn true_probabilities_differ_between_municipalities() {
    let generated = full();
    let municipalities = generated.municipalities();
    let (h, m) = generated
        .history
        .households
        .iter()
        .enumerate()
        .find_map(|(h, household)| {
            (household.adults() > 0
                && household.kind() != landa_model::HouseholdType::UnaccompaniedMinor)
                .then_some((h, 0))
        })
        .expect("households with adults");
    let probabilities: Vec<f64> = municipalities
        .iter()
        .map(|mu| {
            generated
                .true_probability(h, m, &mu.code, EMPLOYED_2Y)
                .expect("an adult")
        })
        .collect();
    let (low, high) = probabilities
        .iter()
        .fold((1.0f64, 0.0f64), |(l, hi), p| (l.min(*p), hi.max(*p)));
    assert!(high - low > 0.05, "{low}..{high}");
    assert!(probabilities.iter().all(|p| (0.0..1.0).contains(p)));
    assert_eq!(
        generated.true_probability(h, m, &municipalities[0].code, "unknown"),
        None
    );
    assert_eq!(
        generated.true_probability(usize::MAX, m, &municipalities[0].code, EMPLOYED_2Y),
        None
    );
}

#[test]
fn a_written_history_reads_back_equal() {
    let generated = small(9);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("history.csv");
    write_history(&generated.history, &path).expect("written");
    assert_eq!(
        read_history(&path, generated.municipalities()),
        Ok(generated.history.clone())
    );
}

#[test]
fn impossible_history_options_are_refused() {
    let none = HistoryOptions {
        years: 0,
        households_per_year: 10,
    };
    assert!(generate_history(&options(1), &none).is_err());
    let early = GenerateOptions {
        year: 1968,
        ..options(1)
    };
    assert!(generate_history(&early, &HistoryOptions::default()).is_err());
}
