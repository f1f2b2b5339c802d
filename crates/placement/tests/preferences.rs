//! Preferences in placement: the stable mode is honest about blocking pairs and about
//! whether a stable placement exists (checked against an independent brute force), the
//! minimum-outcome mode meets its threshold, a
//! larger weight on preferences never satisfies less (exact solves), and explanations name
//! the household's choices.

mod common;

use common::{draw, scenario, Draw};
use landa_model::{
    Household, MunicipalityCode, MunicipalityPriority, Preference, PriorityGroup, Scenario,
};
use landa_placement::preferences::stable::{blocking_pairs, solve_stable};
use landa_placement::preferences::{
    explain_choice, place_with, solve_minimum_outcome, solve_weighted, Preferences,
};
use landa_placement::{solve, verify, Problem, ProblemOptions, Solution, SolveOptions};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::time::Duration;

/// The named groups and one need.
fn group(index: usize) -> PriorityGroup {
    let text = PriorityGroup::NAMED
        .get(index)
        .copied()
        .unwrap_or("need:specialist_care");
    text.parse().expect("a group")
}

/// A scenario with rankings (a random subset of municipalities per household, in random
/// order) and priority groups for some municipalities.
fn with_preferences(draw: &Draw, rankings: &[Vec<usize>], priorities: &[Vec<usize>]) -> Scenario {
    let mut scenario = scenario(draw);
    let codes: Vec<MunicipalityCode> = scenario
        .capacities
        .iter()
        .map(|c| c.municipality.clone())
        .collect();
    for (household, ranking) in scenario.households.iter().zip(rankings) {
        let mut seen = BTreeSet::new();
        let listed = ranking
            .iter()
            .map(|i| i % codes.len())
            .filter(|m| seen.insert(*m));
        for (rank, m) in (1u32..).zip(listed) {
            scenario.preferences.push(
                Preference::new(household.id.clone(), codes[m].clone(), rank).expect("rank from 1"),
            );
        }
    }
    for (code, groups) in codes.iter().zip(priorities) {
        let mut seen = BTreeSet::new();
        let count = PriorityGroup::NAMED.len() + 1;
        let listed = groups.iter().map(|g| g % count).filter(|g| seen.insert(*g));
        for (rank, g) in (1u32..).zip(listed) {
            let group = group(g);
            scenario
                .priorities
                .push(MunicipalityPriority::new(code.clone(), group, rank).expect("rank from 1"));
        }
    }
    scenario
}

fn preference_draw() -> impl Strategy<Value = (Draw, Vec<Vec<usize>>, Vec<Vec<usize>>)> {
    (
        draw(7, 4, true),
        prop::collection::vec(prop::collection::vec(0usize..8, 0..4), 7),
        prop::collection::vec(prop::collection::vec(0usize..8, 0..3), 4),
    )
}

fn options() -> SolveOptions {
    SolveOptions {
        time_limit: Duration::from_secs(5),
        ..SolveOptions::default()
    }
}

// --- An independent statement of blocking, straight from the scenario ---------------

/// The household's choice number for the municipality (1 = first), if listed.
fn choice(scenario: &Scenario, household: &Household, code: &MunicipalityCode) -> Option<u32> {
    let mut listed: Vec<&Preference> = scenario
        .preferences
        .iter()
        .filter(|p| p.household == household.id)
        .collect();
    listed.sort_by_key(|p| p.rank());
    listed
        .iter()
        .position(|p| &p.municipality == code)
        .map(|i| i as u32 + 1)
}

/// The municipality's order: the first of its groups the household is in, then waiting.
fn priority(
    scenario: &Scenario,
    code: &MunicipalityCode,
    index: usize,
) -> (usize, landa_model::NaiveDate, usize) {
    let household = &scenario.households[index];
    let mut groups: Vec<&MunicipalityPriority> = scenario
        .priorities
        .iter()
        .filter(|p| &p.municipality == code)
        .collect();
    groups.sort_by_key(|p| p.rank());
    let class = groups
        .iter()
        .position(|p| p.group.includes(household, code))
        .unwrap_or(groups.len());
    (class, household.waiting_since, index)
}

/// Whether every household of `set` can have its own dwelling in the municipality (true
/// where it offers none), by trying every assignment.
fn housed(scenario: &Scenario, code: &MunicipalityCode, set: &[usize]) -> bool {
    let dwellings: Vec<_> = scenario
        .dwellings
        .iter()
        .filter(|d| &d.municipality == code)
        .collect();
    if dwellings.is_empty() {
        return true;
    }
    let accessible: landa_model::ServiceName = common::ACCESSIBLE.parse().expect("a name");
    fn assign(
        scenario: &Scenario,
        set: &[usize],
        dwellings: &[&landa_model::Dwelling],
        used: &mut Vec<bool>,
        accessible: &landa_model::ServiceName,
    ) -> bool {
        let Some((&first, rest)) = set.split_first() else {
            return true;
        };
        let household = &scenario.households[first];
        for d in 0..dwellings.len() {
            let fits = dwellings[d].beds() >= household.size()
                && (dwellings[d].accessible || !household.needs.contains(accessible));
            if !used[d] && fits {
                used[d] = true;
                if assign(scenario, rest, dwellings, used, accessible) {
                    return true;
                }
                used[d] = false;
            }
        }
        false
    }
    assign(
        scenario,
        set,
        &dwellings,
        &mut vec![false; dwellings.len()],
        &accessible,
    )
}

/// Whether the municipality can take all of `set` at once.
fn fits(scenario: &Scenario, m: usize, set: &[usize]) -> bool {
    let capacity = &scenario.capacities[m];
    let households = || set.iter().map(|&h| &scenario.households[h]);
    let persons: u32 = households().map(Household::size).sum();
    let minors: u32 = households()
        .filter(|h| h.is_unaccompanied_minor())
        .map(Household::size)
        .sum();
    let services_ok = capacity.services.iter().all(|(service, places)| {
        households().filter(|h| h.needs.contains(service)).count() as u32 <= *places
    });
    let needs_offered =
        households().all(|h| h.needs.iter().all(|n| capacity.services.contains_key(n)));
    persons <= capacity.persons()
        && minors <= capacity.unaccompanied_minors()
        && services_ok
        && needs_offered
        && housed(scenario, &capacity.municipality, set)
}

/// Whether the household may go to the municipality (it has a score there).
fn eligible(scenario: &Scenario, h: usize, code: &MunicipalityCode) -> bool {
    scenario
        .scores
        .iter()
        .any(|s| s.household == scenario.households[h].id && &s.municipality == code)
}

/// The municipality (index) of each household in a placement.
fn municipalities(solution: &Solution) -> Vec<Option<usize>> {
    solution
        .assignment
        .iter()
        .map(|a| a.map(|a| a.municipality))
        .collect()
}

fn brute_force_blocking(scenario: &Scenario, placed: &[Option<usize>]) -> BTreeSet<(usize, usize)> {
    let mut blocking = BTreeSet::new();
    for h in 0..scenario.households.len() {
        let household = &scenario.households[h];
        let own = placed[h];
        for (m, capacity) in scenario.capacities.iter().enumerate() {
            let code = &capacity.municipality;
            if Some(m) == own || !eligible(scenario, h, code) {
                continue;
            }
            let prefers = match own {
                None => true,
                Some(o) => match choice(scenario, household, code) {
                    None => false,
                    Some(here) => choice(scenario, household, &scenario.capacities[o].municipality)
                        .is_none_or(|there| here < there),
                },
            };
            if !prefers {
                continue;
            }
            let mut candidates: Vec<usize> = (0..scenario.households.len())
                .filter(|&x| placed[x] == Some(m))
                .chain([h])
                .collect();
            candidates.sort_by_key(|&x| priority(scenario, code, x));
            let mut chosen: Vec<usize> = Vec::new();
            for x in candidates {
                chosen.push(x);
                if !fits(scenario, m, &chosen) {
                    chosen.pop();
                }
            }
            if chosen.contains(&h) {
                blocking.insert((h, m));
            }
        }
    }
    blocking
}

/// Whether any placement of the scenario is stable, by trying each: every household
/// unplaced or in any municipality open to it where all placed there fit together.
fn brute_force_stable_exists(scenario: &Scenario) -> bool {
    fn from(scenario: &Scenario, placed: &mut Vec<Option<usize>>) -> bool {
        let h = placed.len();
        if h == scenario.households.len() {
            return brute_force_blocking(scenario, placed).is_empty();
        }
        placed.push(None);
        if from(scenario, placed) {
            return true;
        }
        placed.pop();
        for (m, capacity) in scenario.capacities.iter().enumerate() {
            if !eligible(scenario, h, &capacity.municipality) {
                continue;
            }
            let mut there: Vec<usize> = (0..h).filter(|&x| placed[x] == Some(m)).collect();
            there.push(h);
            if fits(scenario, m, &there) {
                placed.push(Some(m));
                if from(scenario, placed) {
                    return true;
                }
                placed.pop();
            }
        }
        false
    }
    from(scenario, &mut Vec::new())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn the_stable_mode_reports_exactly_the_blocking_pairs_there_are(
        (draw, rankings, priorities) in preference_draw()
    ) {
        let scenario = with_preferences(&draw, &rankings, &priorities);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
        let preferences = Preferences::from_scenario(&scenario, &problem);
        let stable = solve_stable(&problem, &preferences, &options());
        prop_assert!(verify(&problem, &stable.solution).is_empty());
        let claimed: BTreeSet<(usize, usize)> =
            stable.blocking.iter().map(|b| (b.household, b.municipality)).collect();
        let found = brute_force_blocking(&scenario, &municipalities(&stable.solution));
        prop_assert_eq!(&claimed, &found);
        // Where it says that none exists, none does.
        if !stable.is_stable() && stable.searched.is_some() {
            prop_assert!(!brute_force_stable_exists(&scenario));
        }
        // The checker agrees with itself on any placement, the outcome-optimal one too.
        let optimal = solve(&problem, &options());
        let claimed: BTreeSet<(usize, usize)> = blocking_pairs(&problem, &preferences, &optimal)
            .iter()
            .map(|b| (b.household, b.municipality))
            .collect();
        prop_assert_eq!(claimed, brute_force_blocking(&scenario, &municipalities(&optimal)));
    }

    #[test]
    fn the_minimum_outcome_mode_meets_its_threshold(
        (draw, rankings, priorities) in preference_draw(),
        share in 0.5f64..1.0,
    ) {
        let scenario = with_preferences(&draw, &rankings, &priorities);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
        let preferences = Preferences::from_scenario(&scenario, &problem);
        let result = solve_minimum_outcome(&problem, &preferences, share, &options());
        let optimal = solve_weighted(&problem, &preferences, 0.0, &options());
        prop_assert!(verify(&problem, &result.placement.solution).is_empty());
        prop_assert!((result.optimal_outcome - optimal.report.outcome).abs() < 1e-9);
        let threshold = optimal.report.outcome - (1.0 - share) * optimal.report.outcome.abs();
        prop_assert!((result.threshold - threshold).abs() < 1e-9);
        prop_assert!(result.placement.report.outcome >= threshold - 1e-9);
        prop_assert!(result.placement.report.persons_placed >= optimal.report.persons_placed);
        prop_assert!(result.placement.report.satisfaction >= optimal.report.satisfaction - 1e-9);
    }

    /// Small problems are solved exactly, so the exchange argument holds: the weighted
    /// optimum at λ satisfies at least as much as the outcome optimum.
    #[test]
    fn weighing_preferences_never_satisfies_less(
        (draw, rankings, priorities) in preference_draw(),
        lambda in 0.1f64..10.0,
    ) {
        let scenario = with_preferences(&draw, &rankings, &priorities);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
        let preferences = Preferences::from_scenario(&scenario, &problem);
        let plain = solve_weighted(&problem, &preferences, 0.0, &options());
        let weighted = solve_weighted(&problem, &preferences, lambda, &options());
        prop_assume!(plain.solution.stats.proven_optimal && weighted.solution.stats.proven_optimal);
        prop_assert_eq!(plain.report.persons_placed, weighted.report.persons_placed);
        prop_assert!(weighted.report.satisfaction >= plain.report.satisfaction - 1e-9);
        prop_assert!(weighted.report.outcome <= plain.report.outcome + 1e-9);
    }
}

#[test]
fn an_explanation_names_the_choice_obtained_and_why_the_better_one_was_not() {
    // Two municipalities: 0100 takes 2 persons, 0101 takes 5. h0 (2 persons, waiting
    // longer) and h1 (1 person) both want 0100 first.
    let draw = Draw {
        municipalities: vec![(2, 0, 0, 0, None), (5, 0, 0, 0, None)],
        households: vec![
            (2, 0, false, false, None, 0, vec![Some(1.0), Some(1.0)]),
            (1, 0, false, false, None, 5, vec![Some(1.0), Some(1.0)]),
        ],
    };
    let scenario = with_preferences(&draw, &[vec![0], vec![0, 1]], &[]);
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
    let preferences = Preferences::from_scenario(&scenario, &problem);
    let stable = solve_stable(&problem, &preferences, &options());
    assert!(stable.is_stable(), "{:?}", stable.blocking);
    assert_eq!(
        explain_choice(&problem, &preferences, &stable.solution, 1).as_deref(),
        Some("placed in its 2nd choice (0101); its 1st (0100) was full (persons 2/2)")
    );
    assert_eq!(
        explain_choice(&problem, &preferences, &stable.solution, 0).as_deref(),
        Some("placed in its 1st choice (0100)")
    );
    // A municipality prepared for single adults first takes h1 before h0.
    let mut scenario = scenario;
    scenario.priorities.push(
        MunicipalityPriority::new("0100".parse().unwrap(), PriorityGroup::SingleAdults, 1).unwrap(),
    );
    let preferences = Preferences::from_scenario(&scenario, &problem);
    let stable = solve_stable(&problem, &preferences, &options());
    assert!(stable.is_stable(), "{:?}", stable.blocking);
    assert_eq!(
        stable.solution.assignment[1].map(|a| a.municipality),
        Some(0)
    );
    assert_eq!(
        stable.solution.assignment[0].map(|a| a.municipality),
        Some(1)
    );
    assert_eq!(
        explain_choice(&problem, &preferences, &stable.solution, 0).as_deref(),
        Some("placed outside its ranking (0101); its 1st (0100) was full (persons 1/2)")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Batches small enough to be searched through: the stable mode returns a stable
    /// placement exactly when one exists, checked against the brute force.
    #[test]
    fn the_stable_mode_finds_a_stable_placement_exactly_when_one_exists(
        (draw, rankings, priorities) in (
            draw(4, 2, false),
            prop::collection::vec(prop::collection::vec(0usize..8, 0..3), 4),
            prop::collection::vec(prop::collection::vec(0usize..8, 0..3), 2),
        )
    ) {
        let scenario = with_preferences(&draw, &rankings, &priorities);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
        let preferences = Preferences::from_scenario(&scenario, &problem);
        let stable = solve_stable(&problem, &preferences, &options());
        prop_assert!(verify(&problem, &stable.solution).is_empty());
        prop_assert_eq!(stable.is_stable(), brute_force_stable_exists(&scenario));
        prop_assert!(stable.is_stable() || stable.searched.is_some());
    }
}

/// Several capacities at once: Borlänge's (0101) choice by priority is not substitutable,
/// and every placement of these four households has a blocking pair.
#[test]
fn a_batch_without_any_stable_placement_is_said_to_have_none() {
    // 0100 takes 4 persons; 0101 takes 9 and puts households needing care first.
    let draw = Draw {
        municipalities: vec![(4, 0, 0, 1, None), (9, 0, 1, 2, None)],
        households: vec![
            (1, 0, false, false, None, 0, vec![None, Some(0.0)]),
            (2, 1, false, false, None, 23, vec![Some(0.0), Some(0.0)]),
            (3, 3, false, false, None, 0, vec![None, Some(0.0)]),
            (1, 2, false, true, None, 23, vec![Some(0.0), Some(0.0)]),
        ],
    };
    // h1 ranks 0101 first, h3 0100; 0101 takes need:specialist_care first.
    let scenario = with_preferences(
        &draw,
        &[vec![], vec![1], vec![], vec![0]],
        &[vec![], vec![5]],
    );
    assert!(!brute_force_stable_exists(&scenario));
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("a problem");
    let preferences = Preferences::from_scenario(&scenario, &problem);
    let stable = solve_stable(&problem, &preferences, &options());
    assert!(!stable.is_stable());
    assert!(stable.searched.is_some_and(|tried| tried > 0));
    let run = place_with(
        landa_model::Mechanism::Stable,
        &problem,
        &preferences,
        &options(),
    );
    assert!(
        run.certificate
            .starts_with("no stable placement exists: each of the"),
        "{}",
        run.certificate
    );
    assert_eq!(run.blocking_pairs, stable.blocking.len());
}
