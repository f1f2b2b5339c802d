//! One entry for every mechanism, as a run uses it (`landa place --mechanism`, the
//! server's runs): the placement, what it did for preferences, and its certificate in a
//! sentence.

use super::stable::solve_stable;
use super::{
    explain_every_choice, solve_minimum_outcome, solve_weighted, PreferenceReport, Preferences,
};
use crate::problem::Problem;
use crate::solve::{Solution, SolveOptions};
use landa_model::{Mechanism, PlacementAlternative, Standing};
use std::collections::HashMap;

/// A placement by a mechanism.
#[derive(Debug, Clone, PartialEq)]
pub struct MechanismRun {
    /// The placement; its `objective` and `bound` are in the mechanism's own objective.
    pub solution: Solution,
    pub report: PreferenceReport,
    /// What the mechanism found and its certificate: the weighted objective's bound and
    /// gap, the outcome threshold met, or whether the placement is stable.
    pub certificate: String,
    /// The placement's blocking pairs (justified envy), whichever mechanism made it.
    pub blocking_pairs: usize,
}

impl MechanismRun {
    /// The certificate and what the placement did for preferences, in one line.
    pub fn summary(&self) -> String {
        let report = &self.report;
        if report.ranking_households == 0 {
            return format!(
                "{}; {} blocking pairs (justified envy); no household of this run ranks a \
                 municipality",
                self.certificate, self.blocking_pairs
            );
        }
        format!(
            "{}; {} blocking pairs (justified envy); {} households rank municipalities: \
             {:.1} % placed in their 1st choice, {:.1} % in their top 3, mean choice {}",
            self.certificate,
            self.blocking_pairs,
            report.ranking_households,
            100.0 * report.first_share(),
            100.0 * report.top_three_share(),
            report.mean_choice.map_or(
                "none (none placed in its ranking)".to_owned(),
                |mean| format!("{mean:.2}")
            )
        )
    }
}

/// Places `problem` by `mechanism`.
pub fn place_with(
    mechanism: Mechanism,
    problem: &Problem,
    preferences: &Preferences,
    options: &SolveOptions,
) -> MechanismRun {
    let (solution, certificate, blocking) = match mechanism {
        Mechanism::Weighted { lambda } => {
            let placed = solve_weighted(problem, preferences, lambda, options).solution;
            let certificate = format!(
                "{mechanism}: objective {:.4}, bound {:.4}, gap {:.3} %",
                placed.objective,
                placed.bound,
                placed.gap * 100.0
            );
            (placed, certificate, None)
        }
        Mechanism::MinimumOutcome { share } => {
            let placed = solve_minimum_outcome(problem, preferences, share, options);
            (
                placed.placement.solution.clone(),
                placed.certificate(),
                None,
            )
        }
        Mechanism::Stable => {
            let placed = solve_stable(problem, preferences, options);
            let certificate = match (placed.is_stable(), placed.searched) {
                (true, None) => format!(
                    "stable: no household and municipality would both rather be together \
                     ({} proposals, {} rejections)",
                    placed.proposals, placed.rejections
                ),
                (true, Some(tried)) => format!(
                    "stable: no household and municipality would both rather be together \
                     (found by trying {tried} placements one by one after deferred acceptance \
                     left blocking pairs)"
                ),
                (false, Some(tried)) => format!(
                    "no stable placement exists: each of the {tried} placements there are has \
                     a blocking pair (several capacities at once rule one out); this one, by \
                     deferred acceptance, has {}",
                    placed.blocking.len()
                ),
                (false, None) => format!(
                    "no stable placement found: {} blocking pairs remain, and the batch is too \
                     large to try every placement (several capacities at once can rule one out)",
                    placed.blocking.len()
                ),
            };
            let blocking = placed.blocking.len();
            (placed.solution, certificate, Some(blocking))
        }
    };
    // The stable mechanism counts its own; the others are checked here.
    let blocking_pairs = blocking
        .unwrap_or_else(|| super::stable::blocking_pairs(problem, preferences, &solution).len());
    MechanismRun {
        report: PreferenceReport::of(problem, preferences, &solution),
        solution,
        certificate,
        blocking_pairs,
    }
}

/// Names, in the detail of each ranking household's placed alternative, the choice it got
/// and why its better ones were not taken ([`super::explain_choice`]).
pub fn explain_choices(
    problem: &Problem,
    preferences: &Preferences,
    solution: &Solution,
    alternatives: &mut [PlacementAlternative],
) {
    let sentences = explain_every_choice(problem, preferences, solution);
    let index: HashMap<_, usize> = problem
        .households
        .iter()
        .enumerate()
        .map(|(h, household)| (&household.id, h))
        .collect();
    for alternative in alternatives
        .iter_mut()
        .filter(|a| a.standing == Standing::Placed)
    {
        let sentence = index
            .get(&alternative.household)
            .and_then(|&h| sentences[h].clone());
        if let Some(sentence) = sentence {
            alternative.detail = sentence;
        }
    }
}
