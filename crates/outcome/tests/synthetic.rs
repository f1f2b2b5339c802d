//! On a synthetic history with known true effects (landa-generate), the model recovers
//! them, predicts close to the truth, and the back-test's estimate of the gain agrees with
//! the true gain of the same placement.

use landa_generate::{
    generate_history, GenerateOptions, HistoryOptions, SyntheticHistory, EMPLOYMENT,
};
use landa_model::{MunicipalityCode, NaiveDate};
use landa_outcome::backtest::{backtest, BacktestOptions, BacktestReport};
use landa_outcome::{
    history_persons, train, Dimension, Fairness, FairnessRule, TrainOptions, TrainedModel,
    FIXED_FEATURES,
};
use landa_placement::SolveOptions;
use std::sync::OnceLock;
use std::time::Duration;

const YEAR: i32 = 2026;

fn synthetic() -> &'static SyntheticHistory {
    static HISTORY: OnceLock<SyntheticHistory> = OnceLock::new();
    HISTORY.get_or_init(|| {
        generate_history(
            &GenerateOptions {
                households: 10,
                seed: 11,
                year: YEAR,
                ..GenerateOptions::default()
            },
            &HistoryOptions {
                years: 3,
                households_per_year: 2_500,
            },
        )
        .expect("valid options")
    })
}

/// Learned from the first two years; the third is left for the back-test.
fn model() -> &'static TrainedModel {
    static MODEL: OnceLock<TrainedModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        let synthetic = synthetic();
        train(
            &synthetic.history,
            synthetic.municipalities(),
            &TrainOptions {
                until: NaiveDate::from_ymd_opt(YEAR - 2, 12, 31),
                ..TrainOptions::default()
            },
        )
        .expect("enough data")
    })
}

fn coefficient(model: &TrainedModel, name: &str) -> f64 {
    let j = FIXED_FEATURES
        .iter()
        .position(|f| *f == name)
        .expect("a fixed feature");
    model.coefficients[j]
}

#[test]
fn the_model_recovers_the_person_effects_put_in() {
    let model = model();
    let truth = EMPLOYMENT;
    let checks = [
        ("female", truth.female, 0.12),
        (
            "female_with_young_child",
            truth.female_with_child_under_7,
            0.15,
        ),
        ("single_parent", truth.single_parent, 0.2),
        (
            "education_secondary",
            truth.education_secondary - truth.education_none,
            0.15,
        ),
        (
            "education_tertiary",
            truth.education_tertiary - truth.education_none,
            0.15,
        ),
        // The model's age is (age - 35) / 10, so its square carries 100 × the true one.
        ("age_squared", truth.age_squared * 100.0, 0.06),
    ];
    for (name, expected, tolerance) in checks {
        let fitted = coefficient(model, name);
        assert!(
            (fitted - expected).abs() <= tolerance,
            "{name}: fitted {fitted:.3}, true {expected:.3}"
        );
    }
    // Calibrated out of fold, and better than chance.
    assert!(
        model.metrics.calibration_error < 0.02,
        "{:?}",
        model.metrics
    );
    assert!(model.metrics.auc > 0.65, "{:?}", model.metrics);
    assert!((model.calibration.slope - 1.0).abs() < 0.15);
}

/// For persons of the tested year in every municipality, the predicted probability is
/// close to the true one, and so is the way it varies between municipalities.
#[test]
fn predictions_follow_the_truth_across_municipalities() {
    let synthetic = synthetic();
    let model = model();
    let predictor = model.predictor(synthetic.municipalities());
    let codes: Vec<&MunicipalityCode> =
        synthetic.municipalities().iter().map(|m| &m.code).collect();
    let mut row = Vec::new();
    let (mut pairs, mut within) = (Vec::new(), Vec::new());
    let tested = history_persons(&synthetic.history)
        .into_iter()
        .filter(|(h, _, _)| {
            synthetic.history.households[*h]
                .placed_on
                .format("%Y")
                .to_string()
                == (YEAR - 1).to_string()
        });
    for (h, k, facts) in tested.step_by(10).take(300) {
        let mut predicted = Vec::new();
        let mut truth = Vec::new();
        for &code in &codes {
            let (Some(p), Some(t)) = (
                predictor.probability(&facts, code, &mut row),
                synthetic.true_probability(h, k, code, &model.outcome),
            ) else {
                continue;
            };
            predicted.push(p);
            truth.push(t);
        }
        if predicted.is_empty() {
            continue;
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let (mp, mt) = (mean(&predicted), mean(&truth));
        pairs.push((mp, mt));
        within.extend(predicted.iter().zip(&truth).map(|(p, t)| (p - mp, t - mt)));
    }
    assert!(pairs.len() > 100);
    let correlation = |xy: &[(f64, f64)]| {
        let n = xy.len() as f64;
        let (mx, my) = (
            xy.iter().map(|p| p.0).sum::<f64>() / n,
            xy.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let cov: f64 = xy.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
        let vx: f64 = xy.iter().map(|(x, _)| (x - mx).powi(2)).sum();
        let vy: f64 = xy.iter().map(|(_, y)| (y - my).powi(2)).sum();
        cov / (vx * vy).sqrt()
    };
    let between_persons = correlation(&pairs);
    let between_municipalities = correlation(&within);
    eprintln!("correlation with the truth: persons {between_persons:.3}, municipalities {between_municipalities:.3}");
    assert!(between_persons > 0.9, "{between_persons}");
    assert!(between_municipalities > 0.3, "{between_municipalities}");
}

fn run_backtest(fairness: Option<Fairness>) -> BacktestReport {
    let synthetic = synthetic();
    backtest(
        model(),
        &synthetic.history,
        synthetic.municipalities(),
        &BacktestOptions {
            replicates: 100,
            solve: SolveOptions {
                time_limit: Duration::from_secs(2),
                ..SolveOptions::default()
            },
            fairness,
            ..BacktestOptions::default()
        },
    )
    .expect("a tested year")
}

/// The true gain of landa's placement of the tested year: the truth's probabilities at
/// landa's municipalities against those where practice placed them.
fn true_gain(report: &BacktestReport, outcome: &str) -> f64 {
    let synthetic = synthetic();
    let (mut gain, mut persons) = (0.0, 0usize);
    let index = synthetic.history.outcome_index(outcome).expect("outcome");
    for (h, landa) in &report.placements {
        let household = &synthetic.history.households[*h];
        for (k, member) in household.members().iter().enumerate() {
            if member.outcomes[index].is_none() {
                continue;
            }
            let Some(actual) = synthetic.true_probability(*h, k, &household.municipality, outcome)
            else {
                continue;
            };
            let placed = landa
                .as_ref()
                .and_then(|m| synthetic.true_probability(*h, k, m, outcome))
                .unwrap_or(0.0);
            gain += placed - actual;
            persons += 1;
        }
    }
    gain / persons as f64
}

#[test]
fn the_backtest_estimates_a_real_gain_with_an_interval() {
    let report = run_backtest(None);
    let truth = true_gain(&report, &model().outcome);
    eprintln!(
        "back-test: actual observed {:.4}, predicted {:.4}, landa {:.4} ({:.4} to {:.4}), gain {:.4} ({:.4} to {:.4}), true gain {truth:.4}",
        report.observed_actual, report.actual.value, report.optimal.value, report.optimal.low,
        report.optimal.high, report.gain.value, report.gain.low, report.gain.high
    );
    assert!(report.tested_persons > 1_000);
    assert!(report.gain.low > 0.0, "the gain is clear of zero");
    assert!(report.gain.low <= report.gain.value && report.gain.value <= report.gain.high);
    // The placement landa chose really is better, and the estimate is of its size.
    assert!(truth > 0.0);
    assert!(
        report.gain.low <= truth && truth <= report.gain.high,
        "true gain {truth:.4} outside the estimate's interval {:?}",
        report.gain
    );
    // The model is calibrated on the tested year too: predicted and observed agree.
    assert!((report.actual.value - report.observed_actual).abs() < 0.02);
    // Every dimension is broken down, with women and men among the sexes.
    for dimension in Dimension::ALL {
        assert!(report.groups.iter().any(|g| g.dimension == dimension));
    }
    assert!(report.groups.iter().any(|g| g.group == "women"));
}

/// On this history landa's placement already does better than the actual one for every
/// sex and household type, so a loss cap of zero versus practice costs nothing.
#[test]
fn a_loss_cap_versus_practice_is_kept() {
    let report = run_backtest(Some(Fairness {
        rule: FairnessRule::LossCap(0.0),
        dimensions: vec![Dimension::Sex, Dimension::HouseholdType],
    }));
    let fair = report.fairness.as_ref().expect("asked for");
    assert!(fair.floors_met);
    for group in &fair.placement.groups {
        assert!(
            group.fair >= group.baseline - 1e-9,
            "{}: {:.4} < actual {:.4}",
            group.name,
            group.fair,
            group.baseline
        );
    }
    assert_eq!(fair.placement.solution.rounds, 0);
    assert!(fair.placement.solution.price.abs() < 1e-9);
}

/// A floor of 22 % for every household type binds for single parents (about 19-20 % under
/// the unconstrained placement): the fair placement lifts them to it and pays for it.
#[test]
fn a_binding_floor_is_met_at_a_price() {
    let report = run_backtest(Some(Fairness {
        rule: FairnessRule::Floor(0.22),
        dimensions: vec![Dimension::HouseholdType],
    }));
    let fair = report.fairness.as_ref().expect("asked for");
    for g in &fair.placement.groups {
        eprintln!(
            "{}: {} persons, floor {:.4}, actual {:.4}, landa {:.4}, fair {:.4}",
            g.name, g.persons, g.floor, g.baseline, g.unconstrained, g.fair
        );
    }
    eprintln!(
        "fair {:.4}, price {:.4} points, {:.4} in total, rounds {}",
        fair.fair.value,
        fair.price.value,
        fair.placement.solution.price,
        fair.placement.solution.rounds
    );
    assert!(fair.floors_met);
    let single_parents = fair
        .placement
        .groups
        .iter()
        .find(|g| g.name == "household: single parent")
        .expect("a group");
    assert!(single_parents.unconstrained < 0.22, "the floor binds");
    assert!(single_parents.fair >= 0.22 - 1e-9);
    for group in &fair.placement.groups {
        assert!(group.fair >= 0.22 - 1e-9, "{}", group.name);
    }
    assert!(fair.placement.solution.rounds > 0);
    assert!(fair.placement.solution.price > 0.0);
    assert!(fair.price.value >= 0.0);
}
