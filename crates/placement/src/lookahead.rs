//! A run during the year that looks past its batch: it reserves capacity for the arrivals
//! still expected, and it can balance each municipality's number over the year.
//!
//! **Reserving.** The batch's problem is joined by a sample of expected future arrivals,
//! drawn with replacement from the year's households so far (their scores included), as
//! many as the forecast expects. The Lagrangian dual of that problem prices every capacity
//! (persons, minors, services, dwellings per municipality) at what the expected future
//! would pay for it, and the batch is placed on its values minus those prices: it takes
//! scarce capacity only where it gains more than later arrivals would. `landa simulate`
//! measures the policy against the hindsight optimum ([`crate::simulate`]).
//!
//! **Balancing** (allocation balancing, Bansak and Paulson 2024): no municipality receives
//! much more of what is left of its number than the batch's share of the year's remaining
//! arrivals, so that none is filled in the first weeks. Its cost, and that of reserving,
//! is what the batch alone would gain more: the run solves the plain batch too and reports
//! the difference.

use crate::dual::{self, DualSettings, Layer, Prices, Reducer};
use crate::heuristics;
use crate::load::Load;
use crate::problem::{MunicipalityData, Problem, ProblemError, ProblemOptions, RawProblem};
use crate::solve::{solve, Solution, SolveOptions};
use crate::year::YearBatch;
use landa_model::{Expected, IntakeCategory, MunicipalityCode, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use std::time::{Duration, Instant};

/// How far past its batch a run looks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LookAhead {
    /// What is still to come this year to be placed (the forecast after the run's day).
    pub expected: Expected,
    /// Price capacity by the dual of a sample of the expected arrivals.
    pub reserve: bool,
    /// Give no municipality much more than the batch's share of what is left of its number.
    pub balance: bool,
    /// Seeds the sample, so that a run can be repeated.
    pub seed: u64,
}

impl LookAhead {
    /// What the run does ahead, in words: "reserving", "balancing" or both.
    pub fn doing(&self) -> &'static str {
        match (self.reserve, self.balance) {
            (true, true) => "reserving and balancing",
            (true, false) => "reserving",
            (false, true) => "balancing",
            (false, false) => "nothing",
        }
    }

    fn looks_ahead(&self) -> bool {
        (self.reserve || self.balance) && self.expected.households >= 0.5
    }
}

/// A municipality may take this much more than the batch's share of its remaining
/// number: the share alone would leave places unused when households do not divide it.
const BALANCE_SLACK: f64 = 0.25;
/// At most this many sampled future households: enough for stable prices.
const MOST_SAMPLED: usize = 20_000;

/// What a run solves, and the problem its placement is valued in.
#[derive(Debug, Clone)]
pub struct PlannedRun {
    /// The batch with its true values and capacities: the placement's value, its
    /// certificate and the explanations come from here.
    pub valued: Problem,
    /// The batch as the look-ahead adjusted it (values less the reserved capacity's prices,
    /// capacities balanced); `None` when the run does not look ahead. Households,
    /// municipalities and dwellings are numbered as in `valued`.
    pub solved: Option<Problem>,
}

impl PlannedRun {
    /// The problem to solve.
    pub fn to_solve(&self) -> &Problem {
        self.solved.as_ref().unwrap_or(&self.valued)
    }

    /// The value of a solution of [`PlannedRun::to_solve`] at the batch's true values.
    pub fn value_of(&self, solution: &Solution) -> f64 {
        solution
            .assignment
            .iter()
            .enumerate()
            .filter_map(|(h, assigned)| {
                let assigned = assigned.as_ref()?;
                let pair = self.valued.find_pair(h, assigned.municipality)?;
                Some(self.valued.pair_value[pair])
            })
            .sum()
    }
}

/// What looking ahead cost a run: the batch alone (no reserving, no balancing) would
/// have gained `alone`, placing `alone_persons`; the run's placement is worth `cost` less.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LookAheadCost {
    pub alone: f64,
    pub alone_persons: u64,
    pub cost: f64,
}

impl LookAheadCost {
    /// The cost as a share of what the batch alone would gain.
    pub fn share(&self) -> f64 {
        if self.alone.abs() > f64::EPSILON {
            self.cost / self.alone.abs()
        } else {
            0.0
        }
    }

    /// In words, for a run that looked ahead with `look`: "looking ahead to 120 expected
    /// households, reserving cost …".
    pub fn describe(&self, look: &LookAhead) -> String {
        format!(
            "looking ahead to {:.0} expected households, {} cost {:.4} ({:.2} %) of what the \
             batch alone would gain ({:.4}, {} persons)",
            look.expected.households,
            look.doing(),
            self.cost,
            self.share() * 100.0,
            self.alone,
            self.alone_persons,
        )
    }
}

/// A planned run's placement: the solution (its bound the batch alone's, the run's
/// certificate), its value at the batch's true values, and what looking ahead cost.
#[derive(Debug, Clone)]
pub struct PlannedSolution {
    pub solution: Solution,
    pub value: f64,
    /// `None` when the run does not look ahead.
    pub look_ahead: Option<LookAheadCost>,
}

impl PlannedRun {
    /// Solves the run; one that looks ahead also solves the batch alone (each solve in
    /// half the time), whose value less the run's is what reserving and balancing cost,
    /// and whose bound is the run's certificate.
    pub fn solve(&self, options: &SolveOptions) -> PlannedSolution {
        let Some(adjusted) = &self.solved else {
            let solution = solve(&self.valued, options);
            return PlannedSolution {
                value: solution.objective,
                solution,
                look_ahead: None,
            };
        };
        let half = SolveOptions {
            time_limit: options.time_limit / 2,
            ..options.clone()
        };
        let solution = solve(adjusted, &half);
        let alone = solve(&self.valued, &half);
        let value = self.value_of(&solution);
        // Where the look-ahead's placement is worth more than the plain solve found in its
        // half of the time, looking ahead cost nothing measurable.
        let cost = (alone.objective - value).max(0.0);
        PlannedSolution {
            solution: Solution {
                bound: alone.bound,
                ..solution
            },
            value,
            look_ahead: Some(LookAheadCost {
                alone: alone.objective,
                alone_persons: alone.persons_placed,
                cost,
            }),
        }
    }
}

/// Plans the run that places `batch` (from [`crate::year_batch`] of `scenario`).
pub fn plan_run(
    scenario: &Scenario,
    batch: &YearBatch,
    options: &ProblemOptions,
    look: &LookAhead,
    time_limit: Duration,
) -> Result<PlannedRun, ProblemError> {
    if !look.looks_ahead() || batch.scenario.households.is_empty() {
        return Ok(PlannedRun {
            valued: Problem::from_scenario(&batch.scenario, options)?,
            solved: None,
        });
    }
    // The batch's households first, then the rest of the year's as the pool the expected
    // arrivals are drawn from. The day is fixed so that the pool does not move the
    // batch's waiting priority; without one given it is the last day any of the batch's
    // households began waiting or any dwelling became available, so that, as in a run
    // without a day, every dwelling counts.
    let options = ProblemOptions {
        placement_date: options.placement_date.or_else(|| {
            let waiting = batch.scenario.households.iter().map(|h| h.waiting_since);
            let available = batch.scenario.dwellings.iter().map(|d| d.available_from);
            waiting.chain(available).max()
        }),
        ..*options
    };
    let pool = Problem::from_scenario(&pool_scenario(scenario, batch), &options)?;
    let in_batch: Vec<usize> = (0..batch.scenario.households.len()).collect();
    let whole = Remaining::of(&pool);
    let (valued, _) = restricted(&pool, &in_batch, &whole, |p| pool.pair_value[p]);
    let values = if look.reserve {
        let mut rng = ChaCha8Rng::seed_from_u64(look.seed);
        let count = (look.expected.households.round() as usize).min(MOST_SAMPLED);
        let future: Vec<usize> = (0..count)
            .map(|_| rng.gen_range(0..pool.households.len()))
            .collect();
        reserved_values(&pool, &in_batch, &future, &whole, time_limit)
    } else {
        pool.pair_value.clone()
    };
    let capacity = if look.balance {
        balanced(&pool, &in_batch, &whole, &look.expected)
    } else {
        whole
    };
    let (solved, _) = restricted(&pool, &in_batch, &capacity, |p| values[p]);
    Ok(PlannedRun {
        valued,
        solved: Some(solved),
    })
}

/// The batch's scenario joined by the rest of the year's households that were to be
/// placed (self-settled ones never are), with their scores where a number is left.
fn pool_scenario(scenario: &Scenario, batch: &YearBatch) -> Scenario {
    let in_batch: HashSet<_> = batch.scenario.households.iter().map(|h| &h.id).collect();
    let with_number: HashSet<&MunicipalityCode> = batch
        .scenario
        .capacities
        .iter()
        .map(|c| &c.municipality)
        .collect();
    let past: Vec<_> = scenario
        .households
        .iter()
        .filter(|h| !in_batch.contains(&h.id))
        .filter(|h| h.intake.category() != IntakeCategory::SelfSettled)
        .cloned()
        .collect();
    let past_ids: HashSet<_> = past.iter().map(|h| h.id.clone()).collect();
    let mut pool = batch.scenario.clone();
    pool.scores.extend(
        scenario
            .scores
            .iter()
            .filter(|s| past_ids.contains(&s.household) && with_number.contains(&s.municipality))
            .cloned(),
    );
    pool.households.extend(past);
    pool
}

/// Each municipality's capacity for a balanced batch: what is left of its number times
/// the batch's share of the persons still to be placed this year, with some slack, and
/// the same for its places for unaccompanied minors.
fn balanced(
    problem: &Problem,
    batch: &[usize],
    whole: &Remaining,
    expected: &Expected,
) -> Remaining {
    let share = |now: f64, later: f64| {
        if now + later > 0.0 {
            (now / (now + later) * (1.0 + BALANCE_SLACK)).min(1.0)
        } else {
            1.0
        }
    };
    let persons: f64 = batch
        .iter()
        .map(|&h| f64::from(problem.households[h].persons))
        .sum();
    let minors: f64 = batch
        .iter()
        .filter(|&&h| problem.households[h].unaccompanied_minor)
        .map(|&h| f64::from(problem.households[h].persons))
        .sum();
    let (of_persons, of_minors) = (
        share(persons, expected.persons),
        share(minors, expected.unaccompanied_minors),
    );
    let kinds = problem.kinds();
    let mut capped = whole.clone();
    for (m, weight) in capped.weight.iter_mut().enumerate() {
        *weight = (*weight as f64 * of_persons).ceil() as u64;
        let minors = &mut capped.units[m * kinds];
        *minors = (f64::from(*minors) * of_minors).ceil() as u32;
    }
    capped
}

/// Capacity left: persons, units of each kind, and which dwellings are taken.
#[derive(Debug, Clone)]
pub(crate) struct Remaining {
    pub(crate) weight: Vec<u64>,
    pub(crate) units: Vec<u32>,
    pub(crate) dwelling_taken: Vec<bool>,
}

impl Remaining {
    /// All of the problem's capacity.
    pub(crate) fn of(problem: &Problem) -> Remaining {
        Remaining {
            weight: problem.municipalities.iter().map(|m| m.capacity).collect(),
            units: problem.unit_capacity.clone(),
            dwelling_taken: vec![false; problem.dwellings.len()],
        }
    }
}

/// Dual iterations spent on each batch's shadow prices.
const PRICE_ITERATIONS: usize = 150;

/// The dual of the value layer alone: the future is priced by what it gains, not by
/// persons (whose layer has no prices worth passing on).
const PRICE_LAYER: Layer = Layer::Score { min_persons: 0 };

/// The value of every pair of `problem`, those of the `batch` households reduced by the
/// shadow prices of the capacity left when `future` households (repeats allowed) are to
/// come too.
pub(crate) fn reserved_values(
    problem: &Problem,
    batch: &[usize],
    future: &[usize],
    remaining: &Remaining,
    time_limit: Duration,
) -> Vec<f64> {
    let mut households = batch.to_vec();
    households.extend_from_slice(future);
    let (sampled, _) = restricted(problem, &households, remaining, |p| problem.pair_value[p]);
    let prices = shadow_prices(&sampled, time_limit);
    let reducer = Reducer::new(&sampled, &prices, PRICE_LAYER);
    let mut adjusted = problem.pair_value.clone();
    // Household i of the batch is household i of the sampled problem.
    for (i, &h) in batch.iter().enumerate() {
        for p in problem.pairs(h) {
            adjusted[p] -= sampled
                .find_pair(i, problem.pair_municipality[p])
                .map_or(0.0, |q| sampled.pair_value[q] - reducer.reduced(i, q));
        }
    }
    adjusted
}

/// Shadow prices of the capacities of `problem`: the Lagrangian dual of the value layer,
/// its Polyak target a greedy placement.
fn shadow_prices(problem: &Problem, time_limit: Duration) -> Prices {
    let mut greedy = Load::new(problem);
    heuristics::greedy(&mut greedy);
    let target = greedy.objective().value;
    let settings = DualSettings {
        max_iterations: PRICE_ITERATIONS,
        heuristic_every: PRICE_ITERATIONS,
        tolerance: 1e-4,
        deadline: Instant::now() + time_limit,
    };
    dual::minimise(problem, PRICE_LAYER, &settings, target, |_| target).prices
}

/// The problem of placing `households` (repeats allowed) within what is left; returns it
/// with the original index of each of its dwellings.
pub(crate) fn restricted(
    problem: &Problem,
    households: &[usize],
    remaining: &Remaining,
    value: impl Fn(usize) -> f64,
) -> (Problem, Vec<usize>) {
    let mut dwellings = Vec::new();
    let mut original = Vec::new();
    let municipalities = problem
        .municipalities
        .iter()
        .enumerate()
        .map(|(m, municipality)| MunicipalityData {
            code: municipality.code.clone(),
            capacity: remaining.weight[m],
            dwellings: municipality.dwellings.clone().map(|range| {
                let start = dwellings.len();
                for d in range.filter(|&d| !remaining.dwelling_taken[d]) {
                    dwellings.push(problem.dwellings[d].clone());
                    original.push(d);
                }
                start..dwellings.len()
            }),
        })
        .collect();
    let value = &value;
    let pairs = households
        .iter()
        .enumerate()
        .flat_map(|(i, &h)| {
            problem.pairs(h).map(move |p| {
                (
                    i,
                    problem.pair_municipality[p],
                    value(p),
                    problem.pair_score[p],
                    problem.pair_weight[p],
                )
            })
        })
        .collect();
    let sub = Problem::build(RawProblem {
        households: households
            .iter()
            .map(|&h| problem.households[h].clone())
            .collect(),
        municipalities,
        dwellings,
        kind_names: problem.kind_names.clone(),
        unit_capacity: remaining.units.clone(),
        pairs,
    });
    (sub, original)
}
