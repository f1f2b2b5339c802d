//! The whole path of a batch: generate, validate, import, place, and see the placements in
//! the gap report.

use crate::{csv_rows, data, Landa};
use landa_testing::on_each_engine;
use std::collections::HashSet;

#[tokio::test]
async fn generate_import_place_and_report() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        let work = tempfile::tempdir().unwrap();
        let bundle = work.path().join("bundle");
        let bundle = bundle.to_str().unwrap();
        landa.ok(&["generate", "--households", "150", "--seed", "5", bundle]);
        assert!(landa.ok(&["validate", bundle]).contains("is valid"));
        let imported = landa.ok(&["import", bundle]);
        let name = imported
            .split('\'')
            .nth(1)
            .expect("the imported scenario's name")
            .to_owned();

        let assignments = work.path().join("assignments.csv");
        let summary = work.path().join("summary.json");
        let printed = landa.ok(&[
            "place",
            &name,
            "--out",
            assignments.to_str().unwrap(),
            "--explain",
            "--summary-json",
            summary.to_str().unwrap(),
        ]);
        assert!(printed.contains("gap"), "{printed}");
        assert!(printed.contains("Saved as placement run"), "{printed}");
        let store = landa_store::Store::open(&location).await.unwrap();
        assert!(
            store
                .audit_entries(&landa_store::AuditFilter::default(), 100, 0)
                .await
                .unwrap()
                .iter()
                .any(|e| e.resource.ends_with(&format!("/{name}/placement-runs"))
                    && e.actor.starts_with("operator:")),
            "the saved run is audited as the operator's"
        );
        let rows = csv_rows(&assignments);
        assert_eq!(rows.len(), 150, "one row per household");
        let households: HashSet<&str> = rows.iter().map(|r| r["household_id"].as_str()).collect();
        assert_eq!(households.len(), 150);
        for row in &rows {
            assert!(
                row["municipality_code"].is_empty() != row["unplaced_reason"].is_empty(),
                "placed or explained: {row:?}"
            );
            assert!(!row["explanation"].is_empty(), "{row:?}");
        }
        let figures: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        let placed = figures["persons_placed"].as_u64().unwrap();
        assert!(placed > 0 && placed <= figures["persons_bound"].as_u64().unwrap());
        assert!(
            figures["objective"].as_f64().unwrap() <= figures["bound"].as_f64().unwrap() + 1e-6
        );

        // The saved run only proposes: the gap report counts persons placed once national
        // approves (one definition of placed, the optimiser's too).
        let gaps = work.path().join("gaps.csv");
        landa.ok(&["gaps", &name, "--out", gaps.to_str().unwrap()]);
        let nation = csv_rows(&gaps)
            .into_iter()
            .find(|row| row["level"] == "nation")
            .unwrap();
        assert_eq!(nation["placed"].parse::<u64>().unwrap(), 0);
        let standing = store.year_standing(&name).await.unwrap();
        let proposed = standing
            .households
            .values()
            .filter(|l| l.state.name() == landa_model::StateName::Proposed)
            .count();
        assert_eq!(
            proposed,
            rows.iter()
                .filter(|r| !r["municipality_code"].is_empty())
                .count(),
            "every household the run placed is proposed"
        );
    })
    .await;
}

/// A run in a stored year may look ahead as the weekly runs do: it reserves places for the
/// arrivals still expected and balances the numbers, says what that cost, and is saved; a
/// bundle on disk has no year to look into.
#[test]
fn a_stored_years_run_reserves_and_balances_from_the_command_line() {
    let work = tempfile::tempdir().unwrap();
    let landa = Landa::at(&landa_store::Location::DataDir(work.path().join("store")));
    let bundle = work.path().join("bundle");
    let bundle = bundle.to_str().unwrap();
    landa.ok(&["generate", "--households", "200", "--seed", "3", bundle]);
    let imported = landa.ok(&["import", bundle]);
    let name = imported.split('\'').nth(1).unwrap().to_owned();
    let out = work.path().join("ahead.csv");
    // Without a forecast or a pace of arrivals there is nothing to look ahead to.
    let alone = landa.ok(&[
        "place",
        &name,
        "--reserve",
        "--placement-date",
        "2026-03-02",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(alone.contains("Nothing is expected later"), "{alone}");
    let forecast = work.path().join("forecast.csv");
    std::fs::write(
        &forecast,
        "period_start,period_end,intake_category,household_type,households,persons\n\
         2026-04-01,2026-06-30,reception_centre,couple_with_children,60,240\n\
         2026-07-01,2026-09-30,quota,single_adult,40,40\n",
    )
    .unwrap();
    landa.ok(&[
        "forecast",
        &name,
        forecast.to_str().unwrap(),
        "--by",
        "Migrationsverket",
    ]);
    let printed = landa.ok(&[
        "place",
        &name,
        "--reserve",
        "--balance",
        "--placement-date",
        "2026-03-02",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        printed.contains("Placed looking ahead to")
            && printed.contains("reserving and balancing cost"),
        "{printed}"
    );
    assert!(printed.contains("Saved as placement run"), "{printed}");
    let on_disk = landa.run(&["place", bundle, "--reserve", "--out", out.to_str().unwrap()]);
    assert!(!on_disk.success);
    assert!(
        on_disk.stderr.contains("kept in the store"),
        "{}",
        on_disk.stderr
    );
}

#[tokio::test]
async fn greedy_never_places_more_than_the_optimiser_and_simulation_reports_shares() {
    let work = tempfile::tempdir().unwrap();
    let landa = Landa::at(&landa_store::Location::DataDir(work.path().join("store")));
    let bundle = work.path().join("bundle");
    let bundle = bundle.to_str().unwrap();
    landa.ok(&[
        "generate",
        "--households",
        "120",
        "--seed",
        "9",
        "--no-dwellings",
        bundle,
    ]);
    let mut objective = Vec::new();
    for method in ["greedy", "optimal"] {
        let summary = work.path().join(format!("{method}.json"));
        landa.ok(&[
            "place",
            bundle,
            "--method",
            method,
            "--out",
            work.path().join(format!("{method}.csv")).to_str().unwrap(),
            "--summary-json",
            summary.to_str().unwrap(),
        ]);
        let figures: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        objective.push((
            figures["persons_placed"].as_u64().unwrap(),
            figures["objective"].as_f64().unwrap(),
        ));
    }
    let (greedy, optimal) = (objective[0], objective[1]);
    assert!(optimal.0 > greedy.0 || (optimal.0 == greedy.0 && optimal.1 >= greedy.1 - 1e-9));

    let simulated = landa.ok(&["simulate", bundle, "--batches", "4"]);
    assert!(simulated.contains("4 batches"), "{simulated}");
    assert!(simulated.contains("hindsight optimum"), "{simulated}");
}

#[tokio::test]
async fn the_hand_written_example_places_from_the_bundle_on_disk() {
    let work = tempfile::tempdir().unwrap();
    let landa = Landa::at(&landa_store::Location::DataDir(work.path().join("store")));
    let out = work.path().join("assignments.xlsx");
    let printed = landa.ok(&[
        "place",
        &data("bundles/example"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(printed.contains("proven optimal"), "{printed}");
    assert!(
        !printed.contains("Saved as placement run"),
        "a bundle on disk is not stored"
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

#[test]
fn generate_writes_a_history_that_reads_back_against_the_bundle() {
    let work = tempfile::tempdir().unwrap();
    let landa = Landa::at(&landa_store::Location::DataDir(work.path().join("store")));
    let bundle = work.path().join("bundle");
    let history = work.path().join("history.csv");
    let printed = landa.ok(&[
        "generate",
        "--households",
        "60",
        "--seed",
        "4",
        "--history",
        history.to_str().unwrap(),
        "--history-years",
        "2",
        "--history-households",
        "150",
        bundle.to_str().unwrap(),
    ]);
    assert!(printed.contains("placed 2024-2025"), "{printed}");
    let scenario = landa_bundle::read_bundle(&bundle).expect("the bundle is valid");
    let read = landa_bundle::read_history(&history, &scenario.municipalities)
        .expect("the history reads back against the bundle's municipalities");
    // Small batches leave some households without room anywhere (the message says how many).
    let left_out: usize = printed
        .split(" drawn households fitted nowhere")
        .next()
        .and_then(|head| head.rsplit('(').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the count of households left out");
    assert_eq!(read.households.len() + left_out, 300);
    assert!(read.households.len() > 200, "{}", read.households.len());
    let outcomes: Vec<&str> = read.outcomes.iter().map(|o| o.as_str()).collect();
    assert_eq!(outcomes, ["employed_1y", "employed_2y"]);
    assert!(read.households[0].id.as_str().starts_with("y2024-h"));
    // Without --history, --history-years is refused rather than ignored.
    let refused = landa.run(&[
        "generate",
        "--households",
        "5",
        "--history-years",
        "2",
        work.path().join("b2").to_str().unwrap(),
    ]);
    assert!(!refused.success);
}

/// A bundle with households' rankings is placed by each preference mechanism; the
/// assignments say which choice each household got, and bad options are refused.
#[test]
fn households_preferences_are_honoured_by_each_mechanism() {
    let work = tempfile::tempdir().unwrap();
    let landa = Landa::at(&landa_store::Location::DataDir(work.path().join("store")));
    let bundle = work.path().join("bundle");
    let bundle = bundle.to_str().unwrap();
    let generated = landa.ok(&[
        "generate",
        "--households",
        "120",
        "--seed",
        "4",
        "--preferences",
        bundle,
    ]);
    assert!(
        generated.contains("rankings of municipalities"),
        "{generated}"
    );
    let out = work.path().join("placed.csv");
    let out = out.to_str().unwrap();
    let place = |extra: &[&str]| {
        let mut args = vec!["place", bundle, "--out", out, "--time-limit", "1"];
        args.extend_from_slice(extra);
        landa.ok(&args)
    };
    let weighted = place(&[
        "--mechanism",
        "weighted",
        "--lambda",
        "1",
        "--frontier",
        "0,1",
    ]);
    assert!(
        weighted.contains("λ = 0") && weighted.contains("top 3"),
        "{weighted}"
    );
    let minimum = place(&["--mechanism", "minimum-outcome", "--outcome-share", "0.9"]);
    assert!(
        minimum.contains("at least") && minimum.contains("90 % of the optimum"),
        "{minimum}"
    );
    let stable = place(&["--mechanism", "stable"]);
    assert!(
        stable.contains("stable: no household and municipality")
            || stable.contains("blocking pairs remain"),
        "{stable}"
    );
    // Every placement is checked for justified envy: by a mechanism, or without one.
    assert!(
        weighted.contains("blocking pairs (a household and a municipality"),
        "{weighted}"
    );
    let outcome_only = place(&[]);
    assert!(
        outcome_only.contains("this placement leaves") && outcome_only.contains("blocking pairs"),
        "{outcome_only}"
    );
    let rows = csv_rows(std::path::Path::new(out));
    assert!(rows
        .iter()
        .any(|r| r["preference"].starts_with("placed in its 1st choice")));
    assert!(rows
        .iter()
        .filter(|r| !r["preference"].is_empty())
        .all(
            |r| r["preference"].starts_with("placed") || r["preference"].starts_with("not placed")
        ));

    let refused = landa.run(&[
        "place",
        bundle,
        "--out",
        out,
        "--mechanism",
        "minimum-outcome",
        "--outcome-share",
        "1.5",
    ]);
    assert!(
        !refused.success && refused.stderr.contains("--outcome-share"),
        "{}",
        refused.stderr
    );
    // A bundle without rankings cannot be placed by them.
    let plain = work.path().join("plain");
    landa.ok(&[
        "generate",
        "--households",
        "50",
        "--seed",
        "4",
        plain.to_str().unwrap(),
    ]);
    let refused = landa.run(&[
        "place",
        plain.to_str().unwrap(),
        "--out",
        out,
        "--mechanism",
        "stable",
    ]);
    assert!(
        !refused.success && refused.stderr.contains("ranks a municipality"),
        "{}",
        refused.stderr
    );
}
