//! landa-outcome: who does well where. A model of P(outcome | person, municipality)
//! learned from past placements and their outcomes, as GeoMatch (Bansak et al. 2018) and
//! Annie MOORE (Ahani et al. 2021) learn theirs; the scores it gives a scenario, so that
//! placement optimises predicted outcomes; and an honest back-test of the gain.
//!
//! # The model ([`train`])
//! Regularised logistic regression on each working-age person placed in the past:
//! age (and its square), sex, sex × a young child at home, single parenthood, education,
//! the languages enough of them speak; the municipality's employment rate, size, reception
//! already carried and housing market; education × size; and one effect per municipality,
//! shrunk towards zero by a ridge penalty that acts as a random-effects prior (its strength
//! chosen by grouped cross-validation). The fit is Newton's method on sparse rows; the
//! penalised Hessian at the optimum is kept as the posterior precision (Laplace
//! approximation). Out-of-fold log-odds are recalibrated (Platt), and the metrics and
//! reliability table reported are out of fold, after that calibration.
//!
//! Own code rather than a crate: the per-column penalty (the shrinkage that makes small
//! municipalities not noise) and the posterior precision are what the back-test needs,
//! and the Rust crates for logistic regression (linfa-logistic, smartcore) offer one
//! penalty for all coefficients and no Hessian, behind an ndarray stack.
//!
//! # The back-test ([`backtest`])
//! Out of sample by time: the model learns from households placed up to a day, and the
//! households placed after it are re-placed by landa's optimiser with the same capacities
//! as they actually took. See [`backtest::ASSUMPTIONS`] for what the estimate assumes.
//!
//! Architecture invariant: no IO. The model's saved form is its serde types; the command
//! line writes and reads the JSON.

pub mod backtest;
mod fairness;
mod features;
mod linalg;
mod logistic;
mod metrics;
mod score;
mod train;

pub use fairness::{
    destinations, labels, place_fairly, Dimension, FairPlacement, Fairness, FairnessRule,
    GroupShare, GroupedPerson,
};
pub use features::{household_context, FeatureSpace, PersonFacts, FIXED_FEATURES, WORKING_AGE};
pub use metrics::{metrics, reliability, Metrics, ReliabilityBin};
pub use score::{grouped_persons, scenario_persons, score_scenario};
pub use train::{
    history_persons, train, Calibration, Predictor, ShrinkageTrial, TrainOptions, TrainedModel,
    TrainingSet,
};

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum OutcomeError {
    #[error("the history has no outcome '{outcome}'; it has: {}", known.join(", "))]
    UnknownOutcome { outcome: String, known: Vec<String> },
    #[error("too little to learn from: {persons} persons of working age with an observed outcome, {positives} of them positive (at least 100 persons and 10 of each kind are needed)")]
    TooLittleData { persons: usize, positives: usize },
    #[error("municipality {0} of the history is not in the geography")]
    UnknownMunicipality(String),
    #[error("no shrinkage strength to try")]
    NoShrinkage,
    #[error(
        "the scenario lists no persons: scores are predicted per member, so persons.csv is needed"
    )]
    NoPersons,
    #[error("no household of the history was placed after {0}, the last day the model learned from: nothing is left to test out of sample")]
    NothingToTest(String),
    #[error("{0}")]
    Invalid(String),
    #[error("placement: {0}")]
    Placement(String),
}
