//! Depth-first branch and bound: over the whole problem for small problems, where it proves
//! a placement lexicographically optimal or gives up after a node budget (the caller then
//! keeps the Lagrangian bound); and over a neighbourhood of a large one (a few households
//! and municipalities, everything else held fixed), where it finds the best re-placement.

use crate::load::{Load, Objective, NONE};

pub(crate) struct Exact {
    /// The best placement's pair (or NONE) of each household searched, in the order given.
    pub pairs: Vec<usize>,
    pub proven: bool,
    pub nodes: u64,
    /// Beat the incumbent it started from.
    pub improved: bool,
}

/// Which households may be re-placed, and where.
pub(crate) struct Neighbourhood<'a> {
    /// The households to branch on, all unplaced in the load searched.
    pub households: Vec<usize>,
    /// Per municipality, whether they may go there; `None`: anywhere.
    pub municipalities: Option<&'a [bool]>,
}

struct Search<'l, 'p, 'a> {
    households: &'a [usize],
    order: Vec<usize>,
    /// The pairs the household at each position of `order` may take, best value first.
    choices: Vec<Vec<usize>>,
    municipalities: Option<&'a [bool]>,
    /// Most persons one unit of capacity can hold (None when a pair uses no capacity).
    persons_per_unit: Option<f64>,
    nodes: u64,
    node_limit: u64,
    best: Objective,
    best_pairs: Vec<usize>,
    load: &'l mut Load<'p>,
}

/// Searches for a placement better than `incumbent`, trying big households first.
pub(crate) fn branch_and_bound(incumbent: &Load, node_limit: u64) -> Exact {
    let problem = incumbent.problem;
    let neighbourhood = Neighbourhood {
        households: (0..problem.households.len()).collect(),
        municipalities: None,
    };
    search(
        &mut Load::new(problem),
        &neighbourhood,
        incumbent.objective(),
        incumbent.snapshot(),
        node_limit,
    )
}

/// Finds the best placement of the neighbourhood's households (unplaced in `load`,
/// everything else as it is), if it beats `incumbent`, the objective with them placed by
/// `incumbent_pairs` (in the neighbourhood's order). Big households go first. Leaves `load`
/// as it found it.
pub(crate) fn search(
    load: &mut Load,
    neighbourhood: &Neighbourhood,
    incumbent: Objective,
    incumbent_pairs: Vec<usize>,
    node_limit: u64,
) -> Exact {
    let problem = load.problem;
    let mut order = neighbourhood.households.clone();
    order.sort_by_key(|&h| (std::cmp::Reverse(problem.households[h].persons), h));
    let choices: Vec<Vec<usize>> = order
        .iter()
        .map(|&h| {
            problem
                .pairs(h)
                .filter(|&pair| {
                    neighbourhood
                        .municipalities
                        .is_none_or(|m| m[problem.pair_municipality[pair]])
                })
                .collect()
        })
        .collect();
    let mut persons_per_unit = Some(0.0f64);
    for (&h, pairs) in order.iter().zip(&choices) {
        for &pair in pairs {
            let weight = problem.pair_weight[pair];
            persons_per_unit = match persons_per_unit {
                Some(ratio) if weight > 0 => {
                    Some(ratio.max(f64::from(problem.households[h].persons) / weight as f64))
                }
                _ => None,
            };
        }
    }
    let start = load.running().value;
    let mut search = Search {
        households: &neighbourhood.households,
        order,
        choices,
        municipalities: neighbourhood.municipalities,
        persons_per_unit,
        nodes: 0,
        node_limit,
        best: incumbent,
        best_pairs: incumbent_pairs,
        load,
    };
    search.dive(0, start);
    Exact {
        proven: search.nodes < search.node_limit,
        improved: search.best.better_than(&incumbent),
        pairs: search.best_pairs,
        nodes: search.nodes,
    }
}

impl Search<'_, '_, '_> {
    fn dive(&mut self, depth: usize, value: f64) {
        if self.nodes >= self.node_limit {
            return;
        }
        self.nodes += 1;
        let problem = self.load.problem;
        if depth == self.order.len() {
            let objective = Objective {
                persons: self.load.persons(),
                value,
            };
            if objective.better_than(&self.best) {
                self.best = objective;
                self.best_pairs = self
                    .households
                    .iter()
                    .map(|&h| self.load.pair_of(h).unwrap_or(NONE))
                    .collect();
            }
            return;
        }
        if self.pruned(depth, value) {
            return;
        }
        let household = self.order[depth];
        for at in 0..self.choices[depth].len() {
            let pair = self.choices[depth][at];
            if self.load.try_place(household, pair) {
                self.dive(depth + 1, value + problem.pair_value[pair]);
                self.load.unplace(household);
            }
        }
        self.dive(depth + 1, value);
    }

    /// Capacity (persons; GAP: resource units) left where the households may go.
    fn free_weight(&self) -> u64 {
        match self.municipalities {
            None => self.load.free_weight(),
            Some(allowed) => (0..allowed.len())
                .filter(|&m| allowed[m])
                .map(|m| {
                    let (used, capacity) = self.load.weight_usage(m);
                    capacity - used
                })
                .sum(),
        }
    }

    /// Whether no completion of the partial placement can beat the best one: persons are
    /// bounded by the households that still fit somewhere and by free capacity, value by
    /// each household's best fitting pair.
    fn pruned(&self, depth: usize, value: f64) -> bool {
        let problem = self.load.problem;
        let mut fitting_persons = 0u64;
        let mut all_placed_value = 0.0;
        let mut optimistic_value = 0.0;
        for (&h, pairs) in self.order[depth..].iter().zip(&self.choices[depth..]) {
            // Pairs come best value first: the first that fits is the best.
            let Some(&best) = pairs
                .iter()
                .find(|&&p| self.load.capacity_bound(h, p).is_none())
            else {
                continue;
            };
            let best = problem.pair_value[best];
            fitting_persons += u64::from(problem.households[h].persons);
            all_placed_value += best;
            optimistic_value += best.max(0.0);
        }
        let mut extra = fitting_persons;
        if let Some(ratio) = self.persons_per_unit {
            extra = extra.min((self.free_weight() as f64 * ratio + 1e-9).floor() as u64);
        }
        let max_persons = self.load.persons() + extra;
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

/// Places each of `households`, all unplaced in `load`, by its pair in `pairs` (NONE:
/// not at all); a feasible placement of them with the rest of `load`, so every one fits.
pub(crate) fn apply(load: &mut Load, households: &[usize], pairs: &[usize]) {
    for (&h, &pair) in households.iter().zip(pairs) {
        if pair != NONE {
            let placed = load.try_place(h, pair);
            debug_assert!(placed, "a household of a feasible placement fits");
        }
    }
}
