//! Households' preferences in placement, beside the predicted outcome: three mechanisms of
//! the same engine, each returning a placement with its certificate.
//!
//! * **Weighted** ([`solve_weighted`]): maximise outcome + λ × preference satisfaction, where a
//!   household's k-th choice satisfies it 1/k (reciprocal rank: the first choice counts most,
//!   an unlisted municipality 0). [`frontier`] tabulates λ against predicted outcome, mean
//!   choice obtained and the shares in first and top-3 choices. The certificate is the
//!   engine's, for the weighted objective.
//! * **Minimum outcome** ([`solve_minimum_outcome`], after Acharya, Bansak and Hainmueller
//!   2022): honour preferences as far as the total predicted outcome stays at least a share
//!   of the outcome-optimal placement's. The outcome-optimal placement is λ = 0; λ is doubled
//!   while the threshold holds and then bisected, and the placement with the most
//!   satisfaction that meets the threshold is kept, so the result always meets it.
//! * **Stable** ([`stable::solve_stable`], after Delacrétaz, Kominers and Teytelboym 2023):
//!   a placement without justified envy, where municipalities take households in their
//!   priority order (their priority groups, then the longest waiting) as far as every
//!   capacity (persons, minors, services, dwellings) allows.
//!
//! Every mechanism places the most persons it can first, as the engine does; the stable one
//! gives that up where it would need envy.

mod run;
pub mod stable;

pub use run::{explain_choices, place_with, MechanismRun};

use crate::explain::{loaded, statuses, Status};
use crate::load::Load;
use crate::problem::Problem;
use crate::solve::{solve, solve_without_search, Solution, SolveOptions};
use landa_model::{Mechanism, MunicipalityCode, Scenario};
use std::collections::HashMap;

/// Preferences and priorities in the problem's own indices.
#[derive(Debug, Clone)]
pub struct Preferences {
    /// Per household, the municipalities it lists that can take anybody this year, best
    /// first, each with its choice number (1 = first listed).
    ranked: Vec<Vec<(usize, u32)>>,
    /// Per household, listed municipalities that take nobody this year (no number).
    unavailable: Vec<Vec<(u32, MunicipalityCode)>>,
    /// Per municipality with priority groups: each household's class, 0 for the first
    /// group, the number of groups for none.
    classes: Vec<Option<Vec<u16>>>,
}

impl Preferences {
    /// The scenario's rankings (a household's own, else the one its criteria make:
    /// `Scenario::rankings`) and priorities for the problem's households and
    /// municipalities; those not in the problem (another batch) are left out.
    pub fn from_scenario(scenario: &Scenario, problem: &Problem) -> Preferences {
        let rankings = scenario.rankings();
        let household_index: HashMap<&str, usize> = problem
            .households
            .iter()
            .enumerate()
            .map(|(i, h)| (h.id.as_str(), i))
            .collect();
        let municipality_index: HashMap<&str, usize> = problem
            .municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.code.as_str(), i))
            .collect();
        let mut listed: Vec<Vec<(u32, &MunicipalityCode)>> =
            vec![Vec::new(); problem.households.len()];
        for preference in &rankings {
            if let Some(&h) = household_index.get(preference.household.as_str()) {
                listed[h].push((preference.rank(), &preference.municipality));
            }
        }
        let mut ranked = Vec::with_capacity(listed.len());
        let mut unavailable = Vec::with_capacity(listed.len());
        for mut list in listed {
            list.sort();
            let mut open = Vec::new();
            let mut closed = Vec::new();
            for (choice, (_, code)) in (1u32..).zip(list) {
                match municipality_index.get(code.as_str()) {
                    Some(&m) if problem.municipalities[m].capacity > 0 => open.push((m, choice)),
                    _ => closed.push((choice, code.clone())),
                }
            }
            ranked.push(open);
            unavailable.push(closed);
        }

        let households_by_id: HashMap<&str, &landa_model::Household> = scenario
            .households
            .iter()
            .map(|h| (h.id.as_str(), h))
            .collect();
        let mut groups: HashMap<usize, Vec<(u32, &landa_model::PriorityGroup)>> = HashMap::new();
        for priority in &scenario.priorities {
            if let Some(&m) = municipality_index.get(priority.municipality.as_str()) {
                groups
                    .entry(m)
                    .or_default()
                    .push((priority.rank(), &priority.group));
            }
        }
        let mut classes = vec![None; problem.municipalities.len()];
        for (m, mut list) in groups {
            list.sort();
            let code = &problem.municipalities[m].code;
            let class_of = |h: &crate::problem::HouseholdData| {
                let household = households_by_id.get(h.id.as_str());
                list.iter()
                    .position(|(_, group)| household.is_some_and(|x| group.includes(x, code)))
                    .unwrap_or(list.len()) as u16
            };
            classes[m] = Some(problem.households.iter().map(class_of).collect());
        }
        Preferences {
            ranked,
            unavailable,
            classes,
        }
    }

    /// Whether any household ranks anything.
    pub fn any(&self) -> bool {
        self.ranked
            .iter()
            .zip(&self.unavailable)
            .any(|(open, closed)| !open.is_empty() || !closed.is_empty())
    }

    /// Whether the household stated a ranking.
    pub fn ranks(&self, household: usize) -> bool {
        !self.ranked[household].is_empty() || !self.unavailable[household].is_empty()
    }

    /// The household's choice number for the municipality (1 = first), if it lists it.
    pub fn choice(&self, household: usize, municipality: usize) -> Option<u32> {
        self.ranked[household]
            .iter()
            .find(|&&(m, _)| m == municipality)
            .map(|&(_, choice)| choice)
    }

    /// How much placing the household there satisfies it: 1/k for its k-th choice.
    pub fn satisfaction(&self, household: usize, municipality: usize) -> f64 {
        self.choice(household, municipality)
            .map_or(0.0, |choice| 1.0 / f64::from(choice))
    }

    /// The order in which a municipality takes households (smaller first): its first
    /// priority group before the others, then the longest waiting, then the batch order.
    pub(crate) fn priority(
        &self,
        municipality: usize,
        problem: &Problem,
        household: usize,
    ) -> (u16, i64, usize) {
        let class = self.classes[municipality]
            .as_ref()
            .map_or(0, |classes| classes[household]);
        (class, problem.households[household].arrival, household)
    }
}

/// How a placement honours preferences and what it predicts.
#[derive(Debug, Clone, PartialEq)]
pub struct PreferenceReport {
    pub persons_placed: u64,
    /// Sum of the scores (predicted outcome) of the placed households.
    pub outcome: f64,
    /// Households that stated a ranking.
    pub ranking_households: usize,
    /// Of those, placed in a municipality they listed, in their first, in their top three.
    pub in_ranking: usize,
    pub first_choice: usize,
    pub top_three: usize,
    /// Mean choice number of those placed in their ranking (1 = all in their first).
    pub mean_choice: Option<f64>,
    /// Total satisfaction (Σ 1/k), the preference objective.
    pub satisfaction: f64,
}

impl PreferenceReport {
    pub fn of(problem: &Problem, preferences: &Preferences, solution: &Solution) -> Self {
        let mut report = PreferenceReport {
            persons_placed: solution.persons_placed,
            outcome: 0.0,
            ranking_households: 0,
            in_ranking: 0,
            first_choice: 0,
            top_three: 0,
            mean_choice: None,
            satisfaction: 0.0,
        };
        let mut choices = 0u64;
        for (h, assigned) in solution.assignment.iter().enumerate() {
            if let Some(pair) = assigned.and_then(|a| problem.find_pair(h, a.municipality)) {
                report.outcome += problem.pair_score[pair];
            }
            if !preferences.ranks(h) {
                continue;
            }
            report.ranking_households += 1;
            let Some(choice) = assigned.and_then(|a| preferences.choice(h, a.municipality)) else {
                continue;
            };
            report.in_ranking += 1;
            report.first_choice += usize::from(choice == 1);
            report.top_three += usize::from(choice <= 3);
            report.satisfaction += 1.0 / f64::from(choice);
            choices += u64::from(choice);
        }
        if report.in_ranking > 0 {
            report.mean_choice = Some(choices as f64 / report.in_ranking as f64);
        }
        report
    }

    /// Share of the ranking households placed in their first choice (0 when none rank).
    pub fn first_share(&self) -> f64 {
        share(self.first_choice, self.ranking_households)
    }
    pub fn top_three_share(&self) -> f64 {
        share(self.top_three, self.ranking_households)
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A placement by one mechanism, with what it did for preferences.
#[derive(Debug, Clone, PartialEq)]
pub struct MechanismSolution {
    /// The placement; its `objective` and `bound` are in the mechanism's own objective.
    pub solution: Solution,
    pub report: PreferenceReport,
    /// The weight of satisfaction the placement was found with.
    pub lambda: f64,
}

/// The problem with each pair's objective raised by λ × satisfaction.
fn weighted_problem(problem: &Problem, preferences: &Preferences, lambda: f64) -> Problem {
    let household_of: Vec<usize> = (0..problem.households.len())
        .flat_map(|h| problem.pairs(h).map(move |_| h))
        .collect();
    problem.with_values(|p| {
        problem.pair_value[p]
            + lambda * preferences.satisfaction(household_of[p], problem.pair_municipality[p])
    })
}

impl Preferences {
    /// The problem with each pair's value raised by λ × satisfaction: what the weighted
    /// mechanism solves, and what other solvers of the engine (group floors) can take.
    pub fn weighted(&self, problem: &Problem, lambda: f64) -> Problem {
        weighted_problem(problem, self, lambda)
    }
}

/// Outcome + λ × satisfaction, by the full engine.
pub fn solve_weighted(
    problem: &Problem,
    preferences: &Preferences,
    lambda: f64,
    options: &SolveOptions,
) -> MechanismSolution {
    let weighted = weighted_problem(problem, preferences, lambda);
    let solution = solve(&weighted, options);
    MechanismSolution {
        report: PreferenceReport::of(problem, preferences, &solution),
        solution,
        lambda,
    }
}

/// One point of the frontier between outcome and preferences.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    pub lambda: f64,
    pub report: PreferenceReport,
}

/// The weighted placement at each λ (without the neighbourhood search, as a table of
/// trade-offs rather than final placements).
pub fn frontier(
    problem: &Problem,
    preferences: &Preferences,
    lambdas: &[f64],
    options: &SolveOptions,
) -> Vec<FrontierPoint> {
    lambdas
        .iter()
        .map(|&lambda| {
            let solution =
                solve_without_search(&weighted_problem(problem, preferences, lambda), options);
            FrontierPoint {
                lambda,
                report: PreferenceReport::of(problem, preferences, &solution),
            }
        })
        .collect()
}

/// A minimum-outcome placement and its threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct MinimumOutcome {
    pub placement: MechanismSolution,
    /// The outcome-optimal placement's predicted outcome, and the share of it required.
    pub optimal_outcome: f64,
    pub share: f64,
    /// `optimal_outcome − (1 − share) × |optimal_outcome|` (`share × optimal_outcome` for
    /// the usual non-negative outcomes): the placement's outcome is at least this.
    pub threshold: f64,
}

impl MinimumOutcome {
    /// The threshold met, in a sentence.
    pub fn certificate(&self) -> String {
        format!(
            "{}: predicted outcome {:.4}, at least {:.4} required of {:.4} at best; found at \
             λ = {:.4}",
            Mechanism::MinimumOutcome { share: self.share },
            self.placement.report.outcome,
            self.threshold,
            self.optimal_outcome,
            self.placement.lambda
        )
    }
}

/// Rounds of doubling and bisecting λ.
const LAMBDA_ROUNDS: usize = 12;

/// Preferences honoured as far as the predicted outcome stays ≥ `share` of the optimum
/// (persons placed first, as in every mechanism). `share` is clamped to 0..=1.
pub fn solve_minimum_outcome(
    problem: &Problem,
    preferences: &Preferences,
    share: f64,
    options: &SolveOptions,
) -> MinimumOutcome {
    solve_minimum_outcome_by(problem, preferences, share, &mut |weighted, search| {
        if search {
            solve(weighted, options)
        } else {
            solve_without_search(weighted, options)
        }
    })
}

/// [`solve_minimum_outcome`] with `solve_at` placing each weighted problem (its flag: with
/// the neighbourhood search), so that another solver of the engine can take part: with
/// group floors (`landa place --fairness`), the optimum and the threshold are those of
/// placements that keep the floors.
pub fn solve_minimum_outcome_by(
    problem: &Problem,
    preferences: &Preferences,
    share: f64,
    solve_at: &mut dyn FnMut(&Problem, bool) -> Solution,
) -> MinimumOutcome {
    let share = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        1.0
    };
    let mut placed_at = |lambda: f64, search: bool| {
        let solution = solve_at(&weighted_problem(problem, preferences, lambda), search);
        MechanismSolution {
            report: PreferenceReport::of(problem, preferences, &solution),
            solution,
            lambda,
        }
    };
    // The λ search compares placements found the same way (without the neighbourhood
    // search): each places at least the persons that way places at λ = 0. The outcome
    // reference is the better of that and the full engine at λ = 0.
    let quick = placed_at(0.0, false);
    let persons = quick.report.persons_placed;
    let full = placed_at(0.0, true);
    let optimal = if (full.report.persons_placed, full.report.outcome)
        > (quick.report.persons_placed, quick.report.outcome)
    {
        full
    } else {
        quick
    };
    let optimal_outcome = optimal.report.outcome;
    let threshold = optimal_outcome - (1.0 - share) * optimal_outcome.abs();
    let meets = |candidate: &MechanismSolution| {
        candidate.report.persons_placed >= persons
            && candidate.report.outcome >= threshold - 1e-9 * threshold.abs().max(1.0)
    };
    let mut best = optimal.clone();
    // λ large enough that satisfaction outweighs any outcome difference: the mean score.
    let scale = if problem.pair_score.is_empty() {
        1.0
    } else {
        problem.pair_score.iter().map(|s| s.abs()).sum::<f64>() / problem.pair_score.len() as f64
    };
    let (mut low, mut high) = (0.0, f64::INFINITY);
    let mut lambda = scale.max(1e-6) / 16.0;
    for _ in 0..LAMBDA_ROUNDS {
        let candidate = placed_at(lambda, false);
        if meets(&candidate) {
            low = lambda;
            if candidate.report.satisfaction > best.report.satisfaction {
                best = candidate;
            }
        } else {
            high = lambda;
        }
        lambda = if high.is_finite() {
            (low + high) / 2.0
        } else {
            lambda * 4.0
        };
    }
    // The full engine at the λ found, kept where it still meets the threshold.
    if best.lambda > 0.0 {
        let polished = placed_at(best.lambda, true);
        if meets(&polished) && polished.report.satisfaction >= best.report.satisfaction {
            best = polished;
        }
    }
    MinimumOutcome {
        placement: best,
        optimal_outcome,
        share,
        threshold,
    }
}

/// English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// What the placement did with the household's ranking, in a sentence, naming why each
/// better choice was not taken: "placed in its 2nd choice (2080); its 1st (0380) was full
/// (persons 120/120)". None when the household ranks nothing.
pub fn explain_choice(
    problem: &Problem,
    preferences: &Preferences,
    solution: &Solution,
    household: usize,
) -> Option<String> {
    if household >= problem.households.len() || !preferences.ranks(household) {
        return None;
    }
    let mut load = loaded(problem, solution)?;
    Some(choice_sentence(&mut load, preferences, household))
}

/// [`explain_choice`] for every household, sharing one count of the capacities used.
pub fn explain_every_choice(
    problem: &Problem,
    preferences: &Preferences,
    solution: &Solution,
) -> Vec<Option<String>> {
    let Some(mut load) = loaded(problem, solution) else {
        return vec![None; problem.households.len()];
    };
    (0..problem.households.len())
        .map(|h| {
            preferences
                .ranks(h)
                .then(|| choice_sentence(&mut load, preferences, h))
        })
        .collect()
}

/// The sentence of [`explain_choice`] for a household that ranks municipalities, with the
/// placement's capacity use in `load` (left as it was found).
fn choice_sentence(load: &mut Load, preferences: &Preferences, household: usize) -> String {
    let problem = load.problem;
    let placed = load
        .pair_of(household)
        .map(|pair| problem.pair_municipality[pair]);
    let obtained = placed.and_then(|m| preferences.choice(household, m));
    let code = |m: usize| problem.municipalities[m].code.to_string();
    let mut text = match (placed, obtained) {
        (Some(m), Some(choice)) => {
            format!("placed in its {} choice ({})", ordinal(choice), code(m))
        }
        (Some(m), None) => format!("placed outside its ranking ({})", code(m)),
        (None, _) => "not placed".to_owned(),
    };
    let statuses = statuses(load, household);
    let mut reasons: Vec<(u32, String)> = preferences.unavailable[household]
        .iter()
        .filter(|(choice, _)| obtained.is_none_or(|o| *choice < o))
        .map(|(choice, c)| {
            (
                *choice,
                format!("its {} ({c}) takes nobody this year", ordinal(*choice)),
            )
        })
        .collect();
    for &(m, choice) in &preferences.ranked[household] {
        if obtained.is_some_and(|o| choice >= o) {
            continue;
        }
        let why = match statuses
            .iter()
            .find(|s| s.municipality == m)
            .map(|s| &s.status)
        {
            None => "is not open to it (no score)".to_owned(),
            Some(Status::Blocked { detail, .. }) if detail.starts_with("full") => {
                format!("was {detail}")
            }
            Some(Status::Blocked { detail, .. }) => detail.clone(),
            Some(Status::Fits | Status::Placed) => {
                "had room, but the placement weighed the predicted outcome or other households"
                    .to_owned()
            }
        };
        reasons.push((
            choice,
            format!("its {} ({}) {why}", ordinal(choice), code(m)),
        ));
    }
    reasons.sort_by_key(|(choice, _)| *choice);
    if !reasons.is_empty() {
        text.push_str("; ");
        text.push_str(
            &reasons
                .into_iter()
                .map(|(_, r)| r)
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    text
}
