//! Depth-first branch and bound for small problems: proves a placement lexicographically
//! optimal, or gives up after a node budget (the caller then keeps the Lagrangian bound).

use crate::load::{Load, Objective};
use crate::problem::Problem;

pub(crate) struct Exact {
    pub pairs: Vec<usize>,
    pub proven: bool,
    pub nodes: u64,
}

struct Search<'p> {
    problem: &'p Problem,
    order: Vec<usize>,
    /// Most persons one unit of capacity can hold (None when a pair uses no capacity).
    persons_per_unit: Option<f64>,
    nodes: u64,
    node_limit: u64,
    best: Objective,
    best_pairs: Vec<usize>,
}

/// Searches for a placement better than `incumbent`, trying big households first.
pub(crate) fn branch_and_bound(incumbent: &Load, node_limit: u64) -> Exact {
    let problem = incumbent.problem;
    let mut order: Vec<usize> = (0..problem.households.len()).collect();
    order.sort_by_key(|&h| (std::cmp::Reverse(problem.households[h].persons), h));
    let mut persons_per_unit = Some(0.0f64);
    for h in 0..problem.households.len() {
        for pair in problem.pairs(h) {
            let weight = problem.pair_weight[pair];
            persons_per_unit = match persons_per_unit {
                Some(ratio) if weight > 0 => {
                    Some(ratio.max(f64::from(problem.households[h].persons) / weight as f64))
                }
                _ => None,
            };
        }
    }
    let mut search = Search {
        problem,
        order,
        persons_per_unit,
        nodes: 0,
        node_limit,
        best: incumbent.objective(),
        best_pairs: incumbent.snapshot(),
    };
    let mut load = Load::new(problem);
    search.dive(&mut load, 0, 0.0);
    Exact {
        proven: search.nodes < search.node_limit,
        pairs: search.best_pairs,
        nodes: search.nodes,
    }
}

impl Search<'_> {
    fn dive(&mut self, load: &mut Load, depth: usize, value: f64) {
        if self.nodes >= self.node_limit {
            return;
        }
        self.nodes += 1;
        let problem = self.problem;
        if depth == self.order.len() {
            let objective = Objective {
                persons: load.persons(),
                value,
            };
            if objective.better_than(&self.best) {
                self.best = objective;
                self.best_pairs = load.snapshot();
            }
            return;
        }
        if self.pruned(load, depth, value) {
            return;
        }
        let household = self.order[depth];
        for pair in problem.pairs(household) {
            if load.try_place(household, pair) {
                self.dive(load, depth + 1, value + problem.pair_value[pair]);
                load.unplace(household);
            }
        }
        self.dive(load, depth + 1, value);
    }

    /// Whether no completion of the partial placement can beat the best one: persons are
    /// bounded by the households that still fit somewhere and by free capacity, value by
    /// each household's best fitting pair.
    fn pruned(&self, load: &Load, depth: usize, value: f64) -> bool {
        let problem = self.problem;
        let mut fitting_persons = 0u64;
        let mut all_placed_value = 0.0;
        let mut optimistic_value = 0.0;
        for &h in &self.order[depth..] {
            let best = problem
                .pairs(h)
                .filter(|&p| load.capacity_bound(h, p).is_none())
                .map(|p| problem.pair_value[p])
                .fold(f64::NEG_INFINITY, f64::max);
            if best.is_finite() {
                fitting_persons += u64::from(problem.households[h].persons);
                all_placed_value += best;
                optimistic_value += best.max(0.0);
            }
        }
        let mut extra = fitting_persons;
        if let Some(ratio) = self.persons_per_unit {
            extra = extra.min((load.free_weight() as f64 * ratio + 1e-9).floor() as u64);
        }
        let max_persons = load.persons() + extra;
        if max_persons != self.best.persons {
            return max_persons < self.best.persons;
        }
        // Reaching the best persons again needs every fitting household placed when the
        // count of fitting persons is what binds.
        let max_value = value
            + if extra == fitting_persons {
                all_placed_value
            } else {
                optimistic_value
            };
        max_value <= self.best.value + 1e-9 * self.best.value.abs().max(1.0)
    }
}
