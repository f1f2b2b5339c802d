//! The entry point: a method, a problem, and a solution with its certificate.

use crate::dual::{self, DualSettings, Layer, Reducer};
use crate::exact;
use crate::explain::unplaced_reason;
use crate::heuristics::{self, SearchLimits};
use crate::load::{Load, Objective, NONE};
use crate::neighbourhood::{self, Budget};
use crate::problem::Problem;
use landa_model::Placement;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Lagrangian bound, rounding and local search; exact branch and bound on small problems.
    Optimal,
    /// Arrival order, each household to its best municipality with room (today's practice).
    Greedy,
    /// Random order, random eligible municipality with room.
    Random,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    pub method: Method,
    /// The time the optimal method may use: its neighbourhood search gets a work budget
    /// estimated to fit in it, so a run is deterministic for a given input, seed and time
    /// limit; the clock only stops a run that overruns it anyway.
    pub time_limit: Duration,
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            method: Method::Optimal,
            time_limit: Duration::from_secs(60),
            seed: 0,
        }
    }
}

/// Where a household was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assigned {
    pub municipality: usize,
    /// The dwelling, where the municipality offers dwellings.
    pub dwelling: Option<usize>,
}

/// A household left unplaced and why, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub household: usize,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SolveStats {
    pub method: Method,
    /// Iterations of the dual (subgradient) method over both layers.
    pub dual_iterations: usize,
    /// Nodes of the exact branch and bound (whole small problems, and neighbourhoods).
    pub nodes: u64,
    /// Neighbourhoods re-placed exactly, and how many of them improved the placement.
    pub neighbourhoods: u64,
    pub improving_neighbourhoods: u64,
    /// Both layers closed: persons and score are optimal (score to 1e-9).
    pub proven_optimal: bool,
    /// The time limit cut the run short (its result may then vary between runs).
    pub hit_time_limit: bool,
    pub elapsed: Duration,
}

/// A placement with its certificate. The objective is lexicographic: `persons_placed`
/// first (never more than `persons_bound`), then `objective`, the total value, which no
/// placement of at least `persons_placed` persons can push above `bound`.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Per household, where it was placed.
    pub assignment: Vec<Option<Assigned>>,
    pub persons_placed: u64,
    pub persons_bound: u64,
    pub objective: f64,
    pub bound: f64,
    /// (bound - objective) / |bound|, 0 when proven optimal.
    pub gap: f64,
    pub unplaced: Vec<Unplaced>,
    pub stats: SolveStats,
}

impl Solution {
    /// The placements in the model's terms, in household order.
    pub fn placements(&self, problem: &Problem) -> Vec<Placement> {
        self.assignment
            .iter()
            .enumerate()
            .filter_map(|(h, assigned)| {
                let assigned = assigned.as_ref()?;
                let pair = problem.find_pair(h, assigned.municipality)?;
                Some(Placement {
                    household: problem.households[h].id.clone(),
                    municipality: problem.municipalities[assigned.municipality].code.clone(),
                    dwelling: assigned
                        .dwelling
                        .and_then(|d| problem.dwellings.get(d))
                        .map(|d| d.id.clone()),
                    score: problem.pair_score[pair],
                })
            })
            .collect()
    }
}

/// Problems up to this many households go to exact branch and bound.
const EXACT_HOUSEHOLDS: usize = 24;
const EXACT_NODES: u64 = 3_000_000;
/// Up to this many households a rounding short of persons gets a deep repair.
const DEEP_REPAIR_HOUSEHOLDS: usize = 5_000;
/// The score layer stops when its gap is below this share.
const SCORE_TOLERANCE: f64 = 1e-4;
/// Calibration of the neighbourhood search's budget (see `search_budget`): nodes per second
/// (about 2.2 million measured on the 1 000-household bench, with room for a busy
/// machine), and seconds per pair of the rest of the method (about 1e-5 measured at 12 000
/// households).
const SEARCH_NODES_PER_SECOND: f64 = 1_500_000.0;
const SECONDS_PER_PAIR: f64 = 1e-5;
/// Share of the time limit the budget plans to use: a margin for the estimates.
const PLANNED_SHARE: f64 = 0.9;

pub fn solve(problem: &Problem, options: &SolveOptions) -> Solution {
    run(problem, options, true)
}

/// [`solve`] without the neighbourhood search: the bound, rounding and local search only,
/// whatever the time limit. For the simulation, whose many solves would otherwise each
/// spend their whole limit.
pub(crate) fn solve_without_search(problem: &Problem, options: &SolveOptions) -> Solution {
    run(problem, options, false)
}

fn run(problem: &Problem, options: &SolveOptions, with_search: bool) -> Solution {
    let started = Instant::now();
    let deadline = started
        .checked_add(options.time_limit)
        .unwrap_or(started + Duration::from_secs(365 * 24 * 3600));
    let mut stats = SolveStats {
        method: options.method,
        dual_iterations: 0,
        nodes: 0,
        neighbourhoods: 0,
        improving_neighbourhoods: 0,
        proven_optimal: false,
        hit_time_limit: false,
        elapsed: Duration::ZERO,
    };
    let (trivial_persons, trivial_value) = trivial_bounds(problem);
    let (load, persons_bound, bound) = match options.method {
        Method::Greedy => {
            let mut load = Load::new(problem);
            heuristics::greedy(&mut load);
            (load, trivial_persons, trivial_value)
        }
        Method::Random => {
            let mut load = Load::new(problem);
            heuristics::random(&mut load, options.seed);
            (load, trivial_persons, trivial_value)
        }
        Method::Optimal => {
            let search_nodes = if with_search {
                search_budget(problem, options.time_limit)
            } else {
                0
            };
            optimal(problem, deadline, search_nodes, options.seed, &mut stats)
        }
    };
    stats.hit_time_limit |= Instant::now() >= deadline;
    stats.elapsed = started.elapsed();
    finish(problem, load, persons_bound, bound, stats)
}

/// Bounds that need no optimisation: every household that has an eligible pair placed at
/// its best value (or not at all where every value is negative).
pub(crate) fn trivial_bounds(problem: &Problem) -> (u64, f64) {
    let mut persons = 0u64;
    let mut value = 0.0;
    for h in 0..problem.households.len() {
        let pairs = problem.pairs(h);
        if !pairs.is_empty() {
            persons += u64::from(problem.households[h].persons);
            value += problem.pair_value[pairs.start].max(0.0);
        }
    }
    (persons, value)
}

fn optimal<'p>(
    problem: &'p Problem,
    deadline: Instant,
    search_nodes: u64,
    seed: u64,
    stats: &mut SolveStats,
) -> (Load<'p>, u64, f64) {
    let (trivial_persons, trivial_value) = trivial_bounds(problem);
    let quick = SearchLimits {
        max_rounds: 1,
        chains: false,
        eject_depth: 2,
        deadline,
    };
    // Start from the best of three constructions: arrival order, biggest households first
    // (packs capacity best), and the random one (so the optimum never loses to it).
    let mut best = Load::new(problem);
    heuristics::greedy(&mut best);
    for candidate in [heuristics::biggest_first(problem), {
        let mut load = Load::new(problem);
        heuristics::random(&mut load, seed);
        load
    }] {
        if candidate.objective().better_than(&best.objective()) {
            best = candidate;
        }
    }
    heuristics::improve(
        &mut best,
        &SearchLimits {
            max_rounds: 3,
            ..quick
        },
    );

    if problem.households.len() <= EXACT_HOUSEHOLDS {
        let exact = exact::branch_and_bound(&best, EXACT_NODES);
        stats.nodes = exact.nodes;
        let load = Load::from_pairs(problem, &exact.pairs);
        if exact.proven {
            stats.proven_optimal = true;
            let objective = load.objective();
            return (load, objective.persons, objective.value);
        }
        best = load;
    }

    // Layer 1: persons.
    let mut persons_bound = trivial_persons;
    if best.persons() < trivial_persons {
        let settings = DualSettings {
            max_iterations: 300,
            heuristic_every: 10,
            tolerance: 0.0,
            deadline,
        };
        let result = dual::minimise(
            problem,
            Layer::Persons,
            &settings,
            best.persons() as f64,
            |prices| {
                let reducer = Reducer::new(problem, prices, Layer::Persons);
                let candidate = rounded(problem, &reducer, &quick);
                if candidate.objective().better_than(&best.objective()) {
                    best = candidate;
                }
                best.persons() as f64
            },
        );
        stats.dual_iterations += result.iterations;
        stats.hit_time_limit |= result.hit_deadline;
        persons_bound = persons_bound.min((result.bound + 1e-6).floor().max(0.0) as u64);
    }

    // The polish the loops cannot afford on every candidate: more rounds, and the
    // displaced household of a move may go anywhere. A copy of the best placement is
    // polished before the value layer, whose rounded candidates must keep every person
    // layer 1 placed and at national scale rarely do: polished only after it, a loop that
    // ran to the deadline left the persons layer's placement as it was (7.5 % below the
    // bound at 12 000 households, against 1.1 % polished). Half the time left is its at
    // most, the bound's the rest; the loop itself starts from the placement as it was, so
    // that where its candidates do better (more persons, in small batches) nothing changes.
    let thorough = SearchLimits {
        max_rounds: 20,
        chains: true,
        ..quick
    };
    let mut polished = best.clone();
    let now = Instant::now();
    heuristics::improve(
        &mut polished,
        &SearchLimits {
            deadline: now + deadline.saturating_duration_since(now) / 2,
            ..thorough
        },
    );

    // Layer 2: value, with persons held at what layer 1 reached.
    let min_persons = best.persons();
    let layer = Layer::Score { min_persons };
    let settings = DualSettings {
        max_iterations: 300,
        heuristic_every: 10,
        tolerance: SCORE_TOLERANCE,
        deadline,
    };
    let start_value = best.objective().value;
    let result = dual::minimise(problem, layer, &settings, start_value, |prices| {
        let reducer = Reducer::new(problem, prices, layer);
        let candidate = rounded(problem, &reducer, &quick);
        if candidate.objective().better_than(&best.objective()) {
            best = candidate;
        }
        best.objective().value
    });
    stats.dual_iterations += result.iterations;
    stats.hit_time_limit |= result.hit_deadline;
    let bound = result.bound.min(trivial_value);

    if polished.objective().better_than(&best.objective()) {
        best = polished;
    }
    // Where the loop found better, or the polish above ran out of its time, on to the end.
    heuristics::improve(&mut best, &thorough);
    let proven = |objective: Objective| {
        objective.persons == persons_bound && dual::closed(layer, bound, objective.value, 1e-9)
    };
    if search_nodes > 0 && !proven(best.objective()) {
        let outcome = neighbourhood::search(
            &mut best,
            &Budget {
                nodes: search_nodes,
                deadline,
            },
            seed,
        );
        stats.nodes += outcome.nodes;
        stats.neighbourhoods = outcome.neighbourhoods;
        stats.improving_neighbourhoods = outcome.improvements;
        stats.hit_time_limit |= outcome.hit_deadline;
    }
    stats.proven_optimal = proven(best.objective());
    (best, persons_bound, bound)
}

/// Branch-and-bound nodes of the neighbourhood search that fit in `time_limit`, from
/// measured rates (release build, bench machine): the rest of the method's work is
/// iteration-limited and is estimated from the number of pairs. A work count, not a
/// clock, so that a run is deterministic; the deadline stops it only on a slower machine.
fn search_budget(problem: &Problem, time_limit: Duration) -> u64 {
    let rest = problem.pair_count() as f64 * SECONDS_PER_PAIR;
    let seconds = (PLANNED_SHARE * time_limit.as_secs_f64() - rest).max(0.0);
    (seconds * SEARCH_NODES_PER_SECOND) as u64
}

/// A placement rounded from prices and polished by a short local search.
fn rounded<'p>(problem: &'p Problem, reducer: &Reducer, limits: &SearchLimits) -> Load<'p> {
    let attempt = |biggest_first: bool| {
        let mut load = Load::new(problem);
        heuristics::round(&mut load, reducer, biggest_first);
        heuristics::improve(&mut load, limits);
        load
    };
    // The order of regret follows the prices most closely (on the 12 000-household bench
    // it halves the gap of placing big households first). When it falls short of the
    // persons the score layer must keep, big households first usually reaches them.
    let mut by_regret = attempt(false);
    if let Layer::Score { min_persons } = reducer.layer() {
        if by_regret.persons() < min_persons && problem.households.len() <= DEEP_REPAIR_HOUSEHOLDS {
            heuristics::repair(&mut by_regret, 3);
            heuristics::improve(&mut by_regret, limits);
        }
    }
    match reducer.layer() {
        Layer::Score { min_persons } if by_regret.persons() < min_persons => {
            let biggest = attempt(true);
            if biggest.objective().better_than(&by_regret.objective()) {
                biggest
            } else {
                by_regret
            }
        }
        _ => by_regret,
    }
}

pub(crate) fn finish(
    problem: &Problem,
    mut load: Load,
    persons_bound: u64,
    bound: f64,
    stats: SolveStats,
) -> Solution {
    let objective = load.objective();
    let dwellings = load.dwellings();
    let assignment = (0..problem.households.len())
        .map(|h| {
            load.pair_of(h).map(|pair| Assigned {
                municipality: problem.pair_municipality[pair],
                dwelling: dwellings[h],
            })
        })
        .collect();
    let unplaced_households: Vec<usize> = (0..problem.households.len())
        .filter(|&h| load.pair_of(h).is_none())
        .collect();
    let unplaced = unplaced_households
        .into_iter()
        .map(|h| Unplaced {
            household: h,
            reason: unplaced_reason(&mut load, h),
        })
        .collect();
    // The bound may sit a rounding error below a proven optimum; never report a negative gap.
    let bound = bound.max(objective.value);
    Solution {
        assignment,
        persons_placed: objective.persons,
        persons_bound: persons_bound.max(objective.persons),
        objective: objective.value,
        bound,
        gap: relative_gap(bound, objective.value),
        unplaced,
        stats,
    }
}

/// (bound - objective) relative to the bound's size; 0 for a closed gap.
pub(crate) fn relative_gap(bound: f64, objective: f64) -> f64 {
    let difference = bound - objective;
    if difference <= 0.0 {
        0.0
    } else {
        difference / bound.abs().max(objective.abs()).max(1e-12)
    }
}

/// Every constraint a solution must meet, checked from scratch (independent of how the
/// solver tracks capacities). Returns one message per violation; empty when feasible.
pub fn verify(problem: &Problem, solution: &Solution) -> Vec<String> {
    let mut problems = Vec::new();
    if solution.assignment.len() != problem.households.len() {
        problems.push(format!(
            "{} assignments for {} households",
            solution.assignment.len(),
            problem.households.len()
        ));
        return problems;
    }
    let kinds = problem.kinds();
    let mut weight = vec![0u64; problem.municipalities.len()];
    let mut units = vec![0u32; problem.unit_capacity.len()];
    let mut tenant = vec![NONE; problem.dwellings.len()];
    for (h, assigned) in solution.assignment.iter().enumerate() {
        let Some(assigned) = assigned else { continue };
        let id = &problem.households[h].id;
        let m = assigned.municipality;
        let Some(pair) = problem.find_pair(h, m) else {
            problems.push(format!("household {id} placed where it is not eligible"));
            continue;
        };
        weight[m] += problem.pair_weight[pair];
        for &(k, amount) in &problem.households[h].units {
            units[m * kinds + k] += amount;
        }
        match (&problem.municipalities[m].dwellings, assigned.dwelling) {
            (None, None) => {}
            (None, Some(_)) => problems.push(format!(
                "household {id} given a dwelling where the municipality offers none"
            )),
            (Some(_), None) => problems.push(format!("household {id} placed without a dwelling")),
            (Some(range), Some(d)) => {
                if !range.contains(&d) {
                    problems.push(format!(
                        "household {id} given another municipality's dwelling"
                    ));
                } else if !problem.fits_dwelling(h, d) {
                    problems.push(format!("household {id} does not fit its dwelling"));
                } else if tenant[d] != NONE {
                    problems.push(format!("household {id} shares a dwelling"));
                } else {
                    tenant[d] = h;
                }
            }
        }
    }
    for (m, municipality) in problem.municipalities.iter().enumerate() {
        if weight[m] > municipality.capacity {
            problems.push(format!(
                "{} over persons capacity ({}/{})",
                municipality.code, weight[m], municipality.capacity
            ));
        }
        for k in 0..kinds {
            let at = m * kinds + k;
            if units[at] > problem.unit_capacity[at] {
                problems.push(format!(
                    "{} over {} capacity ({}/{})",
                    municipality.code, problem.kind_names[k], units[at], problem.unit_capacity[at]
                ));
            }
        }
    }
    problems
}
