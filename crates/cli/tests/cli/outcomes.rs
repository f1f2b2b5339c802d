//! From a history of past placements to assignments: generate a bundle and its history,
//! train a model, report it, score the bundle, place by the scores (with and without a
//! fairness rule) and back-test; and bad input refused with its place, writing nothing.

use crate::{csv_rows, Landa};
use landa_store::Location;
use std::path::Path;

fn landa_in(dir: &Path) -> Landa {
    Landa::at(&Location::DataDir(dir.join("store")))
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn from_history_to_assignments_and_a_backtest() {
    let work = tempfile::tempdir().unwrap();
    let landa = landa_in(work.path());
    let bundle = work.path().join("bundle");
    let history = work.path().join("history.csv");
    landa.ok(&[
        "generate",
        "--households",
        "120",
        "--seed",
        "6",
        "--history",
        path(&history),
        "--history-years",
        "3",
        "--history-households",
        "700",
        "--preferences",
        path(&bundle),
    ]);
    let model = work.path().join("model.json");
    let trained = landa.ok(&[
        "model",
        "train",
        path(&history),
        "--geography",
        path(&bundle),
        "--until",
        "2024-12-31",
        "--out",
        path(&model),
    ]);
    assert!(trained.contains("Learned employed_2y from"), "{trained}");
    assert!(trained.contains("AUC"), "{trained}");

    let coefficients = work.path().join("coefficients.csv");
    let report = landa.ok(&[
        "model",
        "report",
        path(&model),
        "--out",
        path(&coefficients),
    ]);
    assert!(report.contains("mean predicted"), "{report}");
    assert!(report.contains("education_tertiary"), "{report}");
    let rows = csv_rows(&coefficients);
    let female = rows
        .iter()
        .find(|r| r["feature"] == "female")
        .expect("a row");
    assert!(
        female["coefficient"].parse::<f64>().unwrap() < 0.0,
        "{female:?}"
    );

    // The model's scores replace the bundle's, which stays valid and places.
    let scores = bundle.join("scores.csv");
    let before = csv_rows(&scores).len();
    // Without --out the scores go to the bundle folder's scores.csv.
    let scored = landa.ok(&["model", "score", path(&bundle), "--model", path(&model)]);
    assert!(scored.contains("Scored 120 households"), "{scored}");
    assert_eq!(csv_rows(&scores).len(), before, "the same eligible pairs");
    assert!(landa.ok(&["validate", path(&bundle)]).contains("is valid"));
    let assignments = work.path().join("assignments.csv");
    let placed = landa.ok(&[
        "place",
        path(&bundle),
        "--out",
        path(&assignments),
        "--time-limit",
        "2",
    ]);
    assert!(placed.contains("Placed"), "{placed}");
    assert_eq!(csv_rows(&assignments).len(), 120);

    let fair = landa.ok(&[
        "place",
        path(&bundle),
        "--model",
        path(&model),
        "--fairness",
        "loss-cap=0.0",
        "--groups",
        "sex,household",
        "--out",
        path(&assignments),
        "--time-limit",
        "2",
    ]);
    assert!(
        fair.contains("Fairness: no group more than 0.0 points below the baseline"),
        "{fair}"
    );
    assert!(fair.contains("sex: women"), "{fair}");
    // Group floors combine with the weighted mechanism, priced on its objective, and with
    // minimum outcome through its weighted placements; stability is refused, with why.
    let with_mechanism = |mechanism: &str| {
        landa.run(&[
            "place",
            path(&bundle),
            "--model",
            path(&model),
            "--fairness",
            "loss-cap=0.0",
            "--groups",
            "sex",
            "--mechanism",
            mechanism,
            "--out",
            path(&assignments),
            "--time-limit",
            "2",
        ])
    };
    let weighted = with_mechanism("weighted");
    assert!(weighted.success, "{}", weighted.stderr);
    assert!(
        weighted.stdout.contains("Fairness: no group")
            && weighted
                .stdout
                .contains("weighted (λ = 0.5), with the floors"),
        "{}",
        weighted.stdout
    );
    let minimum = with_mechanism("minimum-outcome");
    assert!(minimum.success, "{}", minimum.stderr);
    let (outcome, threshold) =
        outcome_and_threshold(&minimum.stdout).expect("a minimum-outcome certificate");
    assert!(outcome >= threshold - 1e-4, "{}", minimum.stdout);
    assert!(
        minimum
            .stdout
            .contains("among placements that keep the floors")
            && minimum.stdout.contains("Fairness: no group")
            && minimum.stdout.contains(", with the floors"),
        "{}",
        minimum.stdout
    );
    let stable = with_mechanism("stable");
    assert!(
        !stable.success
            && stable
                .stderr
                .contains("--fairness does not combine with --mechanism stable"),
        "{}",
        stable.stderr
    );

    let json = work.path().join("backtest.json");
    let printed = landa.ok(&[
        "backtest",
        path(&history),
        "--geography",
        path(&bundle),
        "--model",
        path(&model),
        "--replicates",
        "30",
        "--time-limit",
        "1",
        "--fairness",
        "floor=0.1",
        "--groups",
        "sex",
        "--out",
        path(&json),
    ]);
    assert!(
        printed.contains("households placed after 2024-12-31"),
        "{printed}"
    );
    assert!(printed.contains("No unmeasured confounding"), "{printed}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let gain = &report["gain_points"];
    assert!(gain["low"].as_f64().unwrap() <= gain["value"].as_f64().unwrap());
    assert!(gain["value"].as_f64().unwrap() <= gain["high"].as_f64().unwrap());
    let groups = report["groups"].as_array().unwrap();
    for dimension in ["sex", "age", "household", "origin"] {
        assert!(
            groups.iter().any(|g| g["dimension"] == dimension),
            "{dimension}"
        );
    }
    assert_eq!(report["fairness"]["floors_met"], true);
}

fn train(landa: &Landa, history: &Path, bundle: &Path, model: &Path) -> crate::Run {
    landa.run(&[
        "model",
        "train",
        path(history),
        "--geography",
        path(bundle),
        "--out",
        path(model),
    ])
}

#[test]
fn bad_histories_and_models_are_refused_and_nothing_is_written() {
    let work = tempfile::tempdir().unwrap();
    let landa = landa_in(work.path());
    let bundle = work.path().join("bundle");
    landa.ok(&[
        "generate",
        "--households",
        "10",
        "--seed",
        "2",
        path(&bundle),
    ]);
    let history = work.path().join("history.csv");
    std::fs::write(
        &history,
        "person_id,household_id,municipality_code,placed_on,birth_year,outcome:employed_2y\n\
         p1,h1,2080,2024-03-01,1990,true\n\
         p2,h1,2080,2024-03-01,nineteen,maybe\n",
    )
    .unwrap();
    let model = work.path().join("model.json");
    let refused = train(&landa, &history, &bundle, &model);
    assert!(!refused.success);
    assert!(
        refused.stderr.contains("history.csv:3:birth_year"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("history.csv:3:outcome:employed_2y"),
        "{}",
        refused.stderr
    );
    assert!(!model.exists(), "no model from a bad history");

    // A valid history too small to learn from says so.
    std::fs::write(
        &history,
        "person_id,household_id,municipality_code,placed_on,birth_year,outcome:employed_2y\n\
         p1,h1,2080,2024-03-01,1990,true\n",
    )
    .unwrap();
    let small = train(&landa, &history, &bundle, &model);
    assert!(!small.success);
    assert!(
        small.stderr.contains("too little to learn from"),
        "{}",
        small.stderr
    );
    assert!(!model.exists());

    std::fs::write(&model, "{ not a model").unwrap();
    let damaged = landa.run(&[
        "model",
        "score",
        path(&bundle),
        "--model",
        path(&model),
        "--out",
        path(&work.path().join("s.csv")),
    ]);
    assert!(!damaged.success);
    assert!(
        damaged
            .stderr
            .contains("is not a model written by `landa model train`"),
        "{}",
        damaged.stderr
    );

    let rule = landa.run(&[
        "place",
        path(&bundle),
        "--model",
        path(&model),
        "--fairness",
        "half",
        "--out",
        path(&work.path().join("a.csv")),
    ]);
    assert!(!rule.success);
}

/// The predicted outcome and the threshold a minimum-outcome certificate states ("…:
/// predicted outcome 12.3456, at least 12.0987 required of …").
fn outcome_and_threshold(printed: &str) -> Option<(f64, f64)> {
    let rest = printed
        .split("of the optimum): predicted outcome ")
        .nth(1)?;
    let (outcome, rest) = rest.split_once(", at least ")?;
    let threshold = rest.split_whitespace().next()?;
    Some((outcome.parse().ok()?, threshold.parse().ok()?))
}
