//! A year of arrivals placed batch by batch, as placement is done in practice, compared with
//! the hindsight optimum (everyone placed at once, knowing the whole year).
//!
//! The online policy must not see future households. Before each batch it builds a problem
//! of the batch plus a sample of *expected* future arrivals, drawn with replacement from the
//! households seen so far (their scores included), as many as the arrival rate so far
//! predicts for the remaining batches, within the capacity left. The Lagrangian dual of
//! that problem prices every capacity (persons, minors, services, dwellings per
//! municipality) at what the expected future would pay for it. The batch is then placed
//! optimally (persons first) on its scores minus those shadow prices, so that it takes
//! scarce capacity only where it gains more than later arrivals would.

use crate::lookahead::{reserved_values, restricted, Remaining};
use crate::problem::Problem;
use crate::solve::{solve_without_search, Method, SolveOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

/// How arrivals are cut into batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchPlan {
    /// One batch per week of arrival (waiting since), counted from the first arrival.
    Weekly,
    /// This many batches of (nearly) equal size in order of arrival.
    Batches(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimulationOptions {
    pub plan: BatchPlan,
    pub seed: u64,
    /// Time cap of each batch's solve. The hindsight solve may use what all batches
    /// together may, so the reference is not weakened by a short cap. Only a cap: the
    /// solves skip the neighbourhood search that would spend it (see [`crate::solve`]).
    pub time_limit_per_batch: Duration,
}

/// Totals of one way of placing the year's arrivals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub persons: u64,
    pub objective: f64,
    /// Objective as a share of the hindsight optimum's.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimulationReport {
    pub batches: usize,
    /// Everyone placed at once, knowing the whole year.
    pub hindsight: Outcome,
    /// Upper bound on the hindsight objective (the solver's certificate): a share of it
    /// is a share of the true hindsight optimum that can only understate.
    pub hindsight_bound: f64,
    /// Batch by batch, reserving capacity for sampled future arrivals.
    pub online: Outcome,
    /// Batch by batch, each batch placed optimally with no thought for later ones.
    pub myopic: Outcome,
    /// Arrival order, best municipality with room (today's practice).
    pub greedy: Outcome,
}

/// Places the problem's households batch by batch and reports each policy's totals.
pub fn simulate(problem: &Problem, options: &SimulationOptions) -> SimulationReport {
    let batches = batches(problem, options.plan);
    let solve_options = SolveOptions {
        method: Method::Optimal,
        time_limit: options.time_limit_per_batch,
        seed: options.seed,
    };
    let hindsight = solve_without_search(
        problem,
        &SolveOptions {
            time_limit: options
                .time_limit_per_batch
                .saturating_mul(u32::try_from(batches.len()).unwrap_or(u32::MAX)),
            ..solve_options.clone()
        },
    );
    let greedy = solve_without_search(
        problem,
        &SolveOptions {
            method: Method::Greedy,
            ..solve_options.clone()
        },
    );
    let online = run_online(problem, &batches, &solve_options, true);
    let myopic = run_online(problem, &batches, &solve_options, false);
    let outcome = |persons: u64, objective: f64| Outcome {
        persons,
        objective,
        share: if hindsight.objective.abs() > 0.0 {
            objective / hindsight.objective
        } else {
            1.0
        },
    };
    SimulationReport {
        batches: batches.len(),
        hindsight: outcome(hindsight.persons_placed, hindsight.objective),
        hindsight_bound: hindsight.bound,
        online: outcome(online.0, online.1),
        myopic: outcome(myopic.0, myopic.1),
        greedy: outcome(greedy.persons_placed, greedy.objective),
    }
}

/// Households of each batch, in order of arrival.
fn batches(problem: &Problem, plan: BatchPlan) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..problem.households.len()).collect();
    order.sort_by_key(|&h| (problem.households[h].arrival, h));
    match plan {
        BatchPlan::Weekly => {
            let mut batches: Vec<Vec<usize>> = Vec::new();
            let mut week = None;
            for h in order {
                let this = problem.households[h].arrival.div_euclid(7);
                if week != Some(this) {
                    batches.push(Vec::new());
                    week = Some(this);
                }
                if let Some(batch) = batches.last_mut() {
                    batch.push(h);
                }
            }
            batches
        }
        BatchPlan::Batches(count) => {
            let count = count.clamp(1, order.len().max(1));
            let n = order.len();
            (0..count)
                .map(|b| order[b * n / count..(b + 1) * n / count].to_vec())
                .filter(|batch| !batch.is_empty())
                .collect()
        }
    }
}

/// Places batch after batch; with `reserve`, each batch's scores are reduced by the
/// shadow prices of a sampled future. Returns (persons, objective) of the placements.
fn run_online(
    problem: &Problem,
    batches: &[Vec<usize>],
    options: &SolveOptions,
    reserve: bool,
) -> (u64, f64) {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut remaining = Remaining::of(problem);
    let mut seen: Vec<usize> = Vec::new();
    let (mut persons, mut objective) = (0u64, 0.0);
    for (b, batch) in batches.iter().enumerate() {
        seen.extend_from_slice(batch);
        let values = if reserve {
            let rate = seen.len() as f64 / (b + 1) as f64;
            let expected = (rate * (batches.len() - b - 1) as f64).round() as usize;
            let future: Vec<usize> = (0..expected)
                .map(|_| seen[rng.gen_range(0..seen.len())])
                .collect();
            Some(reserved_values(
                problem,
                batch,
                &future,
                &remaining,
                options.time_limit,
            ))
        } else {
            None
        };
        let (sub, dwelling_of) = restricted(problem, batch, &remaining, |p| {
            values.as_ref().map_or(problem.pair_value[p], |v| v[p])
        });
        let solution = solve_without_search(&sub, options);
        let kinds = problem.kinds();
        for (i, assigned) in solution.assignment.iter().enumerate() {
            let Some(assigned) = assigned else { continue };
            let h = batch[i];
            let m = assigned.municipality;
            let Some(pair) = problem.find_pair(h, m) else {
                continue;
            };
            persons += u64::from(problem.households[h].persons);
            objective += problem.pair_value[pair];
            remaining.weight[m] -= problem.pair_weight[pair];
            for &(k, amount) in &problem.households[h].units {
                remaining.units[m * kinds + k] -= amount;
            }
            if let Some(d) = assigned.dwelling {
                remaining.dwelling_taken[dwelling_of[d]] = true;
            }
        }
    }
    (persons, objective)
}
