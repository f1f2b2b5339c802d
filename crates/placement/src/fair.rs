//! Placement with a floor on each group's expected outcome (by sex, age, household type,
//! origin ...), so that a gain in total is not bought at one group's cost.
//!
//! Each floor "the group's members' expected outcome adds up to at least F" is priced by a
//! Lagrange multiplier μ ≥ 0: the solver maximises score + Σ μ_g × (the pair's contribution
//! to group g). Each multiplier is doubled while its group falls short and then bisected
//! between too little and enough; the best placement that meets every floor (placing as
//! many persons as the unconstrained one) is kept.
//! By weak duality, for any μ ≥ 0 the relaxed problem's bound minus Σ μ_g F_g bounds every
//! placement that meets the floors, so the result carries a certificate like the
//! unconstrained one. The price of fairness is the fall in total objective from the
//! unconstrained placement, both found by the same method.

use crate::problem::Problem;
use crate::solve::{solve_without_search, Solution, SolveOptions};
use landa_model::{HouseholdId, MunicipalityCode};

/// A group of persons and the least total expected outcome its members must get.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFloor {
    pub name: String,
    pub floor: f64,
}

/// How a group fared.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    pub name: String,
    pub floor: f64,
    /// The group's total under the unconstrained placement and under the fair one.
    pub unconstrained: f64,
    pub achieved: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FairSolution {
    /// The placement; its `objective` is in the problem's own values (not the priced
    /// ones), its `bound` the Lagrangian certificate over placements meeting the floors.
    pub solution: Solution,
    /// The best placement found without the floors (by the same method, unpriced or in a
    /// round whose placement placed as many persons), its `objective` in the problem's values.
    pub unconstrained: Solution,
    /// `unconstrained.objective - solution.objective`: what the floors cost in total.
    pub price: f64,
    pub groups: Vec<GroupOutcome>,
    /// False when no round met every floor: `solution` is then the one closest to them.
    pub floors_met: bool,
    pub multipliers: Vec<f64>,
    pub rounds: usize,
}

const ROUNDS: usize = 20;
/// A group's first multiplier: its members' contributions count 5 % more.
const FIRST_MULTIPLIER: f64 = 0.05;
/// Rounds without a better placement after the first that met every floor.
const PATIENCE: usize = 3;
/// Shortfalls below this share of a floor count as met (floating sums).
const TOLERANCE: f64 = 1e-9;

/// Per pair, what it adds to each group: CSR over the problem's pairs.
struct Contributions {
    start: Vec<usize>,
    entries: Vec<(usize, f64)>,
}

impl Contributions {
    fn of(&self, pair: usize) -> &[(usize, f64)] {
        &self.entries[self.start[pair]..self.start[pair + 1]]
    }
}

fn group_totals(
    problem: &Problem,
    solution: &Solution,
    contributions: &Contributions,
    groups: usize,
) -> Vec<f64> {
    let mut totals = vec![0.0; groups];
    for (h, assigned) in solution.assignment.iter().enumerate() {
        let Some(pair) = assigned.and_then(|a| problem.find_pair(h, a.municipality)) else {
            continue;
        };
        for &(g, amount) in contributions.of(pair) {
            totals[g] += amount;
        }
    }
    totals
}

fn objective(problem: &Problem, solution: &Solution) -> f64 {
    solution
        .assignment
        .iter()
        .enumerate()
        .filter_map(|(h, a)| problem.find_pair(h, a.as_ref()?.municipality))
        .map(|p| problem.pair_value[p])
        .sum()
}

/// Largest shortfall below a floor, as a share of the floor.
fn shortfall(totals: &[f64], floors: &[GroupFloor]) -> f64 {
    totals
        .iter()
        .zip(floors)
        .map(|(t, f)| (f.floor - t) / f.floor.abs().max(1e-9))
        .fold(0.0, f64::max)
}

/// Places `problem` so that every group's total is at least its floor, where some
/// placement allows it. `contribution(household, municipality, out)` fills `out` with what
/// placing the household there adds to each group, as (index into `floors`, amount);
/// amounts are usually the predicted outcomes of the household's members in the group.
/// Each round is solved without the neighbourhood search (as the simulation does).
pub fn solve_with_floors(
    problem: &Problem,
    options: &SolveOptions,
    floors: &[GroupFloor],
    contribution: impl Fn(&HouseholdId, &MunicipalityCode, &mut Vec<(usize, f64)>),
) -> FairSolution {
    let mut contributions = Contributions {
        start: vec![0],
        entries: Vec::new(),
    };
    let mut buffer = Vec::new();
    for h in 0..problem.households.len() {
        for p in problem.pairs(h) {
            buffer.clear();
            contribution(
                &problem.households[h].id,
                &problem.municipalities[problem.pair_municipality[p]].code,
                &mut buffer,
            );
            contributions
                .entries
                .extend(buffer.iter().filter(|(g, _)| *g < floors.len()));
            contributions.start.push(contributions.entries.len());
        }
    }
    let unconstrained = solve_without_search(problem, options);
    let unconstrained_totals = group_totals(problem, &unconstrained, &contributions, floors.len());
    let mut multipliers = vec![0.0; floors.len()];
    let mut too_low = vec![0.0; floors.len()];
    let mut enough: Vec<Option<f64>> = vec![None; floors.len()];
    // (shortfall, objective, solution, totals) of the best round: feasible first.
    let mut best = (
        shortfall(&unconstrained_totals, floors),
        unconstrained.objective,
        unconstrained.clone(),
        unconstrained_totals.clone(),
    );
    // The best placement found without regard to the floors (any round placing as many
    // persons counts): what the price is measured from, so it is never negative.
    let mut free = (
        unconstrained.objective,
        unconstrained.clone(),
        unconstrained_totals.clone(),
    );
    let mut bound = f64::INFINITY;
    let mut rounds = 0;
    let mut since_better = 0;
    // Once a round meets the floors, a few more may find a cheaper one that also does.
    while best.0 > TOLERANCE || (rounds > 0 && since_better < PATIENCE) {
        if rounds == ROUNDS {
            break;
        }
        rounds += 1;
        since_better += 1;
        let priced = problem.with_values(|p| {
            problem.pair_value[p]
                + contributions
                    .of(p)
                    .iter()
                    .map(|&(g, a)| multipliers[g] * a)
                    .sum::<f64>()
        });
        let round = solve_without_search(&priced, options);
        let priced_floors: f64 = multipliers
            .iter()
            .zip(floors)
            .map(|(m, f)| m * f.floor)
            .sum();
        bound = bound.min(round.bound - priced_floors);
        let totals = group_totals(problem, &round, &contributions, floors.len());
        let value = objective(problem, &round);
        let short = shortfall(&totals, floors).max(0.0);
        // Persons first, as everywhere: a round placing fewer persons than the
        // unconstrained placement does not count, whatever it does for the floors.
        let better = round.persons_placed >= unconstrained.persons_placed
            && if short <= TOLERANCE {
                best.0 > TOLERANCE || value > best.1
            } else {
                short < best.0
            };
        // Each multiplier is bracketed: doubled until its group meets its floor, then
        // bisected between the largest that fell short and the smallest that did not, so
        // the floors are met at as low a price as the rounds find.
        for (g, floor) in floors.iter().enumerate() {
            if totals[g] < floor.floor - TOLERANCE * floor.floor.abs().max(1e-9) {
                too_low[g] = multipliers[g];
                multipliers[g] = match enough[g] {
                    Some(high) => (too_low[g] + high) / 2.0,
                    None => (2.0 * multipliers[g]).max(FIRST_MULTIPLIER),
                };
            } else if multipliers[g] > 0.0 {
                enough[g] = Some(enough[g].map_or(multipliers[g], |h: f64| h.min(multipliers[g])));
                if short <= TOLERANCE {
                    multipliers[g] = (too_low[g] + multipliers[g]) / 2.0;
                }
            }
        }
        let full = round.persons_placed >= unconstrained.persons_placed;
        if full && value > free.0 {
            free = (value, round.clone(), totals.clone());
        }
        if better {
            best = (short, value, round, totals);
            since_better = 0;
        }
    }
    let (short, value, mut solution, totals) = best;
    let floors_met = short <= TOLERANCE;
    let (free_value, mut unconstrained, free_totals) = free;
    unconstrained.objective = free_value;
    solution.objective = value;
    if rounds > 0 && floors_met {
        solution.bound = bound.min(unconstrained.bound).max(value);
        solution.gap = (solution.bound - value) / solution.bound.abs().max(1e-12);
    }
    FairSolution {
        price: free_value - value,
        groups: floors
            .iter()
            .enumerate()
            .map(|(g, f)| GroupOutcome {
                name: f.name.clone(),
                floor: f.floor,
                unconstrained: free_totals[g],
                achieved: totals[g],
            })
            .collect(),
        unconstrained,
        solution,
        floors_met,
        multipliers,
        rounds,
    }
}
