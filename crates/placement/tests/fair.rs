//! Placement with group floors: feasible, floors honoured where claimed, never better than
//! the unconstrained optimum, and a known trade on a small example.

mod common;

use common::{draw, scenario, violations, Draw};
use landa_model::{HouseholdId, MunicipalityCode, Scenario};
use landa_placement::{solve_with_floors, GroupFloor, Problem, ProblemOptions, SolveOptions};
use proptest::prelude::*;
use std::collections::HashMap;

fn household_index(scenario: &Scenario) -> HashMap<&HouseholdId, usize> {
    scenario
        .households
        .iter()
        .enumerate()
        .map(|(i, h)| (&h.id, i))
        .collect()
}

/// Households with an even number are group 0, odd ones group 1; a household adds its
/// score (when positive) to its group, as members' predicted outcomes would.
fn contributions(
    scenario: &Scenario,
) -> impl Fn(&HouseholdId, &MunicipalityCode, &mut Vec<(usize, f64)>) + '_ {
    let index = household_index(scenario);
    let scores: HashMap<(&HouseholdId, &MunicipalityCode), f64> = scenario
        .scores
        .iter()
        .map(|s| ((&s.household, &s.municipality), s.value()))
        .collect();
    move |h, m, out| {
        let value = scores.get(&(h, m)).copied().unwrap_or(0.0).max(0.0);
        out.push((index[h] % 2, value));
    }
}

fn group_totals(scenario: &Scenario, placements: &[landa_model::Placement]) -> [f64; 2] {
    let index = household_index(scenario);
    let mut totals = [0.0; 2];
    for p in placements {
        totals[index[&p.household] % 2] += p.score.max(0.0);
    }
    totals
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever floors are asked (here: a share more for group 1 than the unconstrained
    /// placement gives it), the result is a valid placement; where it claims the floors are
    /// met they are, checked from its placements; on problems small enough to be solved
    /// exactly it is never better than the unconstrained optimum; its bound covers it.
    #[test]
    fn floors_are_honoured_and_cost_something(draw in draw(8, 4, false), raise in 0.0f64..0.6) {
        let scenario = scenario(&draw);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
        let options = SolveOptions::default();
        let probe = solve_with_floors(&problem, &options, &[], contributions(&scenario));
        let base = group_totals(&scenario, &probe.unconstrained.placements(&problem));
        let floors = vec![
            GroupFloor { name: "even".into(), floor: 0.0 },
            GroupFloor { name: "odd".into(), floor: base[1] * (1.0 + raise) + raise },
        ];
        let fair = solve_with_floors(&problem, &options, &floors, contributions(&scenario));
        let placements = fair.solution.placements(&problem);
        prop_assert!(violations(&scenario, &ProblemOptions::default(), &placements).is_empty());
        let totals = group_totals(&scenario, &placements);
        if fair.floors_met {
            prop_assert!(totals[1] >= floors[1].floor - 1e-9);
            prop_assert!(fair.price >= -1e-9, "price {}", fair.price);
            prop_assert!(fair.solution.bound >= fair.solution.objective - 1e-9);
        }
        prop_assert!((fair.groups[1].achieved - totals[1]).abs() < 1e-9);
        prop_assert!((fair.price - (fair.unconstrained.objective - fair.solution.objective)).abs() < 1e-9);
    }

    /// Floors the unconstrained placement already meets cost nothing and take no rounds.
    #[test]
    fn met_floors_are_free(draw in draw(8, 4, false)) {
        let scenario = scenario(&draw);
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
        let options = SolveOptions::default();
        let probe = solve_with_floors(&problem, &options, &[], contributions(&scenario));
        let base = group_totals(&scenario, &probe.unconstrained.placements(&problem));
        let floors: Vec<GroupFloor> = base
            .iter()
            .map(|&b| GroupFloor { name: "g".into(), floor: b * 0.999 })
            .collect();
        let fair = solve_with_floors(&problem, &options, &floors, contributions(&scenario));
        prop_assert!(fair.floors_met);
        prop_assert_eq!(fair.rounds, 0);
        prop_assert!(fair.price.abs() < 1e-12);
    }
}

/// Two single adults, two municipalities of one place each. Unconstrained, household 0
/// takes the place where both do best (0.9 + 0.5 = 1.4); a floor of 0.7 for household
/// 1's group makes them trade (0.6 + 0.7 = 1.3): the price is 0.1.
#[test]
fn a_floor_buys_a_trade_at_its_price() {
    // Municipalities 0100 and 0101 with one place each; single adults h0 and h1.
    let scenario = scenario(&Draw {
        municipalities: vec![(1, 0, 0, 0, None), (1, 0, 0, 0, None)],
        households: vec![
            (1, 0, false, false, None, 0, vec![Some(0.9), Some(0.6)]),
            (1, 0, false, false, None, 0, vec![Some(0.7), Some(0.5)]),
        ],
    });
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default()).expect("valid");
    let floors = vec![
        GroupFloor {
            name: "h0".into(),
            floor: 0.0,
        },
        GroupFloor {
            name: "h1".into(),
            floor: 0.7,
        },
    ];
    let fair = solve_with_floors(
        &problem,
        &SolveOptions::default(),
        &floors,
        contributions(&scenario),
    );
    assert!(fair.floors_met);
    assert!((fair.unconstrained.objective - 1.4).abs() < 1e-9);
    assert!((fair.solution.objective - 1.3).abs() < 1e-9);
    assert!((fair.price - 0.1).abs() < 1e-9);
    let placed: Vec<(String, String)> = fair
        .solution
        .placements(&problem)
        .iter()
        .map(|p| (p.household.to_string(), p.municipality.to_string()))
        .collect();
    assert_eq!(
        placed,
        vec![("h0".into(), "0101".into()), ("h1".into(), "0100".into())]
    );
}
