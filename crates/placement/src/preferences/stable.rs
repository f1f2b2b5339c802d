//! Placement without justified envy, and the blocking pairs of any placement.
//!
//! A municipality chooses from a set of households by its priority order (its priority
//! groups, then the longest waiting): it takes each in turn if it still fits every
//! capacity (persons, minors, services, and a dwelling each by Hall's conditions), and
//! skips it otherwise. A household and a municipality **block** a placement when the
//! household prefers the municipality to where it is (a listed municipality above its own
//! choice; any eligible one when it is unplaced) and the municipality would choose it from
//! its households and this one: it has room, or it took households of lower priority
//! whose places would make room (justified envy).
//!
//! [`solve_stable`] runs household-proposing deferred acceptance: each household proposes
//! down its ranking, then to the municipalities it did not list, best predicted outcome
//! first (it is indifferent between them); a municipality holds what it would choose and
//! rejects the rest. With one capacity that is stable; with several (persons, services,
//! dwellings) a choice by priority is not always substitutable and a stable placement may
//! not exist (Delacrétaz, Kominers and Teytelboym 2023). Up to 20 repair rounds then let
//! each blocking household in and the households that make way propose again. Where
//! blocking pairs still remain and the batch is small (at most 50 000 placements), every
//! placement is tried, so the run either finds a stable one or shows that none exists;
//! a larger batch says that it could not decide. The result is checked by
//! [`blocking_pairs`] and says honestly whether it is stable.

use super::Preferences;
use crate::load::Load;
use crate::problem::Problem;
use crate::solve::{finish, trivial_bounds, Method, Solution, SolveOptions, SolveStats};
use std::time::Instant;

/// A household and a municipality that would both rather be together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockingPair {
    pub household: usize,
    pub municipality: usize,
    /// Households of lower priority there that would give up their place (empty: it has
    /// room as it is).
    pub displaced: Vec<usize>,
}

/// A placement by deferred acceptance, with the pairs that still block it.
#[derive(Debug, Clone, PartialEq)]
pub struct StableSolution {
    pub solution: Solution,
    /// Empty when the placement is stable.
    pub blocking: Vec<BlockingPair>,
    /// Proposals made and rejected.
    pub proposals: u64,
    pub rejections: u64,
    /// Where deferred acceptance and its repairs left blocking pairs in a batch small
    /// enough, the placements then tried one by one: with `blocking` empty the search
    /// found the stable one returned; otherwise none of them is stable, so none exists.
    pub searched: Option<u64>,
}

impl StableSolution {
    pub fn is_stable(&self) -> bool {
        self.blocking.is_empty()
    }
}

/// The household's municipalities in the order it proposes: its ranking, then the other
/// eligible ones by value (pairs are sorted best value first).
fn proposal_order(problem: &Problem, preferences: &Preferences, household: usize) -> Vec<usize> {
    let mut order: Vec<usize> = preferences.ranked[household]
        .iter()
        .filter_map(|&(m, _)| problem.find_pair(household, m))
        .collect();
    let listed = order.len();
    for pair in problem.pairs(household) {
        if !order[..listed].contains(&pair) {
            order.push(pair);
        }
    }
    order
}

/// Re-places the municipality's households and `candidate` in priority order; returns
/// those it rejects. The load then holds the municipality's choice.
fn choose(
    load: &mut Load,
    preferences: &Preferences,
    municipality: usize,
    candidate: usize,
    candidate_pair: usize,
) -> Vec<usize> {
    let problem = load.problem;
    let mut members: Vec<(usize, usize)> = load
        .members(municipality)
        .iter()
        .map(|&h| (h, load.pair_of(h).expect("a member is placed")))
        .collect();
    members.push((candidate, candidate_pair));
    members.sort_by_key(|&(h, _)| preferences.priority(municipality, problem, h));
    for &(h, _) in &members {
        load.unplace(h);
    }
    let mut rejected = Vec::new();
    for (h, pair) in members {
        if !load.try_place(h, pair) {
            rejected.push(h);
        }
    }
    rejected
}

/// Rounds of letting blocking households in after deferred acceptance.
const REPAIR_ROUNDS: usize = 20;

/// The state of deferred acceptance: each household's next proposal, those without a place.
struct Proposing {
    next: Vec<usize>,
    free: Vec<usize>,
    proposals: u64,
    rejections: u64,
}

impl Proposing {
    /// Proposals until every household is held or has been rejected everywhere.
    fn run(&mut self, load: &mut Load, preferences: &Preferences, orders: &[Vec<usize>]) {
        let problem = load.problem;
        while let Some(h) = self.free.pop() {
            let Some(&pair) = orders[h].get(self.next[h]) else {
                continue; // rejected everywhere: stays unplaced
            };
            self.next[h] += 1;
            self.proposals += 1;
            if load.try_place(h, pair) {
                load.commit();
                continue;
            }
            let m = problem.pair_municipality[pair];
            let rejected = choose(load, preferences, m, h, pair);
            load.commit();
            self.rejections += rejected.len() as u64;
            self.free.extend(rejected);
        }
    }
}

/// Household-proposing deferred acceptance over every eligible municipality.
pub fn solve_stable(
    problem: &Problem,
    preferences: &Preferences,
    options: &SolveOptions,
) -> StableSolution {
    let started = Instant::now();
    let mut load = Load::new(problem);
    let orders: Vec<Vec<usize>> = (0..problem.households.len())
        .map(|h| proposal_order(problem, preferences, h))
        .collect();
    let mut proposing = Proposing {
        next: vec![0; problem.households.len()],
        free: (0..problem.households.len()).rev().collect(),
        proposals: 0,
        rejections: 0,
    };
    proposing.run(&mut load, preferences, &orders);
    // Where several capacities make a municipality's choice depend on who else applies, a
    // household it rejected may fit later: let each blocking household in, and the
    // households that then make way propose again from the top of their list.
    for _ in 0..REPAIR_ROUNDS {
        let blocking = blocking_pairs_of(&mut load, preferences);
        if blocking.is_empty() {
            break;
        }
        for BlockingPair {
            household,
            municipality,
            ..
        } in blocking
        {
            let Some(pair) = problem.find_pair(household, municipality) else {
                continue;
            };
            let mark = load.mark();
            load.unplace(household);
            let rejected = choose(&mut load, preferences, municipality, household, pair);
            if rejected.contains(&household) {
                load.rollback(mark); // no longer blocking after an earlier repair
                continue;
            }
            load.commit();
            proposing.next[household] = orders[household]
                .iter()
                .position(|&p| p == pair)
                .map_or(0, |at| at + 1);
            for r in rejected {
                proposing.next[r] = 0;
                proposing.rejections += 1;
                proposing.free.push(r);
            }
        }
        proposing.run(&mut load, preferences, &orders);
    }
    let Proposing {
        proposals,
        rejections,
        ..
    } = proposing;
    let mut blocking = blocking_pairs_of(&mut load, preferences);
    let mut searched = None;
    if !blocking.is_empty() {
        if let Some((tried, stable)) = search_every_placement(problem, preferences) {
            searched = Some(tried);
            if let Some(pairs) = stable {
                load = Load::from_pairs(problem, &pairs);
                blocking = Vec::new();
            }
        }
    }
    let (persons_bound, bound) = trivial_bounds(problem);
    let stats = SolveStats {
        method: Method::Optimal,
        dual_iterations: 0,
        nodes: proposals,
        neighbourhoods: 0,
        improving_neighbourhoods: 0,
        proven_optimal: false,
        hit_time_limit: started.elapsed() > options.time_limit,
        elapsed: started.elapsed(),
    };
    StableSolution {
        solution: finish(problem, load, persons_bound, bound, stats),
        blocking,
        proposals,
        rejections,
        searched,
    }
}

/// The most placements (each household unplaced or in any municipality open to it) a
/// batch may have to be searched through one by one.
const SEARCHED_PLACEMENTS: u64 = 50_000;

/// Every feasible placement of a small batch, depth first, until a stable one: the count
/// tried and the stable placement's pairs (as [`Load::snapshot`]) if there is one. None
/// when the batch has more than [`SEARCHED_PLACEMENTS`] placements.
fn search_every_placement(
    problem: &Problem,
    preferences: &Preferences,
) -> Option<(u64, Option<Vec<usize>>)> {
    let mut placements: u64 = 1;
    for h in 0..problem.households.len() {
        placements = placements.saturating_mul(problem.pairs(h).count() as u64 + 1);
        if placements > SEARCHED_PLACEMENTS {
            return None;
        }
    }
    fn place_from(
        load: &mut Load,
        preferences: &Preferences,
        household: usize,
        tried: &mut u64,
    ) -> bool {
        let problem = load.problem;
        if household == problem.households.len() {
            *tried += 1;
            return blocking_pairs_of(load, preferences).is_empty();
        }
        if place_from(load, preferences, household + 1, tried) {
            return true;
        }
        for pair in problem.pairs(household) {
            let mark = load.mark();
            if load.try_place(household, pair) {
                if place_from(load, preferences, household + 1, tried) {
                    return true;
                }
                load.rollback(mark);
            }
        }
        false
    }
    let mut load = Load::new(problem);
    let mut tried = 0;
    let found = place_from(&mut load, preferences, 0, &mut tried);
    Some((tried, found.then(|| load.snapshot())))
}

/// Every blocking pair of a placement (empty for a placement of another problem).
pub fn blocking_pairs(
    problem: &Problem,
    preferences: &Preferences,
    solution: &Solution,
) -> Vec<BlockingPair> {
    match crate::explain::loaded(problem, solution) {
        Some(mut load) => blocking_pairs_of(&mut load, preferences),
        None => Vec::new(),
    }
}

fn blocking_pairs_of(load: &mut Load, preferences: &Preferences) -> Vec<BlockingPair> {
    let problem = load.problem;
    let mut blocking = Vec::new();
    for h in 0..problem.households.len() {
        let own = load.pair_of(h);
        let own_choice = own.and_then(|p| preferences.choice(h, problem.pair_municipality[p]));
        // The pairs the household prefers to where it is.
        let better: Vec<usize> = match own {
            None => problem.pairs(h).collect(),
            Some(_) => preferences.ranked[h]
                .iter()
                .filter(|&&(_, choice)| own_choice.is_none_or(|o| choice < o))
                .filter_map(|&(m, _)| problem.find_pair(h, m))
                .collect(),
        };
        for pair in better {
            let m = problem.pair_municipality[pair];
            let before: Vec<usize> = load.members(m).to_vec();
            let mark = load.mark();
            if own.is_some() {
                load.unplace(h);
            }
            let rejected = choose(load, preferences, m, h, pair);
            let chosen = !rejected.contains(&h);
            load.rollback(mark);
            if chosen {
                blocking.push(BlockingPair {
                    household: h,
                    municipality: m,
                    displaced: before
                        .into_iter()
                        .filter(|x| rejected.contains(x))
                        .collect(),
                });
            }
        }
    }
    blocking
}
