//! Infeasible and degenerate inputs: never a panic, always a reason.

mod common;

use common::{day, scenario, Draw, MunicipalityDraw};
use landa_model::Score;
use landa_placement::{
    explain, simulate, solve, verify, BatchPlan, Method, Problem, ProblemError, ProblemOptions,
    SimulationOptions, SolveOptions, Status,
};
use std::time::Duration;

fn solve_all(problem: &Problem) -> Vec<landa_placement::Solution> {
    [Method::Optimal, Method::Greedy, Method::Random]
        .into_iter()
        .map(|method| {
            solve(
                problem,
                &SolveOptions {
                    method,
                    time_limit: Duration::from_secs(60),
                    seed: 3,
                },
            )
        })
        .collect()
}

/// Two households (a family of 4 needing specialist care, an unaccompanied minor) and the
/// given municipalities (persons, minors, accessible, care, dwellings).
fn two_households(municipalities: Vec<MunicipalityDraw>) -> Draw {
    let m = municipalities.len();
    Draw {
        municipalities,
        households: vec![
            (2, 2, false, true, None, 0, vec![Some(1.0); m]),
            (0, 1, false, false, None, 3, vec![Some(0.5); m]),
        ],
    }
}

#[test]
fn no_municipalities_leaves_everyone_unplaced_with_a_reason() {
    let scenario = scenario(&two_households(Vec::new()));
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
    for solution in solve_all(&problem) {
        assert_eq!(solution.persons_placed, 0);
        assert_eq!(solution.persons_bound, 0);
        assert_eq!(
            (solution.objective, solution.bound, solution.gap),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(solution.unplaced.len(), 2);
        assert!(solution.unplaced[0]
            .reason
            .contains("not eligible in any municipality"));
    }
}

#[test]
fn zero_capacity_names_the_short_capacity() {
    let scenario = scenario(&two_households(vec![
        (0, 0, 0, 0, None),
        (4, 0, 0, 0, None),
    ]));
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
    for solution in solve_all(&problem) {
        assert!(verify(&problem, &solution).is_empty());
        assert_eq!(solution.persons_placed, 0);
        let family = &solution.unplaced[0].reason;
        assert!(
            family.starts_with("household h0 (4 persons, needs specialist_care)"),
            "{family}"
        );
        assert!(family.contains("0100 takes at most 0 persons"), "{family}");
        assert!(
            family.contains("0101 offers no specialist_care"),
            "{family}"
        );
        let minor = &solution.unplaced[1].reason;
        assert!(minor.contains("unaccompanied minor"), "{minor}");
    }
}

#[test]
fn capacity_used_up_is_reported_with_its_usage() {
    // One municipality for 4 persons; both households are eligible, only one fits.
    let mut draw = two_households(vec![(4, 1, 0, 1, None)]);
    draw.households[1].6 = vec![Some(0.5)];
    let scenario = scenario(&draw);
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
    let solution = &solve_all(&problem)[0];
    assert_eq!(
        solution.persons_placed, 4,
        "persons first: the family of four"
    );
    let reason = &solution.unplaced[0].reason;
    assert!(reason.contains("0100 full (persons 4/4)"), "{reason}");
    let explanation = explain(&problem, solution, 1).expect("known");
    assert!(matches!(
        explanation.alternatives[0].status,
        Status::Blocked { ref detail, .. } if detail == "full (persons 4/4)"
    ));
}

#[test]
fn dwellings_not_yet_available_cannot_be_used() {
    // The only dwelling becomes available on day 30; placing on day 10 needs it.
    let draw = two_households(vec![(9, 1, 0, 1, Some(vec![(6, false, 30)]))]);
    let scenario = scenario(&draw);
    let early = ProblemOptions {
        placement_date: Some(day(10)),
        ..ProblemOptions::default()
    };
    let problem = Problem::from_scenario(&scenario, &early).expect("valid");
    for solution in solve_all(&problem) {
        assert_eq!(solution.persons_placed, 0);
        assert!(
            solution.unplaced[0].reason.contains("dwelling"),
            "{}",
            solution.unplaced[0].reason
        );
    }
    let later = ProblemOptions {
        placement_date: Some(day(40)),
        ..ProblemOptions::default()
    };
    let problem = Problem::from_scenario(&scenario, &later).expect("valid");
    let solution = &solve_all(&problem)[0];
    assert_eq!(
        solution.persons_placed, 4,
        "one dwelling: the bigger household"
    );
    assert!(solution.assignment[0].and_then(|a| a.dwelling).is_some());
}

#[test]
fn inconsistent_scenarios_are_errors() {
    let mut scenario = scenario(&two_households(vec![(4, 1, 0, 1, None)]));
    let options = ProblemOptions {
        tie_bonus: f64::NAN,
        ..ProblemOptions::default()
    };
    assert_eq!(
        Problem::from_scenario(&scenario, &options).err(),
        Some(ProblemError::NotFinite("tie_bonus"))
    );
    let duplicate = scenario.scores[0].clone();
    scenario.scores.push(duplicate);
    assert!(matches!(
        Problem::from_scenario(&scenario, &ProblemOptions::default()),
        Err(ProblemError::DuplicateScore { .. })
    ));
    scenario.scores.pop();
    scenario.scores.push(
        Score::new(
            "nobody".parse().expect("id"),
            "0100".parse().expect("code"),
            1.0,
        )
        .expect("finite"),
    );
    assert_eq!(
        Problem::from_scenario(&scenario, &ProblemOptions::default()).err(),
        Some(ProblemError::UnknownHousehold("nobody".into()))
    );
    scenario.scores.pop();
    scenario.scores.push(
        Score::new(
            "h0".parse().expect("id"),
            "0999".parse().expect("code"),
            1.0,
        )
        .expect("finite"),
    );
    assert!(matches!(
        Problem::from_scenario(&scenario, &ProblemOptions::default()),
        Err(ProblemError::UnknownMunicipality { .. })
    ));
}

#[test]
fn simulation_places_batches_without_exceeding_capacity() {
    let draw = Draw {
        municipalities: vec![
            (6, 1, 1, 1, None),
            (8, 0, 1, 1, Some(vec![(4, true, 0); 3])),
            (5, 1, 0, 0, None),
        ],
        households: (0..12)
            .map(|i| {
                let scores = vec![
                    Some(0.3 + 0.1 * (i % 3) as f64),
                    Some(1.0 - 0.05 * i as f64),
                    Some(0.6),
                ];
                (i % 3, 1 + i % 2, i == 4, i == 7, None, 7 * i as i64, scores)
            })
            .collect(),
    };
    let scenario = scenario(&draw);
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
    let options = SimulationOptions {
        plan: BatchPlan::Weekly,
        seed: 5,
        time_limit_per_batch: Duration::from_secs(60),
    };
    let report = simulate(&problem, &options);
    assert_eq!(report.batches, 12, "one arrival a week");
    let capacity = 6 + 8 + 5;
    for outcome in [
        report.hindsight,
        report.online,
        report.myopic,
        report.greedy,
    ] {
        assert!(outcome.persons <= capacity);
        assert!(outcome.objective.is_finite() && outcome.share.is_finite());
    }
    assert!(report.hindsight.persons >= report.greedy.persons);
    let greedy = &solve_all(&problem)[1];
    assert_eq!(report.greedy.objective, greedy.objective);
    let batches = simulate(
        &problem,
        &SimulationOptions {
            plan: BatchPlan::Batches(4),
            ..options.clone()
        },
    );
    assert_eq!(batches.batches, 4);
    assert_eq!(
        simulate(
            &problem,
            &SimulationOptions {
                plan: BatchPlan::Batches(0),
                ..options
            }
        )
        .batches,
        1
    );
}
