//! Property tests: feasibility of every method, the certificate, agreement with brute force,
//! determinism, explanations.

mod common;

use common::{brute_force, day, draw, scenario, violations, Draw};
use landa_model::Standing;
use landa_placement::{
    alternatives, explain, solve, verify, Method, Problem, ProblemOptions, Solution, SolveOptions,
    Status,
};
use proptest::prelude::*;
use std::time::Duration;

fn options_for(index: u8) -> ProblemOptions {
    // Cover the option space: none, a placement date with bonuses, waiting only.
    match index % 3 {
        0 => ProblemOptions::default(),
        1 => ProblemOptions {
            placement_date: Some(day(10)),
            tie_bonus: 0.5,
            waiting_weight: 0.01,
        },
        _ => ProblemOptions {
            placement_date: Some(day(25)),
            tie_bonus: 0.0,
            waiting_weight: 0.05,
        },
    }
}

fn run(problem: &Problem, method: Method, seed: u64) -> Solution {
    solve(
        problem,
        &SolveOptions {
            method,
            time_limit: Duration::from_secs(600),
            seed,
        },
    )
}

/// `a` is at least as good as `b` lexicographically (persons, then value).
fn at_least(a: &Solution, b: &Solution) -> bool {
    a.persons_placed > b.persons_placed
        || (a.persons_placed == b.persons_placed
            && a.objective >= b.objective - 1e-9 * b.objective.abs().max(1.0))
}

fn check_feasible_and_certified(
    draw: &Draw,
    options_index: u8,
    seed: u64,
) -> Result<(), TestCaseError> {
    let scenario = scenario(draw);
    let options = options_for(options_index);
    let problem = Problem::from_scenario(&scenario, &options).expect("valid scenario");
    for method in [Method::Optimal, Method::Greedy, Method::Random] {
        let solution = run(&problem, method, seed);
        let placements = solution.placements(&problem);
        let found = violations(&scenario, &options, &placements);
        prop_assert!(found.is_empty(), "{method:?}: {found:?}");
        prop_assert!(verify(&problem, &solution).is_empty());
        prop_assert_eq!(
            placements.len() + solution.unplaced.len(),
            scenario.households.len()
        );
        let persons: u64 = placements
            .iter()
            .filter_map(|p| scenario.households.iter().find(|h| h.id == p.household))
            .map(|h| u64::from(h.size()))
            .sum();
        prop_assert_eq!(persons, solution.persons_placed);
        prop_assert!(solution.persons_bound >= solution.persons_placed);
        prop_assert!(solution.bound >= solution.objective - 1e-9);
        prop_assert!(solution.gap >= 0.0 && solution.gap.is_finite());
        prop_assert!(solution.objective.is_finite() && solution.bound.is_finite());
        for unplaced in &solution.unplaced {
            let id = problem.household_id(unplaced.household).expect("household");
            prop_assert!(unplaced.reason.contains(id.as_str()), "{}", unplaced.reason);
        }
    }
    Ok(())
}

/// Every method feasible, and the optimal one equals brute force.
fn check_equals_brute_force(
    draw: &Draw,
    options_index: u8,
    seed: u64,
) -> Result<(), TestCaseError> {
    check_feasible_and_certified(draw, options_index, seed)?;
    let scenario = scenario(draw);
    let options = options_for(options_index);
    let problem = Problem::from_scenario(&scenario, &options).expect("valid scenario");
    let solution = run(&problem, Method::Optimal, seed);
    let (persons, value) = brute_force(&scenario, &options);
    prop_assert_eq!(solution.persons_placed, persons);
    prop_assert!(
        (solution.objective - value).abs() <= 1e-9 * value.abs().max(1.0),
        "optimal {} brute force {}",
        solution.objective,
        value
    );
    prop_assert!(solution.stats.proven_optimal);
    prop_assert_eq!(solution.gap, 0.0);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Small instances, many of them.
    #[test]
    fn optimal_equals_brute_force(draw in draw(8, 3, true), options_index in 0u8..3, seed in 0u64..4) {
        check_equals_brute_force(&draw, options_index, seed)?;
    }

    /// Larger instances take the Lagrangian path: still feasible, certified, and never
    /// worse than the baselines.
    #[test]
    fn lagrangian_path_is_feasible_and_beats_baselines(
        draw in draw(60, 6, true), options_index in 0u8..3, seed in 0u64..4
    ) {
        check_feasible_and_certified(&draw, options_index, seed)?;
        let scenario = scenario(&draw);
        let problem = Problem::from_scenario(&scenario, &options_for(options_index)).expect("valid");
        let optimal = run(&problem, Method::Optimal, seed);
        prop_assert!(at_least(&optimal, &run(&problem, Method::Greedy, seed)));
        prop_assert!(at_least(&optimal, &run(&problem, Method::Random, seed)));
    }

    #[test]
    fn same_seed_same_result(draw in draw(40, 5, true), seed in 0u64..1000) {
        let scenario = scenario(&draw);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
        for method in [Method::Optimal, Method::Random] {
            let first = run(&problem, method, seed);
            let second = run(&problem, method, seed);
            prop_assert_eq!(&first.assignment, &second.assignment);
            prop_assert_eq!(first.objective.to_bits(), second.objective.to_bits());
            prop_assert_eq!(first.bound.to_bits(), second.bound.to_bits());
        }
    }

    #[test]
    fn explanations_match_the_solution(draw in draw(20, 4, true)) {
        let scenario = scenario(&draw);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
        let solution = run(&problem, Method::Optimal, 0);
        let kept = alternatives(&problem, &solution);
        let mut kept_at = 0;
        for (h, assigned) in solution.assignment.iter().enumerate() {
            let explanation = explain(&problem, &solution, h).expect("known household");
            // The records kept with a run say the same, household by household, in order.
            for alternative in &explanation.alternatives {
                let record = &kept[kept_at];
                kept_at += 1;
                prop_assert_eq!(record.household.as_str(), problem.household_id(h).expect("id").as_str());
                prop_assert_eq!(record.value, alternative.value);
                prop_assert_eq!(record.municipality.as_str(), alternative.code.as_str());
                let standing = match &alternative.status {
                    Status::Placed => Standing::Placed,
                    Status::Fits => Standing::Fits,
                    Status::Blocked { detail, .. } => {
                        prop_assert_eq!(&record.detail, detail);
                        Standing::Blocked
                    }
                };
                prop_assert_eq!(record.standing, standing);
            }
            let placed: Vec<_> = explanation
                .alternatives
                .iter()
                .filter(|a| a.status == Status::Placed)
                .collect();
            match assigned {
                Some(a) => {
                    prop_assert_eq!(placed.len(), 1);
                    prop_assert_eq!(placed[0].municipality, a.municipality);
                }
                None => {
                    prop_assert!(placed.is_empty());
                    // Unplaced and optimal: no alternative can simply take it.
                    prop_assert!(explanation.alternatives.iter().all(|a| a.status != Status::Fits));
                }
            }
            prop_assert!(explanation.to_string().contains(problem.household_id(h).expect("id").as_str()));
        }
        prop_assert_eq!(kept_at, kept.len());
        prop_assert!(explain(&problem, &solution, problem.household_count()).is_none());
    }
}

proptest! {
    // Brute force grows as 3^12 here: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Up to twelve households, the size the issue names, on two municipalities.
    #[test]
    fn optimal_equals_brute_force_up_to_twelve_households(
        draw in draw(12, 2, true), options_index in 0u8..3, seed in 0u64..4
    ) {
        check_equals_brute_force(&draw, options_index, seed)?;
    }
}
