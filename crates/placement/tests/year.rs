//! A run during the year: it places only the households open to it, within what each
//! municipality's latest decision (or planned number) has left after those placed
//! against it, never where the household was questioned, and into no held dwelling.

use landa_generate::{generate, GenerateOptions};
use landa_model::{
    Destination, Expected, HouseholdId, HouseholdState, Lifecycle, MunicipalDecision, NaiveDate,
    Scenario,
};
use landa_placement::{
    plan_run, solve, year_batch, LookAhead, Method, NumberSource, Problem, ProblemOptions,
    SolveOptions, YearBatch,
};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

fn scenario(households: usize, seed: u64) -> Scenario {
    generate(&GenerateOptions {
        households,
        seed,
        ..Default::default()
    })
    .expect("a synthetic scenario")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

/// The state numbered `kind` (of 6) with destination `municipality`.
fn state_of(kind: u8, scenario: &Scenario, municipality: usize, dwelling: bool) -> HouseholdState {
    let code = scenario.municipalities[municipality % scenario.municipalities.len()]
        .code
        .clone();
    let home = scenario
        .dwellings
        .iter()
        .find(|d| d.municipality == code)
        .filter(|_| dwelling)
        .map(|d| d.id.clone());
    let destination = Destination {
        run: 1,
        municipality: code.clone(),
        dwelling: home,
    };
    match kind % 6 {
        0 => HouseholdState::Waiting,
        1 => HouseholdState::Proposed(destination),
        2 => HouseholdState::Approved(destination),
        3 => HouseholdState::MovedIn {
            destination,
            on: day(),
        },
        4 => HouseholdState::SelfSettled(code),
        _ => HouseholdState::Withdrawn,
    }
}

fn greedy(problem: &Problem) -> landa_placement::Solution {
    solve(
        problem,
        &SolveOptions {
            method: Method::Greedy,
            time_limit: Duration::from_secs(60),
            seed: 0,
        },
    )
}

#[test]
fn a_fresh_year_places_everyone_within_the_planned_numbers() {
    let scenario = scenario(60, 3);
    let batch = year_batch(&scenario, &HashMap::new());
    assert_eq!(batch.fixed, 0);
    assert_eq!(batch.scenario.households.len(), 60);
    for remaining in &batch.remaining {
        let capacity = scenario
            .capacities
            .iter()
            .find(|c| c.municipality == remaining.municipality)
            .expect("a planned number");
        let decided = scenario
            .decisions
            .iter()
            .find(|d| d.year == scenario.meta.year && d.municipality == remaining.municipality);
        match decided {
            Some(d) => {
                assert_eq!(remaining.source, NumberSource::Decision);
                assert_eq!(remaining.number, (d.persons, d.unaccompanied_minors));
            }
            None => {
                assert_eq!(remaining.source, NumberSource::Planned);
                assert_eq!(
                    remaining.number,
                    (capacity.persons(), capacity.unaccompanied_minors())
                );
            }
        }
        assert_eq!(remaining.used, (0, 0));
    }
}

#[test]
fn registering_a_decision_changes_the_number_the_run_gets() {
    let mut scenario = scenario(40, 5);
    let code = scenario.capacities[0].municipality.clone();
    let before = year_batch(&scenario, &HashMap::new());
    let planned = before
        .remaining
        .iter()
        .find(|r| r.municipality == code)
        .unwrap()
        .left
        .persons();
    scenario.decisions.push(MunicipalDecision {
        year: scenario.meta.year,
        municipality: code.clone(),
        persons: planned + 7,
        unaccompanied_minors: 0,
        body: None,
        decided_on: None,
        registration_number: None,
        document_url: None,
    });
    // A decision of another year does not count for this one.
    scenario.decisions.push(MunicipalDecision {
        year: scenario.meta.year - 1,
        municipality: code.clone(),
        persons: 1,
        ..scenario.decisions.last().unwrap().clone()
    });
    let after = year_batch(&scenario, &HashMap::new());
    let remaining = after
        .remaining
        .iter()
        .find(|r| r.municipality == code)
        .unwrap();
    assert_eq!(remaining.source, NumberSource::Decision);
    assert_eq!(remaining.left.persons(), planned + 7);
    assert_eq!(remaining.left.unaccompanied_minors(), 0);
}

#[test]
fn a_run_of_the_year_sees_the_open_households_rankings_and_the_municipalities_priorities() {
    let scenario = generate(&GenerateOptions {
        households: 300,
        seed: 11,
        with_preferences: true,
        ..Default::default()
    })
    .expect("a synthetic scenario");
    assert!(!scenario.preferences.is_empty() && !scenario.priorities.is_empty());
    assert!(!scenario.rankings_from_criteria().is_empty());
    let withdrawn = scenario.preferences[0].household.clone();
    let standing = HashMap::from([(
        withdrawn.clone(),
        Lifecycle {
            state: HouseholdState::Withdrawn,
            excluded: BTreeSet::new(),
        },
    )]);
    let batch = year_batch(&scenario, &standing);
    // The criteria's rankings are made on the whole year, not on the batch alone.
    let open: Vec<_> = scenario
        .rankings()
        .into_iter()
        .filter(|p| p.household != withdrawn)
        .collect();
    assert_eq!(batch.scenario.rankings(), open);
    assert_eq!(batch.scenario.priorities, scenario.priorities);
}

#[test]
fn a_question_keeps_the_household_from_that_municipality_only() {
    let scenario = scenario(30, 7);
    let household = scenario.households[0].id.clone();
    let questioned = scenario.capacities[0].municipality.clone();
    let standing = HashMap::from([(
        household.clone(),
        Lifecycle {
            state: HouseholdState::Waiting,
            excluded: BTreeSet::from([questioned.clone()]),
        },
    )]);
    let batch = year_batch(&scenario, &standing);
    let of_household: Vec<_> = batch
        .scenario
        .scores
        .iter()
        .filter(|s| s.household == household)
        .collect();
    assert!(!of_household.is_empty(), "still placed elsewhere");
    assert!(of_household.iter().all(|s| s.municipality != questioned));
}

#[test]
fn a_municipality_whose_homes_are_all_held_gets_nobody_until_it_offers_more() {
    let scenario = scenario(60, 5);
    let offering = scenario.dwellings[0].municipality.clone();
    let homes: Vec<_> = scenario
        .dwellings
        .iter()
        .filter(|d| d.municipality == offering)
        .map(|d| d.id.clone())
        .collect();
    // One household holds each of its homes (approved into it).
    let standing: HashMap<HouseholdId, Lifecycle> = scenario
        .households
        .iter()
        .zip(&homes)
        .map(|(h, home)| {
            let destination = Destination {
                run: 1,
                municipality: offering.clone(),
                dwelling: Some(home.clone()),
            };
            let life = Lifecycle {
                state: HouseholdState::Approved(destination),
                excluded: BTreeSet::new(),
            };
            (h.id.clone(), life)
        })
        .collect();
    let left_of = |batch: &YearBatch| {
        batch
            .remaining
            .iter()
            .find(|r| r.municipality == offering)
            .map(|r| r.left.persons())
    };
    let taken = year_batch(&scenario, &standing);
    assert_eq!(left_of(&taken), Some(0), "a placement there needs a home");
    let problem = Problem::from_scenario(&taken.scenario, &ProblemOptions::default()).unwrap();
    let solution = greedy(&problem);
    assert!(solution
        .placements(&problem)
        .iter()
        .all(|p| p.municipality != offering));
    // Before its homes were taken it had room.
    let fresh = year_batch(&scenario, &HashMap::new());
    assert!(left_of(&fresh).unwrap_or(0) > 0);
}

#[test]
fn a_household_registered_without_scores_may_go_to_any_municipality_with_a_number() {
    let mut scenario = scenario(20, 9);
    let newcomer = scenario.households[0].id.clone();
    scenario.scores.retain(|s| s.household != newcomer);
    let batch = year_batch(&scenario, &HashMap::new());
    let destinations: BTreeSet<_> = batch
        .scenario
        .scores
        .iter()
        .filter(|s| s.household == newcomer)
        .map(|s| s.municipality.clone())
        .collect();
    let with_number: BTreeSet<_> = batch
        .remaining
        .iter()
        .map(|r| r.municipality.clone())
        .collect();
    assert_eq!(destinations, with_number);
}

#[test]
fn in_norway_a_family_joining_its_family_comes_on_top_of_the_number() {
    let mut scenario = generate(&GenerateOptions {
        country: landa_model::Country::Norway,
        households: 40,
        seed: 3,
        ..Default::default()
    })
    .expect("a Norwegian scenario");
    let family = scenario
        .households
        .iter()
        .position(|h| !h.is_unaccompanied_minor())
        .expect("a family");
    let home = scenario.capacities[1].municipality.clone();
    scenario.households[family].intake = landa_model::Intake::FamilyReunification;
    scenario.households[family].tie = Some(home.clone());
    let joining = scenario.households[family].clone();
    // The family's municipality has decided to settle nobody this year.
    scenario.decisions.retain(|d| d.municipality != home);
    scenario.decisions.push(MunicipalDecision {
        year: scenario.meta.year,
        municipality: home.clone(),
        persons: 0,
        unaccompanied_minors: 0,
        body: None,
        decided_on: None,
        registration_number: None,
        document_url: None,
    });
    let batch = year_batch(&scenario, &HashMap::new());
    // Not the optimiser's to place: proposed where its family lives, whatever the number.
    assert!(batch.scenario.households.iter().all(|h| h.id != joining.id));
    assert_eq!(batch.joining.len(), 1);
    assert_eq!(batch.joining[0].municipality, home);
    assert_eq!(batch.joining_persons(), joining.size());
    let (placements, why) = batch.joining_placements();
    assert_eq!(
        (
            placements[0].household.clone(),
            placements[0].municipality.clone()
        ),
        (joining.id.clone(), home.clone())
    );
    assert_eq!(why[0].detail, landa_placement::JOINS_FAMILY);
    assert_eq!(
        batch.fixed + batch.scenario.households.len() + 1,
        scenario.households.len()
    );
    let there = batch
        .remaining
        .iter()
        .find(|r| r.municipality == home)
        .unwrap();
    assert_eq!(there.left.persons(), 0, "nobody else goes there");

    // Once placed, it takes nothing from the number; in Sweden the same household would.
    let approved = HouseholdState::Approved(Destination {
        run: 1,
        municipality: home.clone(),
        dwelling: None,
    });
    let standing = HashMap::from([(
        joining.id.clone(),
        Lifecycle {
            state: approved,
            excluded: BTreeSet::new(),
        },
    )]);
    let used = |scenario: &Scenario| {
        year_batch(scenario, &standing)
            .remaining
            .iter()
            .find(|r| r.municipality == home)
            .unwrap()
            .used
    };
    assert_eq!(used(&scenario), (0, 0));
    scenario.meta.country = landa_model::Country::Sweden;
    assert_eq!(used(&scenario).0, joining.size());
    let swedish = year_batch(&scenario, &HashMap::new());
    assert!(
        swedish.joining.is_empty(),
        "Sweden places family reunification within the numbers"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the households' states: the batch holds exactly the open ones, each
    /// number's use is the persons placed against it, no held dwelling is offered, and a
    /// run on the batch keeps every municipality within its number.
    #[test]
    fn a_run_on_the_batch_never_exceeds_a_number(
        seed in 0u64..500,
        states in prop::collection::vec((0u8..6, 0usize..40, any::<bool>()), 50),
    ) {
        let scenario = scenario(50, seed);
        let standing: HashMap<HouseholdId, Lifecycle> = scenario
            .households
            .iter()
            .zip(&states)
            .map(|(h, (kind, municipality, dwelling))| {
                (h.id.clone(), Lifecycle { state: state_of(*kind, &scenario, *municipality, *dwelling), excluded: BTreeSet::new() })
            })
            .collect();
        let batch = year_batch(&scenario, &standing);

        let open: BTreeSet<_> = standing
            .iter()
            .filter(|(_, l)| l.state.name().in_next_run())
            .map(|(id, _)| id.clone())
            .collect();
        let in_batch: BTreeSet<_> = batch.scenario.households.iter().map(|h| h.id.clone()).collect();
        prop_assert_eq!(&in_batch, &open);
        prop_assert_eq!(batch.fixed + in_batch.len(), scenario.households.len());

        let held: BTreeSet<_> = standing.values().filter_map(|l| l.state.holds_dwelling()).collect();
        prop_assert!(batch.scenario.dwellings.iter().all(|d| !held.contains(&d.id)));

        let placed_against = |code| -> u32 {
            scenario
                .households
                .iter()
                .filter(|h| {
                    let state = &standing[&h.id].state;
                    state.name().counts_against() && state.municipality() == Some(code)
                })
                .map(|h| h.size())
                .sum()
        };
        let problem = Problem::from_scenario(&batch.scenario, &ProblemOptions::default())
            .expect("the batch is a valid problem");
        let solution = greedy(&problem);
        let placements = solution.placements(&problem);
        for remaining in &batch.remaining {
            prop_assert_eq!(remaining.used.0, placed_against(&remaining.municipality));
            let now: u32 = placements
                .iter()
                .filter(|p| p.municipality == remaining.municipality)
                .map(|p| {
                    batch.scenario.households.iter().find(|h| h.id == p.household).unwrap().size()
                })
                .sum();
            let total = remaining.used.0 + now;
            prop_assert!(
                total <= remaining.number.0.max(remaining.used.0),
                "{}: {} placed before, {} now, number {}",
                remaining.municipality, remaining.used.0, now, remaining.number.0
            );
        }
    }
}

/// Half of the year's households placed (approved) in the first week, the other half
/// still waiting: the batch, and the forecast of `later` more households of 2.5 persons.
fn half_a_year(households: usize, seed: u64, later: f64) -> (Scenario, YearBatch, LookAhead) {
    let scenario = scenario(households, seed);
    let solution = greedy(&Problem::from_scenario(&scenario, &ProblemOptions::default()).unwrap());
    let placed = solution
        .placements(&Problem::from_scenario(&scenario, &ProblemOptions::default()).unwrap());
    let standing: HashMap<HouseholdId, Lifecycle> = placed
        .iter()
        .step_by(2)
        .map(|p| {
            let destination = Destination {
                run: 1,
                municipality: p.municipality.clone(),
                dwelling: p.dwelling.clone(),
            };
            (
                p.household.clone(),
                Lifecycle {
                    state: HouseholdState::Approved(destination),
                    excluded: BTreeSet::new(),
                },
            )
        })
        .collect();
    let batch = year_batch(&scenario, &standing);
    let look = LookAhead {
        expected: Expected {
            households: later,
            persons: later * 2.5,
            unaccompanied_minors: 0.0,
        },
        reserve: false,
        balance: false,
        seed: 1,
    };
    (scenario, batch, look)
}

#[test]
fn a_run_that_does_not_look_ahead_solves_the_batch_as_it_is() {
    let (scenario, batch, look) = half_a_year(80, 4, 200.0);
    let planned = plan_run(
        &scenario,
        &batch,
        &ProblemOptions::default(),
        &look,
        Duration::from_secs(5),
    )
    .unwrap();
    assert!(planned.solved.is_none());
    assert_eq!(
        planned.valued.household_count(),
        batch.scenario.households.len()
    );
}

/// Without a day of placement every dwelling counts, looking ahead or not (a run that
/// reserved without one once counted none: the batch's last day of waiting came before
/// any dwelling was available, and it placed nobody).
#[test]
fn a_run_that_looks_ahead_without_a_day_counts_every_dwelling() {
    let (scenario, batch, mut look) = half_a_year(80, 4, 20.0);
    let options = ProblemOptions::default();
    let plain = Problem::from_scenario(&batch.scenario, &options).unwrap();
    assert!(plain.dwelling_count() > 0);
    for (reserve, balance) in [(true, false), (false, true), (true, true)] {
        look.reserve = reserve;
        look.balance = balance;
        let planned = plan_run(&scenario, &batch, &options, &look, Duration::from_secs(5)).unwrap();
        assert_eq!(planned.valued.dwelling_count(), plain.dwelling_count());
        assert_eq!(planned.to_solve().dwelling_count(), plain.dwelling_count());
        let placed = greedy(planned.to_solve()).persons_placed;
        assert!(
            placed > 0 || greedy(&plain).persons_placed == 0,
            "reserve {reserve}, balance {balance}: placed nobody"
        );
    }
}

#[test]
fn balancing_gives_no_municipality_more_than_the_batchs_share_of_its_number() {
    let (scenario, batch, mut look) = half_a_year(120, 6, 300.0);
    look.balance = true;
    let options = ProblemOptions::default();
    let planned = plan_run(&scenario, &batch, &options, &look, Duration::from_secs(5)).unwrap();
    let solved = planned.solved.as_ref().expect("a balanced run is adjusted");
    let batch_persons: f64 = batch
        .scenario
        .households
        .iter()
        .map(|h| f64::from(h.size()))
        .sum();
    let share = (batch_persons / (batch_persons + look.expected.persons) * 1.25).min(1.0);
    let solution = greedy(solved);
    let placements = solution.placements(&planned.valued);
    for remaining in &batch.remaining {
        let now: u32 = placements
            .iter()
            .filter(|p| p.municipality == remaining.municipality)
            .map(|p| {
                batch
                    .scenario
                    .households
                    .iter()
                    .find(|h| h.id == p.household)
                    .unwrap()
                    .size()
            })
            .sum();
        let cap = (f64::from(remaining.left.persons()) * share).ceil();
        assert!(
            f64::from(now) <= cap,
            "{}: {now} placed, cap {cap}",
            remaining.municipality
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Reserving and balancing change what a household is worth or how much a batch may
    /// take, never what it may take in all: the placement fits the batch's true numbers,
    /// and its value is the true values' sum.
    #[test]
    fn a_run_that_looks_ahead_stays_within_the_true_numbers(
        seed in 0u64..200,
        later in 0.0f64..400.0,
        reserve in any::<bool>(),
        balance in any::<bool>(),
    ) {
        let (scenario, batch, mut look) = half_a_year(60, seed, later);
        look.reserve = reserve;
        look.balance = balance;
        let planned = plan_run(&scenario, &batch, &ProblemOptions::default(), &look, Duration::from_secs(5)).unwrap();
        let solution = greedy(planned.to_solve());
        let broken = landa_placement::verify(&planned.valued, &solution);
        prop_assert!(broken.is_empty(), "{:?}", broken);
        let placements = solution.placements(&planned.valued);
        let scores: f64 = placements.iter().map(|p| p.score).sum();
        prop_assert!((planned.value_of(&solution) - scores).abs() < 1e-6);
    }
}
