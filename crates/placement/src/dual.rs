//! The Lagrangian dual over every capacity constraint, and its minimisation by a
//! subgradient method with Polyak steps.
//!
//! With prices on the capacities, households no longer interact: each picks its pair of
//! best reduced value (or stays unplaced when every reduced value is negative), so the
//! dual function costs one pass over the pairs. Its value at any prices is an upper bound
//! on the placement problem's LP relaxation, hence on every placement; since the
//! one-household subproblem has integral vertices, its minimum equals the LP bound.

use crate::load::NONE;
use crate::problem::Problem;
use std::time::Instant;

/// Which layer of the lexicographic objective the dual bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Layer {
    /// Maximise persons placed.
    Persons,
    /// Maximise value among placements of at least `min_persons` persons; that
    /// constraint gets its own price, so no big-M weight mixes the two layers.
    Score { min_persons: u64 },
}

/// Prices (Lagrange multipliers) of every capacity constraint.
#[derive(Debug, Clone)]
pub(crate) struct Prices {
    weight: Vec<f64>,
    unit: Vec<f64>,
    /// Nested dwelling bounds: households of size class >= t in m <= dwellings with beds
    /// >= that size; the same for accessible dwellings. Only for municipalities with dwellings.
    dwelling: Vec<f64>,
    accessible: Vec<f64>,
    /// Price of the lower bound on persons in the score layer.
    persons: f64,
}

impl Prices {
    pub fn zero(problem: &Problem) -> Self {
        let m = problem.municipalities.len();
        Prices {
            weight: vec![0.0; m],
            unit: vec![0.0; m * problem.kinds()],
            dwelling: vec![0.0; m * problem.classes()],
            accessible: vec![0.0; m * problem.classes()],
            persons: 0.0,
        }
    }
}

/// Reduced values of pairs at given prices.
pub(crate) struct Reducer<'a> {
    problem: &'a Problem,
    prices: &'a Prices,
    layer: Layer,
    /// Prefix sums of the nested dwelling prices over size classes.
    dwelling_sum: Vec<f64>,
    accessible_sum: Vec<f64>,
}

impl<'a> Reducer<'a> {
    pub fn new(problem: &'a Problem, prices: &'a Prices, layer: Layer) -> Self {
        let classes = problem.classes();
        let prefix = |prices: &[f64]| {
            let mut sums = prices.to_vec();
            for chunk in sums.chunks_mut(classes.max(1)) {
                for t in 1..chunk.len() {
                    chunk[t] += chunk[t - 1];
                }
            }
            sums
        };
        Reducer {
            problem,
            prices,
            layer,
            dwelling_sum: prefix(&prices.dwelling),
            accessible_sum: prefix(&prices.accessible),
        }
    }

    pub fn layer(&self) -> Layer {
        self.layer
    }

    /// What the layer counts for a pair, before prices.
    pub fn base(&self, household: usize, pair: usize) -> f64 {
        let persons = f64::from(self.problem.households[household].persons);
        match self.layer {
            Layer::Persons => persons,
            Layer::Score { .. } => self.problem.pair_value[pair] + self.prices.persons * persons,
        }
    }

    pub fn reduced(&self, household: usize, pair: usize) -> f64 {
        let problem = self.problem;
        let h = &problem.households[household];
        let m = problem.pair_municipality[pair];
        let kinds = problem.kinds();
        let mut price = self.prices.weight[m] * problem.pair_weight[pair] as f64;
        for &(k, amount) in &h.units {
            price += self.prices.unit[m * kinds + k] * f64::from(amount);
        }
        if problem.municipalities[m].dwellings.is_some() {
            let at = m * problem.classes() + h.size_class;
            price += self.dwelling_sum[at];
            if h.needs_accessible {
                price += self.accessible_sum[at];
            }
        }
        self.base(household, pair) - price
    }

    /// The best pair by reduced value and that value, or (NONE, 0) when staying unplaced is best.
    pub fn best(&self, household: usize) -> (usize, f64) {
        let mut best = (NONE, 0.0);
        for pair in self.problem.pairs(household) {
            let reduced = self.reduced(household, pair);
            if reduced > best.1 {
                best = (pair, reduced);
            }
        }
        best
    }
}

/// The dual function at some prices: its value (an upper bound) and each household's choice.
struct Evaluation {
    bound: f64,
    choice: Vec<usize>,
}

fn evaluate(problem: &Problem, prices: &Prices, layer: Layer) -> Evaluation {
    let reducer = Reducer::new(problem, prices, layer);
    let mut bound = 0.0;
    let choice = (0..problem.households.len())
        .map(|h| {
            let (pair, reduced) = reducer.best(h);
            bound += reduced;
            pair
        })
        .collect();
    bound += dot(
        &prices.weight,
        problem.municipalities.iter().map(|m| m.capacity as f64),
    );
    bound += dot(
        &prices.unit,
        problem.unit_capacity.iter().map(|&c| f64::from(c)),
    );
    bound += dot(
        &prices.dwelling,
        problem.dwellings_at_least.iter().map(|&c| f64::from(c)),
    );
    bound += dot(
        &prices.accessible,
        problem.accessible_at_least.iter().map(|&c| f64::from(c)),
    );
    if let Layer::Score { min_persons } = layer {
        bound -= prices.persons * min_persons as f64;
    }
    Evaluation { bound, choice }
}

fn dot(prices: &[f64], capacities: impl Iterator<Item = f64>) -> f64 {
    prices.iter().zip(capacities).map(|(p, c)| p * c).sum()
}

/// Slack of every constraint under the households' choices: the negative subgradient.
fn slack(problem: &Problem, choice: &[usize], layer: Layer) -> Prices {
    let kinds = problem.kinds();
    let classes = problem.classes();
    let mut slack = Prices {
        weight: problem
            .municipalities
            .iter()
            .map(|m| m.capacity as f64)
            .collect(),
        unit: problem
            .unit_capacity
            .iter()
            .map(|&c| f64::from(c))
            .collect(),
        dwelling: problem
            .dwellings_at_least
            .iter()
            .map(|&c| f64::from(c))
            .collect(),
        accessible: problem
            .accessible_at_least
            .iter()
            .map(|&c| f64::from(c))
            .collect(),
        persons: 0.0,
    };
    let mut persons = 0u64;
    for (household, &pair) in choice.iter().enumerate() {
        if pair == NONE {
            continue;
        }
        let h = &problem.households[household];
        let m = problem.pair_municipality[pair];
        persons += u64::from(h.persons);
        slack.weight[m] -= problem.pair_weight[pair] as f64;
        for &(k, amount) in &h.units {
            slack.unit[m * kinds + k] -= f64::from(amount);
        }
        if problem.municipalities[m].dwellings.is_some() {
            for t in 0..=h.size_class {
                slack.dwelling[m * classes + t] -= 1.0;
                if h.needs_accessible {
                    slack.accessible[m * classes + t] -= 1.0;
                }
            }
        }
    }
    // Municipalities without dwellings have no dwelling constraints.
    for (m, municipality) in problem.municipalities.iter().enumerate() {
        if municipality.dwellings.is_none() {
            for t in 0..classes {
                slack.dwelling[m * classes + t] = 0.0;
                slack.accessible[m * classes + t] = 0.0;
            }
        }
    }
    if let Layer::Score { min_persons } = layer {
        // The constraint is persons >= min_persons, i.e. min_persons - persons <= 0.
        slack.persons = persons as f64 - min_persons as f64;
    }
    slack
}

/// Moves prices against the slack by `step`, keeping them non-negative.
fn step_prices(prices: &mut Prices, slack: &Prices, step: f64) {
    let update = |prices: &mut [f64], slack: &[f64]| {
        for (p, s) in prices.iter_mut().zip(slack) {
            *p = (*p - step * s).max(0.0);
        }
    };
    update(&mut prices.weight, &slack.weight);
    update(&mut prices.unit, &slack.unit);
    update(&mut prices.dwelling, &slack.dwelling);
    update(&mut prices.accessible, &slack.accessible);
    prices.persons = (prices.persons - step * slack.persons).max(0.0);
}

/// Squared norm of the projected subgradient: components that would push a zero price
/// below zero do not count.
fn projected_norm(prices: &Prices, slack: &Prices) -> f64 {
    let part = |prices: &[f64], slack: &[f64]| -> f64 {
        prices
            .iter()
            .zip(slack)
            .filter(|(p, s)| !(**p <= 0.0 && **s > 0.0))
            .map(|(_, s)| s * s)
            .sum()
    };
    part(&prices.weight, &slack.weight)
        + part(&prices.unit, &slack.unit)
        + part(&prices.dwelling, &slack.dwelling)
        + part(&prices.accessible, &slack.accessible)
        + if prices.persons <= 0.0 && slack.persons > 0.0 {
            0.0
        } else {
            slack.persons * slack.persons
        }
}

pub(crate) struct DualSettings {
    pub max_iterations: usize,
    /// Run the primal heuristic every this many iterations.
    pub heuristic_every: usize,
    /// Stop when the bound is within this share of the best primal value.
    pub tolerance: f64,
    pub deadline: Instant,
}

pub(crate) struct DualResult {
    pub bound: f64,
    pub prices: Prices,
    pub iterations: usize,
    pub hit_deadline: bool,
}

/// Whether a bound proves the primal value optimal (to the tolerance) in this layer.
pub(crate) fn closed(layer: Layer, bound: f64, primal: f64, tolerance: f64) -> bool {
    match layer {
        Layer::Persons => (bound + 1e-6).floor() <= primal,
        Layer::Score { .. } => bound - primal <= tolerance * bound.abs().max(1.0),
    }
}

/// Minimises the dual function. `primal(prices)` runs a primal heuristic guided by the
/// prices and returns the best primal value known in this layer (it is the Polyak target).
pub(crate) fn minimise(
    problem: &Problem,
    layer: Layer,
    settings: &DualSettings,
    mut best_primal: f64,
    mut primal: impl FnMut(&Prices) -> f64,
) -> DualResult {
    let mut prices = Prices::zero(problem);
    let mut best = DualResult {
        bound: f64::INFINITY,
        prices: prices.clone(),
        iterations: 0,
        hit_deadline: false,
    };
    let mut theta = 1.0;
    let mut stalled = 0;
    for iteration in 0..settings.max_iterations {
        if Instant::now() >= settings.deadline {
            best.hit_deadline = true;
            break;
        }
        best.iterations = iteration + 1;
        let evaluation = evaluate(problem, &prices, layer);
        if evaluation.bound < best.bound {
            // Progress that counts: a real share of the remaining gap.
            if !best.bound.is_finite()
                || evaluation.bound < best.bound - 1e-3 * (best.bound - best_primal).abs()
            {
                stalled = 0;
            } else {
                stalled += 1;
            }
            best.bound = evaluation.bound;
            best.prices = prices.clone();
        } else {
            stalled += 1;
        }
        // Early prices round badly: the heuristic runs three times less often in the
        // first third of the iterations.
        let every = settings.heuristic_every.max(1)
            * if 3 * iteration < settings.max_iterations {
                3
            } else {
                1
            };
        if iteration % every == 0 {
            best_primal = best_primal.max(primal(&prices));
        }
        if closed(layer, best.bound, best_primal, settings.tolerance) {
            break;
        }
        if stalled >= 15 {
            theta *= 0.5;
            stalled = 0;
            if theta < 1e-4 {
                break;
            }
        }
        let slack = slack(problem, &evaluation.choice, layer);
        let norm = projected_norm(&prices, &slack);
        if norm <= 0.0 {
            // The households' choices respect every capacity with complementary slackness:
            // these prices are optimal.
            break;
        }
        let target = if best_primal.is_finite() && best_primal < evaluation.bound {
            best_primal
        } else {
            evaluation.bound - 0.05 * evaluation.bound.abs().max(1.0)
        };
        step_prices(
            &mut prices,
            &slack,
            theta * (evaluation.bound - target) / norm,
        );
    }
    if !closed(layer, best.bound, best_primal, settings.tolerance) && !best.hit_deadline {
        primal(&best.prices);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::{brute_force, draw, scenario};
    use crate::problem::ProblemOptions;
    use proptest::prelude::*;
    use std::time::Duration;

    fn settings() -> DualSettings {
        DualSettings {
            max_iterations: 200,
            heuristic_every: 10,
            tolerance: 0.0,
            deadline: Instant::now() + Duration::from_secs(600),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Both layers' bounds hold against the brute-force optimum, dwellings included.
        /// The Polyak target sits below the optimum, so the method pushes the bound down
        /// as far as it can.
        #[test]
        fn the_dual_bounds_the_brute_force_optimum(draw in draw(7, 3, true), date in 0u8..2) {
            let scenario = scenario(&draw);
            let options = ProblemOptions {
                placement_date: (date == 1).then(|| crate::common::day(15)),
                ..ProblemOptions::default()
            };
            let problem = Problem::from_scenario(&scenario, &options).expect("valid");
            let (persons, value) = brute_force(&scenario, &options);
            let below = persons as f64 - 1.0;
            let persons_bound = minimise(&problem, Layer::Persons, &settings(), below, |_| below).bound;
            prop_assert!(persons_bound >= persons as f64 - 1e-6, "{persons_bound} < {persons}");
            let below = value - 1.0;
            let layer = Layer::Score { min_persons: persons };
            let value_bound = minimise(&problem, layer, &settings(), below, |_| below).bound;
            prop_assert!(value_bound >= value - 1e-6 * value.abs().max(1.0), "{value_bound} < {value}");
        }
    }
}
