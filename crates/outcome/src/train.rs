//! Training: the persons of a history with an observed outcome, grouped k-fold
//! cross-validation (a household's members in one fold) over the strength of the
//! municipality shrinkage, Platt recalibration from the out-of-fold predictions, and the
//! final fit on everyone.

use crate::features::{household_context, EncodedMunicipality, FeatureSpace, PersonFacts};
use crate::linalg::Cholesky;
use crate::logistic::{self, linear, logistic, Design};
use crate::metrics::{metrics, reliability, Metrics, ReliabilityBin};
use crate::OutcomeError;
use landa_model::{History, Municipality, MunicipalityCode, NaiveDate};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// The outcome to learn, one of the history's.
    pub outcome: String,
    /// Learn only from households placed on or before this day, so that later ones stay
    /// out of sample for a back-test.
    pub until: Option<NaiveDate>,
    pub folds: usize,
    /// Candidate penalties on the municipality effects (prior precision); the one with
    /// the best cross-validated log-loss is kept.
    pub shrinkage: Vec<f64>,
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            outcome: "employed_2y".to_owned(),
            until: None,
            folds: 5,
            shrinkage: vec![2.0, 8.0, 32.0, 128.0],
            seed: 1,
        }
    }
}

/// Penalty on the person and municipal features: weak, the data decide.
const FIXED_PENALTY: f64 = 1.0;
const INTERCEPT_PENALTY: f64 = 1e-6;

/// Which placements a model learned from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSet {
    pub first_placed: NaiveDate,
    pub last_placed: NaiveDate,
    /// The `until` asked for, if any: households placed after it were left out.
    pub until: Option<NaiveDate>,
    pub households: usize,
    pub persons: usize,
    pub positives: usize,
}

/// Cross-validated log-loss of one shrinkage strength.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShrinkageTrial {
    pub shrinkage: f64,
    pub log_loss: f64,
}

/// `P = logistic(intercept + slope × log-odds)`, fitted on out-of-fold log-odds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub intercept: f64,
    pub slope: f64,
}

/// A trained model of P(outcome | person, municipality), as saved in `model.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainedModel {
    pub outcome: String,
    pub trained_on: TrainingSet,
    pub features: FeatureSpace,
    pub coefficients: Vec<f64>,
    /// Persons in training placed in each municipality with an effect, in column order.
    pub municipality_persons: Vec<usize>,
    pub shrinkage: f64,
    pub cross_validation: Vec<ShrinkageTrial>,
    pub calibration: Calibration,
    /// Out of fold, before and after calibration.
    pub uncalibrated_metrics: Metrics,
    pub metrics: Metrics,
    pub reliability: Vec<ReliabilityBin>,
    /// Lower Cholesky factor of the penalised Hessian of the jointly fitted coefficients
    /// (all but the language × municipality effects), row by row (row `i` has `i + 1`
    /// entries): the posterior precision the back-test samples coefficients from.
    pub precision_factor: Vec<f64>,
    /// The precision of each language × municipality effect, taken as independent of the
    /// rest (the block-diagonal Laplace approximation).
    pub separable_precision: Vec<f64>,
}

/// The persons of a history as the model sees them: (household index, member index,
/// facts), everyone, whether in the outcome's population or not.
pub fn history_persons(history: &History) -> Vec<(usize, usize, PersonFacts)> {
    let mut persons = Vec::with_capacity(history.persons());
    for (h, household) in history.households.iter().enumerate() {
        let ages: Vec<i32> = household
            .members()
            .iter()
            .map(|p| household.age_of(p))
            .collect();
        for (k, member) in household.members().iter().enumerate() {
            let (single_parent, young_child) = household_context(&ages, ages[k]);
            persons.push((
                h,
                k,
                PersonFacts {
                    age: ages[k],
                    sex: member.sex,
                    education: member.education,
                    languages: member.languages.clone(),
                    single_parent,
                    young_child,
                },
            ));
        }
    }
    persons
}

struct Sample {
    household: usize,
    municipality: MunicipalityCode,
    facts: PersonFacts,
    outcome: bool,
}

fn samples(history: &History, outcome: usize, include: impl Fn(NaiveDate) -> bool) -> Vec<Sample> {
    history_persons(history)
        .into_iter()
        .filter_map(|(h, k, facts)| {
            let household = &history.households[h];
            let observed = household.members()[k].outcomes.get(outcome).copied()??;
            (facts.in_population() && include(household.placed_on)).then(|| Sample {
                household: h,
                municipality: household.municipality.clone(),
                facts,
                outcome: observed,
            })
        })
        .collect()
}

fn penalties(space: &FeatureSpace, shrinkage: f64) -> Vec<f64> {
    (0..space.len())
        .map(|j| {
            if j == 0 {
                INTERCEPT_PENALTY
            } else if j < space.municipality_offset() {
                FIXED_PENALTY
            } else {
                shrinkage
            }
        })
        .collect()
}

/// Fits (intercept, slope) of a logistic on the log-odds by Newton's method on 2 × 2.
fn platt(eta: &[f64], observed: &[bool]) -> Calibration {
    let (mut a, mut b) = (0.0, 1.0);
    for _ in 0..50 {
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
        for (&e, &y) in eta.iter().zip(observed) {
            let p = logistic(a + b * e);
            let r = f64::from(u8::from(y)) - p;
            let w = p * (1.0 - p);
            g0 += r;
            g1 += r * e;
            h00 += w;
            h01 += w * e;
            h11 += w * e * e;
        }
        let det = h00 * h11 - h01 * h01;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (h11 * g0 - h01 * g1) / det;
        let db = (h00 * g1 - h01 * g0) / det;
        a += da;
        b += db;
        if da.abs().max(db.abs()) < 1e-10 {
            break;
        }
    }
    Calibration {
        intercept: a,
        slope: b,
    }
}

fn packed_lower(factor: &Cholesky) -> Vec<f64> {
    let n = factor.n;
    (0..n)
        .flat_map(|i| (0..=i).map(move |j| (i, j)))
        .map(|(i, j)| factor.lower[i * n + j])
        .collect()
}

/// Trains a model of `options.outcome` on `history`, placed in `geography`.
pub fn train(
    history: &History,
    geography: &[Municipality],
    options: &TrainOptions,
) -> Result<TrainedModel, OutcomeError> {
    let outcome =
        history
            .outcome_index(&options.outcome)
            .ok_or_else(|| OutcomeError::UnknownOutcome {
                outcome: options.outcome.clone(),
                known: history.outcomes.iter().map(|o| o.to_string()).collect(),
            })?;
    let until = options.until;
    let data = samples(history, outcome, |day| until.is_none_or(|u| day <= u));
    let positives = data.iter().filter(|s| s.outcome).count();
    if data.len() < 100 || positives < 10 || data.len() - positives < 10 {
        return Err(OutcomeError::TooLittleData {
            persons: data.len(),
            positives,
        });
    }
    let space = FeatureSpace::learn(geography, data.iter().map(|s| (&s.facts, &s.municipality)));
    let encoded = space.encode_geography(geography);
    let mut design = Design::default();
    let mut row = Vec::new();
    for sample in &data {
        let municipality = encoded
            .get(&sample.municipality)
            .ok_or_else(|| OutcomeError::UnknownMunicipality(sample.municipality.to_string()))?;
        space.encode(&sample.facts, municipality, &mut row);
        design.push(&row, sample.outcome);
    }
    let observed: Vec<bool> = data.iter().map(|s| s.outcome).collect();

    // Grouped folds: all members of a household in the same one.
    let mut households: Vec<usize> = data.iter().map(|s| s.household).collect();
    households.dedup();
    households.shuffle(&mut ChaCha8Rng::seed_from_u64(options.seed));
    let folds = options.folds.max(2);
    let fold_of: HashMap<usize, usize> = households
        .iter()
        .enumerate()
        .map(|(i, &h)| (h, i % folds))
        .collect();
    let fold: Vec<usize> = data.iter().map(|s| fold_of[&s.household]).collect();

    let out_of_fold = |shrinkage: f64| -> Vec<f64> {
        let penalty = penalties(&space, shrinkage);
        let mut eta = vec![0.0; data.len()];
        for f in 0..folds {
            let train_rows: Vec<usize> = (0..data.len()).filter(|&i| fold[i] != f).collect();
            let fitted = logistic::fit(&design, &train_rows, &penalty, space.joint_len());
            for i in (0..data.len()).filter(|&i| fold[i] == f) {
                eta[i] = linear(&fitted.beta, design.row(i));
            }
        }
        eta
    };
    let mut trials = Vec::new();
    // (log-loss, shrinkage, out-of-fold log-odds) of the best strength so far.
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    for &shrinkage in &options.shrinkage {
        let eta = out_of_fold(shrinkage);
        let probabilities: Vec<f64> = eta.iter().map(|&e| logistic(e)).collect();
        let log_loss = metrics(&probabilities, &observed).log_loss;
        trials.push(ShrinkageTrial {
            shrinkage,
            log_loss,
        });
        if best.as_ref().is_none_or(|(loss, _, _)| log_loss < *loss) {
            best = Some((log_loss, shrinkage, eta));
        }
    }
    let (_, shrinkage, eta) = best.ok_or(OutcomeError::NoShrinkage)?;
    let calibration = platt(&eta, &observed);
    let raw: Vec<f64> = eta.iter().map(|&e| logistic(e)).collect();
    let calibrated: Vec<f64> = eta
        .iter()
        .map(|&e| logistic(calibration.intercept + calibration.slope * e))
        .collect();

    let all: Vec<usize> = (0..data.len()).collect();
    let fitted = logistic::fit(
        &design,
        &all,
        &penalties(&space, shrinkage),
        space.joint_len(),
    );
    let mut municipality_persons = vec![0; space.municipalities.len()];
    for sample in &data {
        if let Ok(i) = space
            .municipalities
            .binary_search_by(|c| c.as_str().cmp(sample.municipality.as_str()))
        {
            municipality_persons[i] += 1;
        }
    }
    let placed = data
        .iter()
        .map(|s| history.households[s.household].placed_on);
    Ok(TrainedModel {
        outcome: options.outcome.clone(),
        trained_on: TrainingSet {
            first_placed: placed.clone().min().expect("at least 100 persons"),
            last_placed: placed.max().expect("at least 100 persons"),
            until,
            households: households.len(),
            persons: data.len(),
            positives,
        },
        precision_factor: packed_lower(&fitted.hessian),
        separable_precision: fitted.separable_precision,
        coefficients: fitted.beta,
        features: space,
        municipality_persons,
        shrinkage,
        cross_validation: trials,
        calibration,
        uncalibrated_metrics: metrics(&raw, &observed),
        metrics: metrics(&calibrated, &observed),
        reliability: reliability(&calibrated, &observed),
    })
}

/// A model ready to predict in one geography.
pub struct Predictor<'a> {
    model: &'a TrainedModel,
    municipalities: HashMap<MunicipalityCode, EncodedMunicipality>,
}

impl TrainedModel {
    pub fn predictor(&self, geography: &[Municipality]) -> Predictor<'_> {
        Predictor {
            model: self,
            municipalities: self.features.encode_geography(geography),
        }
    }

    /// Coefficients drawn from the Laplace approximation of the posterior: the joint block
    /// from its precision factor, the separable effects independently. `None` when the
    /// saved precision does not fit the coefficients.
    pub(crate) fn sample_coefficients(&self, rng: &mut impl rand::Rng) -> Option<Vec<f64>> {
        let joint = self.features.joint_len();
        let n = self.coefficients.len();
        if self.precision_factor.len() != joint * (joint + 1) / 2
            || self.separable_precision.len() != n - joint
        {
            return None;
        }
        let mut lower = vec![0.0; joint * joint];
        let mut values = self.precision_factor.iter();
        for i in 0..joint {
            for j in 0..=i {
                lower[i * joint + j] = *values.next()?;
            }
        }
        let factor = Cholesky { n: joint, lower };
        let mut z: Vec<f64> = (0..joint).map(|_| rng.sample(StandardNormal)).collect();
        // L Lᵀ = H, so L⁻ᵀ z has covariance H⁻¹.
        factor.solve_upper(&mut z);
        let separable = self.separable_precision.iter().map(|&h| {
            let z: f64 = rng.sample(StandardNormal);
            z / h.sqrt()
        });
        Some(
            self.coefficients
                .iter()
                .zip(z.into_iter().chain(separable))
                .map(|(b, d)| b + d)
                .collect(),
        )
    }
}

impl Predictor<'_> {
    pub fn model(&self) -> &TrainedModel {
        self.model
    }

    /// Calibrated P(outcome) of `person` in `municipality` under coefficients `beta`
    /// (the model's own, or a posterior draw); `None` for a municipality not in the
    /// geography or a person outside the outcome's population.
    pub fn probability_with(
        &self,
        beta: &[f64],
        person: &PersonFacts,
        municipality: &MunicipalityCode,
        row: &mut Vec<(u32, f64)>,
    ) -> Option<f64> {
        if !person.in_population() {
            return None;
        }
        let encoded = self.municipalities.get(municipality)?;
        self.model.features.encode(person, encoded, row);
        let c = self.model.calibration;
        Some(logistic(c.intercept + c.slope * linear(beta, row)))
    }

    pub fn probability(
        &self,
        person: &PersonFacts,
        municipality: &MunicipalityCode,
        row: &mut Vec<(u32, f64)>,
    ) -> Option<f64> {
        self.probability_with(&self.model.coefficients, person, municipality, row)
    }
}
