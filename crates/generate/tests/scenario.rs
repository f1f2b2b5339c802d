//! Behaviour of generated scenarios: determinism, references, shares and the invariants an
//! optimiser relies on (capacity above demand, somewhere to go for every household).

use chrono::Datelike;
use landa_generate::{
    generate, GenerateError, GenerateOptions, ACCESSIBLE_HOUSING, SPECIALIST_CARE,
};
use landa_model::{
    Capacity, Contract, Country, Criterion, CriterionWeight, DecidingBody, Household, HouseholdId,
    MunicipalityCode, RegionCode, Scenario, ServiceName,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

fn options(households: usize, seed: u64) -> GenerateOptions {
    GenerateOptions {
        households,
        seed,
        ..GenerateOptions::default()
    }
}

/// One mid-sized scenario shared by the tests that measure shares.
fn national() -> &'static Scenario {
    static SCENARIO: OnceLock<Scenario> = OnceLock::new();
    SCENARIO.get_or_init(|| generate(&options(4_000, 11)).expect("default options are valid"))
}

fn service(name: &str) -> ServiceName {
    name.parse().expect("constant service name")
}

fn can_take(capacity: &Capacity, household: &Household) -> bool {
    capacity.persons() >= household.size()
        && (!household.is_unaccompanied_minor()
            || capacity.unaccompanied_minors() >= household.size())
        && household.needs.iter().all(|s| capacity.service(s) >= 1)
}

/// Everything that must hold for any options; returns what does not.
fn violations(s: &Scenario) -> Vec<String> {
    let mut found = Vec::new();
    let municipalities: BTreeSet<&MunicipalityCode> =
        s.municipalities.iter().map(|m| &m.code).collect();
    let households: BTreeMap<&HouseholdId, &Household> =
        s.households.iter().map(|h| (&h.id, h)).collect();
    let capacities: HashMap<&MunicipalityCode, &Capacity> =
        s.capacities.iter().map(|c| (&c.municipality, c)).collect();
    if households.len() != s.households.len() {
        found.push("household ids are not unique".into());
    }
    if capacities.len() != s.municipalities.len() {
        found.push("not exactly one capacity per municipality".into());
    }
    for m in &s.municipalities {
        if !s.regions.iter().any(|r| r.code == m.region) {
            found.push(format!("{} names an unknown region", m.code));
        }
    }
    for h in &s.households {
        if let Some(tie) = &h.tie {
            if !municipalities.contains(tie) {
                found.push(format!("{} has an unknown tie {tie}", h.id));
            }
        }
    }
    for c in &s.capacities {
        if !municipalities.contains(&c.municipality) {
            found.push(format!("capacity for unknown {}", c.municipality));
        }
        if c.unaccompanied_minors() > c.persons() {
            found.push(format!("{}: minors above persons", c.municipality));
        }
        for (name, &places) in &c.services {
            if places > c.persons() {
                found.push(format!("{}: {name} places above persons", c.municipality));
            }
        }
    }
    for d in &s.dwellings {
        if !municipalities.contains(&d.municipality) || d.beds() == 0 {
            found.push(format!("dwelling {} is invalid", d.id));
        }
    }
    let mut members: HashMap<&HouseholdId, u32> = HashMap::new();
    for p in &s.persons {
        *members.entry(&p.household).or_default() += 1;
    }
    if !s.persons.is_empty() {
        for h in &s.households {
            if members.get(&h.id).copied().unwrap_or(0) != h.size() {
                found.push(format!("{} has persons unequal to its size", h.id));
            }
        }
        if members.keys().any(|id| !households.contains_key(id)) {
            found.push("a person names an unknown household".into());
        }
    }

    let mut eligible: HashMap<&HouseholdId, Vec<&MunicipalityCode>> = HashMap::new();
    for score in &s.scores {
        if !households.contains_key(&score.household)
            || !municipalities.contains(&score.municipality)
        {
            found.push(format!(
                "score {}/{} names an unknown unit",
                score.household, score.municipality
            ));
        }
        let v = score.value();
        if !(v >= 0.0 && (v * 1e4 - (v * 1e4).round()).abs() < 1e-6) {
            found.push(format!(
                "score {v} is negative or not rounded to 4 decimals"
            ));
        }
        eligible
            .entry(&score.household)
            .or_default()
            .push(&score.municipality);
    }
    for h in &s.households {
        let options = eligible.get(&h.id).map(Vec::as_slice).unwrap_or(&[]);
        if !options
            .iter()
            .any(|m| capacities.get(m).is_some_and(|c| can_take(c, h)))
        {
            found.push(format!(
                "{} has no eligible municipality that could take it",
                h.id
            ));
        }
        if let Some(tie) = &h.tie {
            if !options.contains(&tie) {
                found.push(format!("{} is not eligible in its tie municipality", h.id));
            }
        }
    }

    let persons: u32 = s.households.iter().map(Household::size).sum();
    let minors: u32 = s
        .households
        .iter()
        .filter(|h| h.is_unaccompanied_minor())
        .map(Household::size)
        .sum();
    let persons_capacity: u32 = s.capacities.iter().map(Capacity::persons).sum();
    let minors_capacity: u32 = s
        .capacities
        .iter()
        .map(Capacity::unaccompanied_minors)
        .sum();
    check_total(
        &mut found,
        "persons",
        persons,
        persons_capacity,
        1.02,
        1.05,
        true,
    );
    check_total(
        &mut found,
        "minors",
        minors,
        minors_capacity,
        1.0,
        1.06,
        false,
    );
    for name in [ACCESSIBLE_HOUSING, SPECIALIST_CARE] {
        let name = service(name);
        let needing = s
            .households
            .iter()
            .filter(|h| h.needs.contains(&name))
            .count() as u32;
        let places: u32 = s.capacities.iter().map(|c| c.service(&name)).sum();
        check_total(
            &mut found,
            name.as_str(),
            needing,
            places,
            1.0,
            1.12,
            needing >= 50,
        );
        if needing >= 50 && f64::from(places) < 1.08 * f64::from(needing) {
            found.push(format!(
                "{name}: {places} places for {needing} is below 108 %"
            ));
        }
    }

    let round = &s.request_rounds[0];
    for ((decision, request), capacity) in
        s.decisions.iter().zip(&round.requests).zip(&s.capacities)
    {
        if decision.persons != capacity.persons()
            || decision.unaccompanied_minors != capacity.unaccompanied_minors()
            || request.municipality != capacity.municipality
            || request.unaccompanied_minors > request.persons
        {
            found.push(format!(
                "{}: request, decision and capacity disagree",
                capacity.municipality
            ));
        }
    }
    found
}

fn check_total(
    found: &mut Vec<String>,
    what: &str,
    demand: u32,
    total: u32,
    low: f64,
    high: f64,
    strict_low: bool,
) {
    let at_least = if strict_low {
        low * f64::from(demand)
    } else {
        f64::from(demand)
    };
    let at_most = (high * f64::from(demand)).ceil();
    if f64::from(total) < at_least - 1e-9 || f64::from(total) > at_most {
        found.push(format!(
            "{what}: capacity {total} for demand {demand} is outside {low}-{high}"
        ));
    }
}

#[test]
fn a_national_scenario_keeps_every_invariant() {
    assert_eq!(violations(national()), Vec::<String>::new());
}

#[test]
fn the_same_seed_gives_the_same_scenario_and_another_seed_another() {
    let first = generate(&options(300, 5)).expect("valid options");
    assert_eq!(first, generate(&options(300, 5)).expect("valid options"));
    let other = generate(&options(300, 6)).expect("valid options");
    assert_ne!(first.households, other.households);
    assert_ne!(first.municipalities, other.municipalities);
    assert_ne!(first.scores, other.scores);
}

#[test]
fn leaving_out_persons_and_dwellings_changes_nothing_else() {
    let full = generate(&options(200, 3)).expect("valid options");
    let lean = generate(&GenerateOptions {
        with_persons: false,
        with_dwellings: false,
        ..options(200, 3)
    })
    .expect("valid options");
    assert!(lean.persons.is_empty() && lean.dwellings.is_empty());
    assert!(!full.persons.is_empty() && !full.dwellings.is_empty());
    assert_eq!(full.households, lean.households);
    assert_eq!(full.capacities, lean.capacities);
    assert_eq!(full.scores, lean.scores);
    assert_eq!(full.decisions, lean.decisions);
}

#[test]
fn the_scenario_says_it_is_synthetic_and_uses_the_real_list() {
    let s = national();
    assert_eq!(s.meta.name, "synthetic-se-2026-n4000-s11");
    assert_eq!(s.meta.country, Country::Sweden);
    assert_eq!(s.regions.len(), 21);
    assert_eq!(s.municipalities.len(), 290);
    let persons: u32 = s.households.iter().map(Household::size).sum();
    assert_eq!(s.meta.national_total, Some(persons));
}

#[test]
fn municipal_facts_are_plausible() {
    let s = national();
    let mut by_size: Vec<_> = s.municipalities.iter().collect();
    by_size.sort_by_key(|m| std::cmp::Reverse(m.population));
    let largest: BTreeSet<&str> = by_size[..4].iter().map(|m| m.code.as_str()).collect();
    assert_eq!(largest, BTreeSet::from(["0180", "0380", "1280", "1480"]));
    for m in &s.municipalities {
        let rate = m.employment_rate().expect("drawn");
        let reception = m.reception_per_1000().expect("drawn");
        assert!((0.70..=0.86).contains(&rate) && (0.0..=30.0).contains(&reception));
    }
    let mean_rate = |ms: &[&landa_model::Municipality]| {
        ms.iter().filter_map(|m| m.employment_rate()).sum::<f64>() / ms.len() as f64
    };
    assert!(mean_rate(&by_size[..50]) > mean_rate(&by_size[240..]));
    let shortage = |ms: &[&landa_model::Municipality]| {
        ms.iter()
            .filter(|m| m.housing_market == Some(landa_model::HousingMarket::Shortage))
            .count()
    };
    assert!(shortage(&by_size[..50]) > shortage(&by_size[240..]));
}

#[test]
fn households_have_realistic_compositions() {
    let s = national();
    let n = s.households.len() as f64;
    let share =
        |f: &dyn Fn(&Household) -> bool| s.households.iter().filter(|h| f(h)).count() as f64 / n;
    let minors = share(&|h| h.is_unaccompanied_minor());
    assert!((0.08..=0.12).contains(&minors), "minors {minors}");
    let mean_size = s
        .households
        .iter()
        .map(|h| f64::from(h.size()))
        .sum::<f64>()
        / n;
    assert!((2.5..=3.0).contains(&mean_size), "mean size {mean_size}");
    let singles = share(&|h| h.adults() == 1 && h.children() == 0);
    assert!((0.30..=0.40).contains(&singles), "single adults {singles}");
    let accessible = share(&|h| h.needs.contains(&service(ACCESSIBLE_HOUSING)));
    let care = share(&|h| h.needs.contains(&service(SPECIALIST_CARE)));
    assert!((0.025..=0.055).contains(&accessible) && (0.05..=0.09).contains(&care));
    let adults_with_tie = s
        .households
        .iter()
        .filter(|h| !h.is_unaccompanied_minor() && h.tie.is_some())
        .count() as f64
        / s.households
            .iter()
            .filter(|h| !h.is_unaccompanied_minor())
            .count() as f64;
    assert!(
        (0.17..=0.23).contains(&adults_with_tie),
        "ties {adults_with_tie}"
    );
    assert!(s
        .households
        .iter()
        .all(|h| !h.is_unaccompanied_minor() || (h.tie.is_none() && h.size() <= 2)));
    assert!(s
        .households
        .iter()
        .all(|h| h.waiting_since.year() == 2025 && !h.languages.is_empty()));
}

#[test]
fn persons_are_consistent_with_their_households() {
    let s = national();
    let households: HashMap<&HouseholdId, &Household> =
        s.households.iter().map(|h| (&h.id, h)).collect();
    let mut ages: HashMap<&HouseholdId, Vec<i32>> = HashMap::new();
    for p in &s.persons {
        let household = households[&p.household];
        assert_eq!(p.languages, household.languages);
        ages.entry(&p.household)
            .or_default()
            .push(2026 - i32::from(p.birth_year));
    }
    for h in &s.households {
        let ages = &ages[&h.id];
        let (adults, children): (Vec<i32>, Vec<i32>) = ages.iter().partition(|&&a| a >= 18);
        assert_eq!(adults.len() as u32, h.adults());
        assert_eq!(children.len() as u32, h.children());
        assert!(adults.iter().all(|a| (18..=65).contains(a)));
        assert!(children.iter().all(|a| (0..=17).contains(a)));
        if h.is_unaccompanied_minor() {
            assert!(children.iter().all(|a| (14..=17).contains(a)));
        } else if let Some(oldest_child) = children.iter().max() {
            // Some adult in the household is old enough to be the parent of every child.
            assert!(
                adults.iter().any(|a| a - oldest_child >= 17),
                "{}: {ages:?}",
                h.id
            );
        }
    }
}

#[test]
fn requests_and_decisions_tell_a_coherent_story() {
    let s = national();
    let round = &s.request_rounds[0];
    assert_eq!((round.year, round.round), (2026, 1));
    let pairs: Vec<_> = round.requests.iter().zip(&s.decisions).collect();
    let n = pairs.len() as f64;
    let equal = pairs.iter().filter(|(r, d)| r.persons == d.persons).count() as f64 / n;
    let below = pairs.iter().filter(|(r, d)| d.persons < r.persons).count() as f64 / n;
    let above = pairs.iter().filter(|(r, d)| d.persons > r.persons).count();
    assert!(
        equal >= 0.7 && (0.08..=0.25).contains(&below) && above >= 1,
        "{equal} {below} {above}"
    );
    for d in &s.decisions {
        assert!(matches!(
            d.body,
            Some(DecidingBody::MunicipalCouncil | DecidingBody::ExecutiveBoard)
        ));
        let day = d.decided_on.expect("dated");
        assert!(day.year() == 2025 && (2..=6).contains(&day.month()));
        assert!(round.sent_on.is_some_and(|sent| sent < day));
    }
}

#[test]
fn capacity_is_concentrated_where_the_key_says() {
    let s = national();
    let minors_somewhere = s
        .capacities
        .iter()
        .filter(|c| c.unaccompanied_minors() > 0)
        .count() as f64
        / 290.0;
    assert!(
        (0.45..=0.75).contains(&minors_somewhere),
        "minors in {minors_somewhere}"
    );
    let care = service(SPECIALIST_CARE);
    let offering = s.capacities.iter().filter(|c| c.service(&care) > 0).count();
    assert!(
        offering > 20 && offering < 200,
        "care offered in {offering}"
    );
    let stockholm = s
        .capacities
        .iter()
        .find(|c| c.municipality.as_str() == "0180")
        .expect("listed");
    let median = {
        let mut persons: Vec<u32> = s.capacities.iter().map(Capacity::persons).collect();
        persons.sort_unstable();
        persons[persons.len() / 2]
    };
    assert!(stockholm.persons() > 10 * median);
}

#[test]
fn scores_depend_on_both_household_and_municipality() {
    let s = national();
    let mut per_household: HashMap<&HouseholdId, Vec<(&MunicipalityCode, f64)>> = HashMap::new();
    for score in &s.scores {
        per_household
            .entry(&score.household)
            .or_default()
            .push((&score.municipality, score.value()));
    }
    let mean_eligible = s.scores.len() as f64 / s.households.len() as f64;
    assert!(
        (0.25 * 290.0..=0.25 * 290.0 + 4.0).contains(&mean_eligible),
        "{mean_eligible}"
    );
    let best: BTreeSet<&MunicipalityCode> = per_household
        .values()
        .filter_map(|scores| {
            scores
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|b| b.0)
        })
        .collect();
    assert!(
        best.len() >= 40,
        "only {} distinct best municipalities",
        best.len()
    );
    // Within one municipality, households differ; across municipalities, one household differs.
    assert!(per_household.values().all(
        |scores| scores.len() < 2 || scores.iter().any(|(_, v)| (v - scores[0].1).abs() > 1e-4)
    ));
}

#[test]
fn dwellings_cover_the_decided_numbers() {
    let s = national();
    let mean_size = s
        .households
        .iter()
        .map(|h| f64::from(h.size()))
        .sum::<f64>()
        / s.households.len() as f64;
    let accessible_housing = service(ACCESSIBLE_HOUSING);
    for c in &s.capacities {
        let offered: Vec<_> = s
            .dwellings
            .iter()
            .filter(|d| d.municipality == c.municipality)
            .collect();
        assert!(offered.len() as f64 >= f64::from(c.persons()) / mean_size * 1.08 - 1e-9);
        let accessible = offered.iter().filter(|d| d.accessible).count() as u32;
        assert!(accessible >= c.service(&accessible_housing));
    }
    let n = s.dwellings.len() as f64;
    let accessible = s.dwellings.iter().filter(|d| d.accessible).count() as f64 / n;
    let first_hand = s
        .dwellings
        .iter()
        .filter(|d| d.contract == Contract::FirstHand)
        .count() as f64
        / n;
    assert!(
        (0.07..=0.16).contains(&accessible),
        "accessible {accessible}"
    );
    assert!(
        (0.62..=0.78).contains(&first_hand),
        "first hand {first_hand}"
    );
    assert!(s
        .dwellings
        .iter()
        .all(|d| d.available_from.year() == 2026 && d.available_from.month() <= 4));
    let largest = s
        .households
        .iter()
        .map(Household::size)
        .max()
        .expect("households");
    assert!(s.dwellings.iter().any(|d| d.beds() >= largest));
}

#[test]
fn a_norwegian_scenario_stands_on_the_real_357_municipalities_and_imdi_s_rules() {
    let s = generate(&GenerateOptions {
        country: Country::Norway,
        ..options(3_000, 4)
    })
    .expect("Norway is generated");
    assert_eq!(s.meta.country, Country::Norway);
    assert!(
        s.meta.name.starts_with("synthetic-no-2026-n3000"),
        "{}",
        s.meta.name
    );
    assert_eq!(s.municipalities.len(), 357);
    assert_eq!(s.regions.len(), 15);
    let oslo = s
        .municipalities
        .iter()
        .find(|m| m.code.as_str() == "0301")
        .unwrap();
    assert_eq!(
        (oslo.name.as_str(), oslo.population),
        ("Oslo", Some(717_710))
    );
    assert!(s.municipalities.iter().all(|m| m.language_form.is_some()));
    let round = &s.request_rounds[0];
    assert!(round.sent_by.starts_with("IMDi"));
    for (municipality, capacity) in s.municipalities.iter().zip(&s.capacities) {
        let takes = capacity.unaccompanied_minors() > 0;
        assert_eq!(municipality.takes_unaccompanied_minors, Some(takes));
        let request = round
            .requests
            .iter()
            .find(|r| r.municipality == municipality.code)
            .unwrap();
        // No request below 10 persons; minors asked only of those that take them.
        assert!(request.persons == 0 || request.persons >= 10, "{request:?}");
        assert!(takes || request.unaccompanied_minors == 0, "{request:?}");
    }
    let opted_in = s
        .municipalities
        .iter()
        .filter(|m| m.takes_unaccompanied_minors == Some(true))
        .count();
    assert!((100..357).contains(&opted_in), "{opted_in} take minors");
    // IMDi's other criteria are there for every municipality, so the year can be
    // distributed by Norway's weights; some small ones have no school places of their own.
    assert!(s.municipalities.iter().all(|m| m
        .introduction_result_rate()
        .is_some_and(|rate| (0.25..=0.9).contains(&rate))));
    let places: Vec<u32> = s
        .municipalities
        .iter()
        .map(|m| m.upper_secondary_places.expect("places drawn"))
        .collect();
    assert!(places.contains(&0) && places.iter().sum::<u32>() > 5_000);
}

#[test]
fn bad_options_are_refused_with_a_reason() {
    for share in [0.0, -0.5, 1.5, f64::NAN] {
        let result = generate(&GenerateOptions {
            eligible_share: share,
            ..options(10, 1)
        });
        assert!(matches!(
            result,
            Err(GenerateError::InvalidOption {
                field: "eligible_share",
                ..
            })
        ));
    }
    let result = generate(&GenerateOptions {
        year: 40_000,
        ..options(10, 1)
    });
    assert!(matches!(
        result,
        Err(GenerateError::InvalidOption { field: "year", .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn small_batches_keep_every_invariant(
        households in 0usize..40,
        seed in any::<u64>(),
        eligible_share in 0.005f64..=1.0,
        year in 2000i32..2100,
    ) {
        let scenario = generate(&GenerateOptions { households, seed, eligible_share, year, ..GenerateOptions::default() })
            .expect("valid options");
        prop_assert_eq!(scenario.households.len(), households);
        prop_assert_eq!(violations(&scenario), Vec::<String>::new());
    }
}

#[test]
fn households_rank_where_they_are_eligible_and_lean_to_their_ties_and_communities() {
    let plain = generate(&options(2_000, 11)).expect("valid options");
    let ranked = generate(&GenerateOptions {
        with_preferences: true,
        ..options(2_000, 11)
    })
    .expect("valid options");
    // Preferences come from their own stream: nothing else changes.
    assert_eq!(plain.households, ranked.households);
    assert_eq!(plain.scores, ranked.scores);
    assert_eq!(plain.capacities, ranked.capacities);
    assert!(plain.preferences.is_empty() && plain.priorities.is_empty());

    let eligible: std::collections::BTreeSet<(&str, &str)> = ranked
        .scores
        .iter()
        .map(|s| (s.household.as_str(), s.municipality.as_str()))
        .collect();
    assert!(ranked
        .preferences
        .iter()
        .all(|p| eligible.contains(&(p.household.as_str(), p.municipality.as_str()))));
    let rankers: std::collections::BTreeSet<&str> = ranked
        .preferences
        .iter()
        .map(|p| p.household.as_str())
        .collect();
    let share = rankers.len() as f64 / ranked.households.len() as f64;
    assert!((0.55..0.65).contains(&share), "{share}");
    assert!(!ranked.priorities.is_empty());

    // A household with a tie ranks it first far more often than a random eligible
    // municipality would be (about 1 in 70 here).
    let ties: std::collections::HashMap<&str, &str> = ranked
        .households
        .iter()
        .filter_map(|h| Some((h.id.as_str(), h.tie.as_ref()?.as_str())))
        .collect();
    let firsts: Vec<_> = ranked
        .preferences
        .iter()
        .filter(|p| p.rank() == 1 && ties.contains_key(p.household.as_str()))
        .collect();
    let tie_first = firsts
        .iter()
        .filter(|p| ties[p.household.as_str()] == p.municipality.as_str())
        .count();
    assert!(
        tie_first as f64 > 0.3 * firsts.len() as f64,
        "{tie_first} of {}",
        firsts.len()
    );
}

#[test]
fn households_that_rank_nothing_weigh_criteria_which_make_their_ranking() {
    let scenario = generate(&GenerateOptions {
        with_preferences: true,
        ..options(2_000, 11)
    })
    .expect("valid options");
    let rankers: std::collections::BTreeSet<&HouseholdId> =
        scenario.preferences.iter().map(|p| &p.household).collect();
    let weighers: std::collections::BTreeSet<&HouseholdId> =
        scenario.criteria.iter().map(|c| &c.household).collect();
    assert!(rankers.is_disjoint(&weighers));
    let share = weighers.len() as f64 / scenario.households.len() as f64;
    assert!((0.15..0.25).contains(&share), "{share}");

    // Each weigher gets a ranking of at most 5, numbered from 1; the rankers keep theirs.
    let derived = scenario.rankings_from_criteria();
    let mut by_household: std::collections::BTreeMap<&HouseholdId, Vec<u32>> = Default::default();
    for p in &derived {
        by_household.entry(&p.household).or_default().push(p.rank());
    }
    assert!(by_household.keys().all(|h| weighers.contains(h)));
    assert!(by_household.len() as f64 > 0.9 * weighers.len() as f64);
    for ranks in by_household.values() {
        assert!(ranks.len() <= landa_model::RANKED_FROM_CRITERIA);
        assert_eq!(*ranks, (1..=ranks.len() as u32).collect::<Vec<_>>());
    }
    assert_eq!(
        scenario.rankings().len(),
        scenario.preferences.len() + derived.len()
    );

    // A household that weighs only its tie ranks its tie first, then its tie's region.
    let tie_of: std::collections::HashMap<&HouseholdId, &MunicipalityCode> = scenario
        .households
        .iter()
        .filter_map(|h| Some((&h.id, h.tie.as_ref()?)))
        .collect();
    let region_of: std::collections::HashMap<&MunicipalityCode, &RegionCode> = scenario
        .municipalities
        .iter()
        .map(|m| (&m.code, &m.region))
        .collect();
    let (&household, &tie) = tie_of.iter().next().expect("a household with a tie");
    let only_tie = [CriterionWeight::new(household.clone(), Criterion::NearTie, 1.0).unwrap()];
    let ranking = scenario.ranking_from(household, &only_tie);
    assert_eq!(&ranking[0].municipality, tie);
    assert!(ranking[1..]
        .iter()
        .all(|p| region_of[&p.municipality] == region_of[tie]));
    // Weighing cities ranks only municipalities of 50 000 inhabitants or more.
    let city = [CriterionWeight::new(household.clone(), Criterion::City, 2.0).unwrap()];
    let population: std::collections::HashMap<&MunicipalityCode, u32> = scenario
        .municipalities
        .iter()
        .filter_map(|m| Some((&m.code, m.population?)))
        .collect();
    let cities = scenario.ranking_from(household, &city);
    assert_eq!(cities.len(), landa_model::RANKED_FROM_CRITERIA);
    assert!(cities
        .iter()
        .all(|p| population[&p.municipality] >= landa_model::CITY_INHABITANTS));
}
