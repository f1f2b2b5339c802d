//! A partial placement and what it uses of every capacity. Every method builds and edits
//! placements only through `Load`, so every placement any method returns is feasible:
//! `try_place` refuses what does not fit.
//!
//! Dwellings are checked exactly without keeping a matching: a household fits a dwelling
//! when beds >= size and the dwelling is accessible if the household needs that, a
//! two-dimensional dominance order. By Hall's theorem the households of a municipality can
//! each get their own dwelling iff for every pair of size thresholds s2 <= s1
//! `H(>= s1) + HA([s2, s1)) <= D(>= s1) + DA([s2, s1))` (H households, D dwellings, A the
//! accessible ones), plus the same for accessible alone; the minimal elements of any set of
//! households are at most one plain and one accessible size. Counting households per size
//! class makes that a check of a few dozen sums; concrete dwellings are matched once, at the
//! end (`dwellings`, augmenting paths).

use crate::problem::{Bound, Problem};

pub(crate) const NONE: usize = usize::MAX;

#[derive(Clone)]
pub(crate) struct Load<'p> {
    pub problem: &'p Problem,
    weight_used: Vec<u64>,
    unit_used: Vec<u32>,
    /// The pair each household is placed by, or NONE.
    pair_of: Vec<usize>,
    /// Households placed per municipality and size class (at m * classes + t), all and
    /// those needing an accessible dwelling; only for municipalities with dwellings.
    class_count: Vec<u32>,
    accessible_count: Vec<u32>,
    /// Households placed in each municipality, and each one's position there.
    members: Vec<Vec<usize>>,
    position: Vec<usize>,
    persons: u64,
    /// Running total of values; `objective` sums afresh for reporting.
    value: f64,
    /// (household, pair before the change) for every change since the last `commit`, so
    /// that a compound move can be undone with `rollback`.
    journal: Vec<(usize, usize)>,
}

/// The lexicographic objective: persons placed first, then total value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Objective {
    pub persons: u64,
    pub value: f64,
}

impl Objective {
    /// Whether `self` beats `other` by more than rounding noise.
    pub fn better_than(&self, other: &Objective) -> bool {
        self.persons > other.persons
            || (self.persons == other.persons
                && self.value > other.value + 1e-9 * other.value.abs().max(1.0))
    }
}

impl<'p> Load<'p> {
    pub fn new(problem: &'p Problem) -> Self {
        let h = problem.households.len();
        let m = problem.municipalities.len();
        Load {
            problem,
            weight_used: vec![0; m],
            unit_used: vec![0; m * problem.kinds()],
            pair_of: vec![NONE; h],
            class_count: vec![0; m * problem.classes()],
            accessible_count: vec![0; m * problem.classes()],
            members: vec![Vec::new(); m],
            position: vec![NONE; h],
            persons: 0,
            value: 0.0,
            journal: Vec::new(),
        }
    }

    pub fn pair_of(&self, household: usize) -> Option<usize> {
        let p = self.pair_of[household];
        (p != NONE).then_some(p)
    }
    pub fn members(&self, municipality: usize) -> &[usize] {
        &self.members[municipality]
    }
    pub fn persons(&self) -> u64 {
        self.persons
    }
    /// The objective as tracked move by move (rounding aside, equal to `objective`).
    pub fn running(&self) -> Objective {
        Objective {
            persons: self.persons,
            value: self.value,
        }
    }
    /// Forgets the changes made so far: they can no longer be rolled back.
    pub fn commit(&mut self) {
        self.journal.clear();
    }
    /// A point to roll back to.
    pub fn mark(&self) -> usize {
        self.journal.len()
    }
    /// Undoes every change made since `mark`, newest first. Always succeeds: each step
    /// returns a household to where it was when everything else was as then.
    pub fn rollback(&mut self, mark: usize) {
        while self.journal.len() > mark {
            let Some((household, pair)) = self.journal.pop() else {
                break;
            };
            self.remove(household);
            if pair != NONE {
                let restored = self.insert(household, pair);
                debug_assert!(restored, "a household fits where it was");
            }
        }
    }
    /// Persons capacity (GAP: resource units) left over all municipalities.
    pub fn free_weight(&self) -> u64 {
        self.problem
            .municipalities
            .iter()
            .zip(&self.weight_used)
            .map(|(m, used)| m.capacity - used)
            .sum()
    }
    /// (used, capacity) of the persons capacity of a municipality.
    pub fn weight_usage(&self, municipality: usize) -> (u64, u64) {
        (
            self.weight_used[municipality],
            self.problem.municipalities[municipality].capacity,
        )
    }
    /// (used, capacity) of a unit resource (minors or a service) of a municipality.
    pub fn unit_usage(&self, municipality: usize, kind: usize) -> (u32, u32) {
        let at = municipality * self.problem.kinds() + kind;
        (self.unit_used[at], self.problem.unit_capacity[at])
    }

    /// The objective summed afresh, so that no rounding drifts in from many moves.
    pub fn objective(&self) -> Objective {
        let value = self
            .pair_of
            .iter()
            .filter(|&&p| p != NONE)
            .map(|&p| self.problem.pair_value[p])
            .sum();
        Objective {
            persons: self.persons,
            value,
        }
    }

    /// The first capacity (other than dwellings) that the pair would exceed, if any.
    pub fn capacity_bound(&self, household: usize, pair: usize) -> Option<Bound> {
        let problem = self.problem;
        let m = problem.pair_municipality[pair];
        if self.weight_used[m] + problem.pair_weight[pair] > problem.municipalities[m].capacity {
            return Some(Bound::Persons);
        }
        let kinds = problem.kinds();
        problem.households[household]
            .units
            .iter()
            .find(|&&(k, amount)| {
                self.unit_used[m * kinds + k] + amount > problem.unit_capacity[m * kinds + k]
            })
            .map(|&(k, _)| problem.kind_bound(k))
    }

    /// Whether the pair's persons and unit capacities would hold once `leaving` (households
    /// placed in the same municipality, or anywhere) have left; dwellings are not checked.
    /// Lets moves be rejected by arithmetic before the placement is touched.
    pub fn room_after(&self, household: usize, pair: usize, leaving: &[usize]) -> bool {
        let problem = self.problem;
        let m = problem.pair_municipality[pair];
        let kinds = problem.kinds();
        let mut weight = self.weight_used[m] + problem.pair_weight[pair];
        for &other in leaving {
            if let Some(p) = self
                .pair_of(other)
                .filter(|&p| problem.pair_municipality[p] == m)
            {
                weight -= problem.pair_weight[p];
            }
        }
        if weight > problem.municipalities[m].capacity {
            return false;
        }
        problem.households[household]
            .units
            .iter()
            .all(|&(k, amount)| {
                let freed: u32 = leaving
                    .iter()
                    .filter(|&&other| {
                        self.pair_of(other)
                            .is_some_and(|p| problem.pair_municipality[p] == m)
                    })
                    .flat_map(|&other| &problem.households[other].units)
                    .filter(|&&(kind, _)| kind == k)
                    .map(|&(_, freed)| freed)
                    .sum();
                self.unit_used[m * kinds + k] + amount
                    <= problem.unit_capacity[m * kinds + k] + freed
            })
    }

    /// Places an unplaced household by `pair` if every capacity allows; false otherwise.
    pub fn try_place(&mut self, household: usize, pair: usize) -> bool {
        let placed = self.insert(household, pair);
        if placed {
            self.journal.push((household, NONE));
        }
        placed
    }

    fn insert(&mut self, household: usize, pair: usize) -> bool {
        if self.pair_of[household] != NONE || self.capacity_bound(household, pair).is_some() {
            return false;
        }
        let problem = self.problem;
        let m = problem.pair_municipality[pair];
        if !self.housed_with(household, m) {
            return false;
        }
        self.weight_used[m] += problem.pair_weight[pair];
        let kinds = problem.kinds();
        for &(k, amount) in &problem.households[household].units {
            self.unit_used[m * kinds + k] += amount;
        }
        self.count_class(household, m, true);
        self.pair_of[household] = pair;
        self.position[household] = self.members[m].len();
        self.members[m].push(household);
        self.persons += u64::from(problem.households[household].persons);
        self.value += problem.pair_value[pair];
        true
    }

    /// Whether every household placed in m, and `household` too, can have its own dwelling
    /// (true where m offers no dwellings): the Hall conditions of the module doc.
    pub fn housed_with(&self, household: usize, m: usize) -> bool {
        let problem = self.problem;
        if problem.municipalities[m].dwellings.is_none() {
            return true;
        }
        let classes = problem.classes();
        let base = m * classes;
        let h = &problem.households[household];
        let count = |t: usize| i64::from(self.class_count[base + t]) + i64::from(t == h.size_class);
        let accessible = |t: usize| {
            i64::from(self.accessible_count[base + t])
                + i64::from(t == h.size_class && h.needs_accessible)
        };
        let dwellings = |t: usize| i64::from(problem.dwellings_at_least[base + t]);
        let accessible_dwellings = |t: usize| i64::from(problem.accessible_at_least[base + t]);
        // Suffix sums over classes: households of class >= t.
        let mut at_least = vec![0i64; classes + 1];
        let mut accessible_at_least = vec![0i64; classes + 1];
        for t in (0..classes).rev() {
            at_least[t] = at_least[t + 1] + count(t);
            accessible_at_least[t] = accessible_at_least[t + 1] + accessible(t);
        }
        for s1 in 0..classes {
            // The accessible households alone (the plain threshold above every class).
            if accessible_at_least[s1] > accessible_dwellings(s1) {
                return false;
            }
            for s2 in 0..=s1 {
                let households = at_least[s1] + accessible_at_least[s2] - accessible_at_least[s1];
                let homes = dwellings(s1) + accessible_dwellings(s2) - accessible_dwellings(s1);
                if households > homes {
                    return false;
                }
            }
        }
        true
    }

    fn count_class(&mut self, household: usize, m: usize, add: bool) {
        let problem = self.problem;
        if problem.municipalities[m].dwellings.is_none() {
            return;
        }
        let h = &problem.households[household];
        let at = m * problem.classes() + h.size_class;
        let change = |count: &mut u32| {
            if add {
                *count += 1;
            } else {
                *count -= 1;
            }
        };
        change(&mut self.class_count[at]);
        if h.needs_accessible {
            change(&mut self.accessible_count[at]);
        }
    }

    /// A dwelling for every placed household in a municipality with dwellings, by maximum
    /// bipartite matching (augmenting paths); the Hall conditions guarantee one exists.
    pub fn dwellings(&self) -> Vec<Option<usize>> {
        let problem = self.problem;
        let mut dwelling_of = vec![None; problem.households.len()];
        let mut tenant = vec![NONE; problem.dwellings.len()];
        for (m, municipality) in problem.municipalities.iter().enumerate() {
            let Some(range) = municipality.dwellings.clone() else {
                continue;
            };
            // Big and accessible-needing households first: they have the fewest options.
            let mut members = self.members[m].clone();
            members.sort_by_key(|&h| {
                let data = &problem.households[h];
                (std::cmp::Reverse((data.size, data.needs_accessible)), h)
            });
            for h in members {
                let mut visited = vec![false; problem.dwellings.len()];
                let housed = augment(
                    problem,
                    h,
                    &range,
                    &mut visited,
                    &mut tenant,
                    &mut dwelling_of,
                );
                debug_assert!(housed, "the Hall conditions promise a dwelling");
            }
        }
        dwelling_of
    }

    pub fn unplace(&mut self, household: usize) {
        let pair = self.pair_of[household];
        if pair != NONE {
            self.journal.push((household, pair));
            self.remove(household);
        }
    }

    fn remove(&mut self, household: usize) {
        let pair = self.pair_of[household];
        if pair == NONE {
            return;
        }
        let problem = self.problem;
        let m = problem.pair_municipality[pair];
        self.weight_used[m] -= problem.pair_weight[pair];
        let kinds = problem.kinds();
        for &(k, amount) in &problem.households[household].units {
            self.unit_used[m * kinds + k] -= amount;
        }
        self.count_class(household, m, false);
        let at = self.position[household];
        self.members[m].swap_remove(at);
        if let Some(&moved) = self.members[m].get(at) {
            self.position[moved] = at;
        }
        self.position[household] = NONE;
        self.pair_of[household] = NONE;
        self.persons -= u64::from(problem.households[household].persons);
        self.value -= problem.pair_value[pair];
    }

    /// (household, pair or NONE) for every household, to restore a whole placement.
    pub fn snapshot(&self) -> Vec<usize> {
        self.pair_of.clone()
    }

    /// Rebuilds a load from pairs per household (as `snapshot` returns), placing the
    /// households in index order; those that no longer fit stay unplaced.
    pub fn from_pairs(problem: &'p Problem, pairs: &[usize]) -> Self {
        let mut load = Load::new(problem);
        for (household, &pair) in pairs.iter().enumerate() {
            if pair != NONE {
                load.try_place(household, pair);
            }
        }
        load
    }
}

/// Kuhn's augmenting path: houses `household` in `range`, moving tenants along a path.
fn augment(
    problem: &Problem,
    household: usize,
    range: &std::ops::Range<usize>,
    visited: &mut [bool],
    tenant: &mut [usize],
    dwelling_of: &mut [Option<usize>],
) -> bool {
    for d in range.clone() {
        if visited[d] || !problem.fits_dwelling(household, d) {
            continue;
        }
        visited[d] = true;
        let current = tenant[d];
        if current == NONE || augment(problem, current, range, visited, tenant, dwelling_of) {
            tenant[d] = household;
            dwelling_of[household] = Some(d);
            return true;
        }
    }
    false
}
