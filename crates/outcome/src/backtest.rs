//! The back-test (as in Bansak et al., Science 2018): how the households placed after the
//! model's training period would have fared had landa placed them, with the same
//! capacities as they actually took, against how they fared where they were placed.

use crate::fairness::{
    destinations, labels, place_fairly, Dimension, FairPlacement, Fairness, GroupedPerson,
};
use crate::features::PersonFacts;
use crate::train::{history_persons, Predictor, TrainedModel};
use crate::OutcomeError;
use landa_model::{
    Capacity, Country, History, Household, Municipality, MunicipalityCode, Scenario, ScenarioMeta,
    Score,
};
use landa_placement::{solve, Method, Problem, ProblemOptions, SolveOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap};

/// What the estimate takes for granted, stated with every report.
pub const ASSUMPTIONS: [&str; 6] = [
    "Out of sample by time: the model learned only from households placed up to its training end; the households tested were placed after it.",
    "No unmeasured confounding: where households were actually placed depended only on what the model sees (or on nothing related to their outcome), so its predictions hold for municipalities they were not placed in.",
    "No displacement: a municipality's outcomes for newcomers do not change with how many or which of them it receives, within the places they actually took: each municipality takes as many households of each size (unaccompanied minors apart) as it did, so exactly its persons and minors; a stricter rule than its number of persons alone, which can only understate the gain.",
    "The estimate is the model's calibrated prediction under both placements; the observed rate under the actual placement is shown beside it as a check of the model's calibration on the tested households.",
    "Intervals (95 %) combine the model's uncertainty (coefficients drawn from the Laplace approximation of their posterior) with the sampling of households (resampled with replacement); the placement itself is held fixed.",
    "Persons the optimiser leaves unplaced count as not reaching the outcome, which can only understate the gain.",
];

/// A point estimate and its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BacktestOptions {
    /// Bootstrap replicates for the intervals.
    pub replicates: usize,
    pub seed: u64,
    pub solve: SolveOptions,
    pub fairness: Option<Fairness>,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        BacktestOptions {
            replicates: 200,
            seed: 1,
            solve: SolveOptions::default(),
            fairness: None,
        }
    }
}

/// One group's outcome under each placement, as shares of its members.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub dimension: Dimension,
    pub group: String,
    pub persons: usize,
    pub observed_actual: f64,
    pub actual: Estimate,
    pub optimal: Estimate,
    /// Optimal minus actual, in shares (0.05 = five percentage points).
    pub change: Estimate,
    pub fair: Option<Estimate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FairnessResult {
    pub floors_met: bool,
    pub fair: Estimate,
    /// What the rule costs in the share reaching the outcome: the best placement found
    /// without it by the same method, minus the fair one.
    pub price: Estimate,
    /// The placement with the floors, and each group's shares under it.
    pub placement: FairPlacement,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BacktestReport {
    pub outcome: String,
    pub trained_until: landa_model::NaiveDate,
    pub tested_households: usize,
    /// Working-age persons of the tested households with an observed outcome.
    pub tested_persons: usize,
    pub observed_actual: f64,
    pub actual: Estimate,
    pub greedy: Estimate,
    pub optimal: Estimate,
    /// Optimal minus actual, in shares.
    pub gain: Estimate,
    /// Optimal over actual, minus one.
    pub relative_gain: Estimate,
    pub unplaced_persons: u64,
    pub optimiser_gap: f64,
    pub groups: Vec<GroupRow>,
    pub fairness: Option<FairnessResult>,
    pub replicates: usize,
    /// Each tested household (its index in the history) and where landa placed it.
    pub placements: Vec<(usize, Option<MunicipalityCode>)>,
}

/// A tested person and what became of them.
struct Tested {
    person: GroupedPerson,
    outcome: bool,
}

/// Percentile interval of `draws` around `value`.
fn estimate(value: f64, mut draws: Vec<f64>) -> Estimate {
    if draws.is_empty() {
        return Estimate {
            value,
            low: value,
            high: value,
        };
    }
    draws.sort_by(f64::total_cmp);
    let at = |q: f64| draws[((q * (draws.len() - 1) as f64).round() as usize).min(draws.len() - 1)];
    Estimate {
        value,
        low: at(0.025),
        high: at(0.975),
    }
}

/// Runs the back-test of `model` on the households of `history` placed after its
/// training period, in `geography`.
pub fn backtest(
    model: &TrainedModel,
    history: &History,
    geography: &[Municipality],
    options: &BacktestOptions,
) -> Result<BacktestReport, OutcomeError> {
    let outcome =
        history
            .outcome_index(&model.outcome)
            .ok_or_else(|| OutcomeError::UnknownOutcome {
                outcome: model.outcome.clone(),
                known: history.outcomes.iter().map(|o| o.to_string()).collect(),
            })?;
    let trained_until = model
        .trained_on
        .until
        .unwrap_or(model.trained_on.last_placed)
        .max(model.trained_on.last_placed);
    let tested: Vec<usize> = (0..history.households.len())
        .filter(|&h| history.households[h].placed_on > trained_until)
        .collect();
    if tested.is_empty() {
        return Err(OutcomeError::NothingToTest(trained_until.to_string()));
    }
    let predictor = model.predictor(geography);
    let index_of: HashMap<usize, usize> = tested.iter().enumerate().map(|(i, &h)| (h, i)).collect();

    // The batch as the optimiser sees it: each municipality takes as many households of
    // each size (and kind: unaccompanied minors apart) as it actually did. That keeps its
    // persons and minors exactly, and makes the problem an assignment of households to
    // the places of their class ("pools", each given a code of its own) instead of an
    // exact packing of sizes into numbers of persons, which would force placements close
    // to the actual one.
    let mut pools: BTreeMap<(u32, bool, MunicipalityCode), u32> = BTreeMap::new();
    let mut households = Vec::with_capacity(tested.len());
    for &h in &tested {
        let past = &history.households[h];
        let adults = past.adults();
        let size = past.members().len() as u32;
        let minor = adults == 0;
        *pools
            .entry((size, minor, past.municipality.clone()))
            .or_default() += 1;
        households.push(
            Household::new(
                past.id.clone(),
                adults,
                size - adults,
                minor,
                past.placed_on,
            )
            .map_err(|e| OutcomeError::Invalid(e.to_string()))?,
        );
    }
    let pool_list: Vec<((u32, bool, MunicipalityCode), u32)> = pools.into_iter().collect();
    let pool_codes: Vec<MunicipalityCode> = (0..pool_list.len())
        .map(|i| format!("{i:04}").parse())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            OutcomeError::Invalid("more than 10 000 household classes and municipalities".into())
        })?;
    let municipality_of: HashMap<MunicipalityCode, MunicipalityCode> = pool_codes
        .iter()
        .cloned()
        .zip(pool_list.iter().map(|((_, _, m), _)| m.clone()))
        .collect();
    let real = |pool: &MunicipalityCode| municipality_of.get(pool).cloned();
    let mut members: Vec<Vec<PersonFacts>> = vec![Vec::new(); tested.len()];
    let mut evaluated = Vec::new();
    for (h, k, facts) in history_persons(history) {
        let Some(&i) = index_of.get(&h) else { continue };
        let past = &history.households[h];
        if facts.in_population() {
            if let Some(observed) = past.members()[k].outcomes[outcome] {
                evaluated.push(Tested {
                    person: GroupedPerson {
                        household: i,
                        labels: labels(&facts, past.kind(), past.members()[k].origin.as_ref()),
                        facts: facts.clone(),
                    },
                    outcome: observed,
                });
            }
        }
        members[i].push(facts);
    }
    let mut row = Vec::new();
    let mut scores = Vec::new();
    for (i, household) in households.iter().enumerate() {
        let class = (household.size(), household.is_unaccompanied_minor());
        let start = pool_list.partition_point(|((s, u, _), _)| (*s, *u) < class);
        let end = pool_list.partition_point(|((s, u, _), _)| (*s, *u) <= class);
        for (pool, ((_, _, m), _)) in pool_codes[start..end].iter().zip(&pool_list[start..end]) {
            let value: f64 = members[i]
                .iter()
                .filter_map(|p| predictor.probability(p, m, &mut row))
                .sum();
            scores.push(
                Score::new(household.id.clone(), pool.clone(), value)
                    .map_err(|e| OutcomeError::Invalid(e.to_string()))?,
            );
        }
    }
    let scenario = Scenario {
        // Country and year do not enter the placement problem.
        meta: ScenarioMeta {
            name: "backtest".to_owned(),
            country: Country::Sweden,
            year: 2000,
            national_total: None,
        },
        regions: Vec::new(),
        municipalities: Vec::new(),
        households,
        persons: Vec::new(),
        capacities: pool_codes
            .iter()
            .zip(&pool_list)
            .map(|(code, &((size, minor, _), count))| {
                let persons = size * count;
                Capacity::new(code.clone(), persons, if minor { persons } else { 0 })
            })
            .collect::<Result<_, _>>()
            .map_err(|e| OutcomeError::Invalid(e.to_string()))?,
        dwellings: Vec::new(),
        scores,
        request_rounds: Vec::new(),
        decisions: Vec::new(),
        preferences: Vec::new(),
        priorities: Vec::new(),
        criteria: Vec::new(),
    };
    let problem = Problem::from_scenario(&scenario, &ProblemOptions::default())
        .map_err(|e| OutcomeError::Placement(e.to_string()))?;
    let optimal = solve(&problem, &options.solve);
    let greedy = solve(
        &problem,
        &SolveOptions {
            method: Method::Greedy,
            ..options.solve.clone()
        },
    );
    let actual: Vec<Option<MunicipalityCode>> = tested
        .iter()
        .map(|&h| Some(history.households[h].municipality.clone()))
        .collect();
    let in_municipalities =
        |solution: &landa_placement::Solution| -> Vec<Option<MunicipalityCode>> {
            destinations(&problem, solution)
                .iter()
                .map(|pool| pool.as_ref().and_then(&real))
                .collect()
        };
    let mut placements = vec![
        actual,
        in_municipalities(&optimal),
        in_municipalities(&greedy),
    ];

    let grouped: Vec<GroupedPerson> = evaluated.iter().map(|t| t.person.clone()).collect();
    let fair = options.fairness.as_ref().map(|fairness| {
        place_fairly(
            &problem,
            &predictor,
            &grouped,
            fairness,
            &options.solve,
            // Today's practice is the actual placement here: the baseline of a loss cap.
            &placements[0],
            &real,
        )
    });
    if let Some(fair) = &fair {
        placements.push(in_municipalities(&fair.solution.solution));
        placements.push(in_municipalities(&fair.solution.unconstrained));
    }

    let summaries = Summaries::compute(&predictor, &evaluated, &placements, tested.len(), options);
    let overall = |p: usize| summaries.overall(p);
    let gain = summaries.difference(1, 0);
    let groups = summaries.groups(fair.is_some());
    Ok(BacktestReport {
        outcome: model.outcome.clone(),
        trained_until,
        tested_households: tested.len(),
        tested_persons: evaluated.len(),
        observed_actual: summaries.observed,
        actual: overall(0),
        optimal: overall(1),
        greedy: overall(2),
        gain,
        relative_gain: summaries.ratio(1, 0),
        unplaced_persons: optimal.persons_bound.saturating_sub(optimal.persons_placed),
        optimiser_gap: optimal.gap,
        groups,
        fairness: fair.map(|fair| FairnessResult {
            floors_met: fair.solution.floors_met,
            fair: overall(3),
            price: summaries.difference(4, 3),
            placement: fair,
        }),
        replicates: options.replicates,
        placements: tested
            .iter()
            .copied()
            .zip(placements.swap_remove(1))
            .collect(),
    })
}

/// Shares reaching the outcome per placement, overall and per group, at the model's
/// coefficients and in every bootstrap replicate.
struct Summaries {
    observed: f64,
    /// [replicate 0 = point estimate, then draws][placement] → (overall, per group label).
    values: Vec<Vec<Shares>>,
    labels: Vec<(Dimension, String)>,
    group_sizes: Vec<usize>,
    group_observed: Vec<f64>,
}

struct Shares {
    overall: f64,
    groups: Vec<f64>,
}

impl Summaries {
    fn compute(
        predictor: &Predictor<'_>,
        evaluated: &[Tested],
        placements: &[Vec<Option<MunicipalityCode>>],
        households: usize,
        options: &BacktestOptions,
    ) -> Summaries {
        let mut labels: Vec<(Dimension, String)> = evaluated
            .iter()
            .flat_map(|t| {
                Dimension::ALL
                    .iter()
                    .map(|&d| (d, t.person.labels[d as usize].clone()))
            })
            .collect();
        labels.sort();
        labels.dedup();
        let label_index: HashMap<&(Dimension, String), usize> =
            labels.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let person_groups: Vec<Vec<usize>> = evaluated
            .iter()
            .map(|t| {
                Dimension::ALL
                    .iter()
                    .map(|&d| label_index[&(d, t.person.labels[d as usize].clone())])
                    .collect()
            })
            .collect();
        let mut group_sizes = vec![0; labels.len()];
        let mut group_positive = vec![0usize; labels.len()];
        for (t, groups) in evaluated.iter().zip(&person_groups) {
            for &g in groups {
                group_sizes[g] += 1;
                group_positive[g] += usize::from(t.outcome);
            }
        }
        let model = predictor.model();
        let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
        let mut values = Vec::with_capacity(options.replicates + 1);
        let mut row = Vec::new();
        for replicate in 0..=options.replicates {
            let (beta, weights) = if replicate == 0 {
                (model.coefficients.clone(), vec![1.0; households])
            } else {
                let beta = model
                    .sample_coefficients(&mut rng)
                    .unwrap_or_else(|| model.coefficients.clone());
                let mut weights = vec![0.0; households];
                for _ in 0..households {
                    weights[rng.gen_range(0..households)] += 1.0;
                }
                (beta, weights)
            };
            let shares = placements
                .iter()
                .map(|placement| {
                    let mut sums = vec![0.0; labels.len()];
                    let mut counts = vec![0.0; labels.len()];
                    let (mut total, mut count) = (0.0, 0.0);
                    for (t, groups) in evaluated.iter().zip(&person_groups) {
                        let w = weights[t.person.household];
                        if w == 0.0 {
                            continue;
                        }
                        let p = placement[t.person.household]
                            .as_ref()
                            .and_then(|m| {
                                predictor.probability_with(&beta, &t.person.facts, m, &mut row)
                            })
                            .unwrap_or(0.0);
                        total += w * p;
                        count += w;
                        for &g in groups {
                            sums[g] += w * p;
                            counts[g] += w;
                        }
                    }
                    Shares {
                        overall: total / f64::max(count, 1.0),
                        groups: sums
                            .iter()
                            .zip(&counts)
                            .map(|(s, c)| s / f64::max(*c, 1.0))
                            .collect(),
                    }
                })
                .collect();
            values.push(shares);
        }
        Summaries {
            observed: evaluated.iter().filter(|t| t.outcome).count() as f64
                / evaluated.len().max(1) as f64,
            values,
            group_observed: group_positive
                .iter()
                .zip(&group_sizes)
                .map(|(p, n)| *p as f64 / (*n).max(1) as f64)
                .collect(),
            labels,
            group_sizes,
        }
    }

    fn summarise(&self, f: impl Fn(&[Shares]) -> f64) -> Estimate {
        estimate(
            f(&self.values[0]),
            self.values[1..].iter().map(|v| f(v)).collect(),
        )
    }

    fn overall(&self, placement: usize) -> Estimate {
        self.summarise(|v| v[placement].overall)
    }

    fn difference(&self, a: usize, b: usize) -> Estimate {
        self.summarise(|v| v[a].overall - v[b].overall)
    }

    fn ratio(&self, a: usize, b: usize) -> Estimate {
        self.summarise(|v| v[a].overall / v[b].overall.max(1e-12) - 1.0)
    }

    fn groups(&self, with_fair: bool) -> Vec<GroupRow> {
        self.labels
            .iter()
            .enumerate()
            .map(|(g, (dimension, group))| GroupRow {
                dimension: *dimension,
                group: group.clone(),
                persons: self.group_sizes[g],
                observed_actual: self.group_observed[g],
                actual: self.summarise(|v| v[0].groups[g]),
                optimal: self.summarise(|v| v[1].groups[g]),
                change: self.summarise(|v| v[1].groups[g] - v[0].groups[g]),
                fair: with_fair.then(|| self.summarise(|v| v[3].groups[g])),
            })
            .collect()
    }
}
