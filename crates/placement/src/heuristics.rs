//! Primal constructions and local search. All of them edit placements through `Load`, so
//! whatever they return is feasible.

use crate::dual::Reducer;
use crate::load::{Load, Objective};
use crate::problem::Problem;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Today's practice: households in order of arrival (waiting since), each to its
/// best-scoring municipality that still has room.
pub(crate) fn greedy<'p>(load: &mut Load<'p>) {
    let problem = load.problem;
    let mut order: Vec<usize> = (0..problem.households.len()).collect();
    order.sort_by_key(|&h| (problem.households[h].arrival, h));
    for h in order {
        // Pairs are stored best value first.
        for pair in problem.pairs(h) {
            if load.try_place(h, pair) {
                break;
            }
        }
    }
}

/// A random feasible placement: households in random order, each to a random eligible
/// municipality with room.
pub(crate) fn random<'p>(load: &mut Load<'p>, seed: u64) {
    let problem = load.problem;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..problem.households.len()).collect();
    order.shuffle(&mut rng);
    for h in order {
        let mut pairs: Vec<usize> = problem.pairs(h).collect();
        pairs.shuffle(&mut rng);
        for pair in pairs {
            if load.try_place(h, pair) {
                break;
            }
        }
    }
}

/// Biggest households first (they are the hardest to fit), each to its best-valued
/// municipality with room.
pub(crate) fn biggest_first(problem: &Problem) -> Load<'_> {
    let mut load = Load::new(problem);
    let mut order: Vec<usize> = (0..problem.households.len()).collect();
    order.sort_by_key(|&h| (std::cmp::Reverse(problem.households[h].persons), h));
    for h in order {
        for pair in problem.pairs(h) {
            if load.try_place(h, pair) {
                break;
            }
        }
    }
    load
}

/// Places an unplaced household by the pair of highest `key` that fits; false if none does.
pub(crate) fn place_best(load: &mut Load, household: usize, key: impl Fn(usize) -> f64) -> bool {
    let mut candidates: Vec<(f64, usize)> = load
        .problem
        .pairs(household)
        .filter(|&p| load.capacity_bound(household, p).is_none())
        .map(|p| (key(p), p))
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    candidates
        .into_iter()
        .any(|(_, p)| load.try_place(household, p))
}

/// Lagrangian rounding: households most hurt by missing their best reduced value go
/// first (with `biggest_first`, by persons and then so), each to the fitting pair of best
/// reduced value.
pub(crate) fn round(load: &mut Load, reducer: &Reducer, biggest_first: bool) {
    let problem = load.problem;
    let mut regret: Vec<(f64, usize)> = Vec::with_capacity(problem.households.len());
    for h in 0..problem.households.len() {
        if load.pair_of(h).is_some() {
            continue;
        }
        let (mut first, mut second) = (f64::NEG_INFINITY, 0.0f64);
        for pair in problem.pairs(h) {
            let reduced = reducer.reduced(h, pair);
            if reduced > first {
                second = second.max(first);
                first = reduced;
            } else {
                second = second.max(reduced);
            }
        }
        if first.is_finite() {
            regret.push((first - second, h));
        }
    }
    regret.sort_by(|a, b| {
        let persons = |h: usize| {
            if biggest_first {
                problem.households[h].persons
            } else {
                0
            }
        };
        persons(b.1)
            .cmp(&persons(a.1))
            .then(b.0.total_cmp(&a.0))
            .then(a.1.cmp(&b.1))
    });
    for &(_, h) in &regret {
        place_best(load, h, |p| reducer.reduced(h, p));
    }
}

/// Budget and stop time of a local search.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchLimits {
    pub max_rounds: usize,
    /// Also move the displaced household anywhere, not only into the mover's old place.
    pub chains: bool,
    /// How many households deep an insertion may push others out.
    pub eject_depth: usize,
    pub deadline: Instant,
}

/// Candidate municipalities a move looks at per household: the best few by value.
const CANDIDATES: usize = 8;

/// Local search on the lexicographic objective until no move improves it: insert
/// unplaced households (ejecting a smaller or worse household where needed), move a
/// household to a better municipality, swap two households between municipalities.
/// Returns the number of improving moves.
pub(crate) fn improve(load: &mut Load, limits: &SearchLimits) -> usize {
    let problem = load.problem;
    let mut moves = 0;
    for _ in 0..limits.max_rounds {
        let before = moves;
        for h in 0..problem.households.len() {
            if Instant::now() >= limits.deadline {
                return moves;
            }
            load.commit();
            let improved = match load.pair_of(h) {
                None => {
                    place_best(load, h, |p| problem.pair_value[p])
                        || eject_into(load, h, limits.eject_depth)
                        || make_room(load, h)
                }
                Some(pair) => shift_or_swap(load, h, pair, limits.chains),
            };
            moves += usize::from(improved);
        }
        if moves == before {
            break;
        }
    }
    moves
}

/// Places what it can of the unplaced households, biggest first, by ejection chains
/// `depth` households deep or by making room. Costly per household, so for roundings
/// that fell short of the persons they must reach, not for the routine search.
pub(crate) fn repair(load: &mut Load, depth: usize) {
    let problem = load.problem;
    let mut unplaced: Vec<usize> = (0..problem.households.len())
        .filter(|&h| load.pair_of(h).is_none() && problem.pairs(h).next().is_some())
        .collect();
    unplaced.sort_by_key(|&h| (std::cmp::Reverse(problem.households[h].persons), h));
    for h in unplaced {
        load.commit();
        let _ = eject_into(load, h, depth) || make_room(load, h);
    }
}

/// Municipalities `make_room` considers for an unplaced household: its best few.
const ROOM_CANDIDATES: usize = 16;

/// Places unplaced `household` in one of its candidate municipalities after moving as
/// many of that municipality's households elsewhere as it takes to make room, cheapest
/// loss of value per person first; picks the municipality where this costs least. The
/// rounding of a tight batch leaves a few households out that fit nowhere as it stands;
/// this brings them in (persons come first) at the smallest price in score.
fn make_room(load: &mut Load, household: usize) -> bool {
    let problem = load.problem;
    let mut best: Option<(Objective, usize)> = None;
    for pair in problem.pairs(household).take(ROOM_CANDIDATES) {
        let mark = load.mark();
        if clear_for(load, household, pair) {
            let reached = load.running();
            if best.is_none_or(|(objective, _)| reached.better_than(&objective)) {
                best = Some((reached, pair));
            }
        }
        load.rollback(mark);
    }
    match best {
        // Deterministic: clearing again repeats the same moves.
        Some((_, pair)) => clear_for(load, household, pair),
        None => false,
    }
}

/// Moves households out of `pair`'s municipality until `household` fits there, then
/// places it; false (with the moves made left for the caller to roll back) if it cannot.
fn clear_for(load: &mut Load, household: usize, pair: usize) -> bool {
    let problem = load.problem;
    let m = problem.pair_municipality[pair];
    let needs: Vec<usize> = problem.households[household]
        .units
        .iter()
        .map(|&(kind, _)| kind)
        .collect();
    let (used, capacity) = load.weight_usage(m);
    let persons_short = used + problem.pair_weight[pair] > capacity;
    // (loss per person, member, where it would go): only members whose leaving frees
    // something the household lacks, each to its best other municipality with room.
    let mut moves: Vec<(f64, usize, usize)> = load
        .members(m)
        .iter()
        .filter_map(|&other| {
            let current = load.pair_of(other)?;
            let frees_units = problem.households[other]
                .units
                .iter()
                .any(|(kind, _)| needs.contains(kind));
            if !frees_units && !persons_short {
                return None;
            }
            let target = problem
                .pairs(other)
                .filter(|&q| problem.pair_municipality[q] != m)
                .find(|&q| load.room_after(other, q, &[]))?;
            let loss = problem.pair_value[current] - problem.pair_value[target];
            let persons = f64::from(problem.households[other].persons.max(1));
            Some((loss / persons, other, target))
        })
        .collect();
    moves.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, other, target) in moves {
        if load.try_place(household, pair) {
            return true;
        }
        let Some(current) = load.pair_of(other) else {
            continue;
        };
        load.unplace(other);
        if !load.try_place(other, target) {
            // Its destination filled up meanwhile: it goes back where it was.
            let restored = load.try_place(other, current);
            debug_assert!(restored, "a household fits where it just was");
        }
    }
    load.try_place(household, pair)
}

/// Places unplaced `household` by moving out a household of no more persons from a
/// candidate municipality, which is then placed elsewhere, if need be by the same move
/// `depth - 1` levels down; kept only if the objective improves.
fn eject_into(load: &mut Load, household: usize, depth: usize) -> bool {
    if depth == 0 {
        return false;
    }
    let problem = load.problem;
    let persons = problem.households[household].persons;
    let before = load.running();
    for pair in problem.pairs(household).take(CANDIDATES) {
        let m = problem.pair_municipality[pair];
        let members = load.members(m).to_vec();
        for other in members {
            if problem.households[other].persons > persons
                || !load.room_after(household, pair, &[other])
            {
                continue;
            }
            let mark = load.mark();
            load.unplace(other);
            if load.try_place(household, pair) {
                let _ = place_best(load, other, |p| problem.pair_value[p])
                    || eject_into(load, other, depth - 1);
                if load.running().better_than(&before) {
                    return true;
                }
            }
            load.rollback(mark);
        }
    }
    false
}

/// Moves a placed household to a better-valued municipality: directly where there is
/// room, or by moving out a household there into the mover's old place (a swap) or, with
/// `chains`, to any municipality with room for it, when the two changes gain together.
fn shift_or_swap(load: &mut Load, household: usize, pair: usize, chains: bool) -> bool {
    let problem = load.problem;
    let value = problem.pair_value[pair];
    let tolerance = 1e-9 * value.abs().max(1.0);
    let better = problem
        .pairs(household)
        .take_while(|&q| problem.pair_value[q] > value + tolerance)
        .take(CANDIDATES)
        .collect::<Vec<_>>();
    for &target in &better {
        if !load.room_after(household, target, &[]) {
            continue;
        }
        let mark = load.mark();
        load.unplace(household);
        if load.try_place(household, target) {
            return true;
        }
        load.rollback(mark);
    }
    for &target in &better {
        let to = problem.pair_municipality[target];
        let gain = problem.pair_value[target] - value;
        let members = load.members(to).to_vec();
        for other in members {
            let Some(other_pair) = load.pair_of(other) else {
                continue;
            };
            if !load.room_after(household, target, &[other]) {
                continue;
            }
            // The other household may lose at most what this one gains.
            let floor = problem.pair_value[other_pair] - gain + tolerance;
            let moves: Vec<usize> = if chains {
                problem
                    .pairs(other)
                    .take_while(|&q| problem.pair_value[q] > floor)
                    .filter(|&q| problem.pair_municipality[q] != to)
                    .collect()
            } else {
                problem
                    .find_pair(other, problem.pair_municipality[pair])
                    .filter(|&q| problem.pair_value[q] > floor)
                    .into_iter()
                    .collect()
            };
            for next in moves {
                if !load.room_after(other, next, &[household]) {
                    continue;
                }
                let mark = load.mark();
                load.unplace(household);
                load.unplace(other);
                if load.try_place(household, target) && load.try_place(other, next) {
                    return true;
                }
                load.rollback(mark);
            }
        }
    }
    false
}
