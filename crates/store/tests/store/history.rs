//! Request rounds, decisions and placement runs are kept, never overwritten.

use crate::fixtures::{day, parse, request, sample_scenario};
use crate::setup;
use chrono::Utc;
use landa_model::{
    DecidingBody, HouseholdId, MunicipalityCode, Placement, PlacementAlternative, RequestRound,
    Standing,
};
use landa_store::{ImportMode, PlacementRunRecord, Store, StoreError};
use landa_testing::on_each_engine;

#[tokio::test]
async fn a_revised_decision_is_a_new_version_and_earlier_ones_stay() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = sample_scenario("decisions");
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let halden: MunicipalityCode = parse("0101");
        let first = scenario.decisions[0].clone();
        let mut revised = first.clone();
        revised.persons = 55;
        revised.unaccompanied_minors = 10;
        revised.body = Some(DecidingBody::ExecutiveBoard);
        revised.decided_on = Some(day(2015, 6, 18));
        store
            .record_decision(
                "decisions",
                &revised,
                "halden-saksbehandler",
                None,
                &setup(),
            )
            .await
            .unwrap();

        let history = store.decision_history("decisions", &halden).await.unwrap();
        let versions: Vec<(u32, &str, u32)> = history
            .iter()
            .map(|v| (v.version, v.recorded_by.as_str(), v.decision.persons))
            .collect();
        assert_eq!(
            versions,
            [(1, "import", 40), (2, "halden-saksbehandler", 55)]
        );
        assert_eq!(history[0].decision, first);
        assert_eq!(history[1].decision, revised);

        // The scenario shows the current decision, in the place of the first.
        let loaded = store.load_scenario("decisions").await.unwrap();
        assert_eq!(loaded.decisions[0], revised);
        assert_eq!(loaded.decisions.len(), scenario.decisions.len());
    })
    .await;
}

#[tokio::test]
async fn a_municipality_without_a_decision_can_record_its_first() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        store
            .import_scenario(&sample_scenario("first"), ImportMode::New, &setup())
            .await
            .unwrap();
        let oslo: MunicipalityCode = parse("0301");
        assert!(store
            .decision_history("first", &oslo)
            .await
            .unwrap()
            .is_empty());
        let mut decision = sample_scenario("first").decisions[1].clone();
        decision.municipality = oslo.clone();
        store
            .record_decision("first", &decision, "oslo", None, &setup())
            .await
            .unwrap();
        let history = store.decision_history("first", &oslo).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].version, 1);
        assert_eq!(
            store.load_scenario("first").await.unwrap().decisions.len(),
            3
        );

        let error = store
            .record_decision("missing", &decision, "oslo", None, &setup())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::ScenarioNotFound(_)));
    })
    .await;
}

#[tokio::test]
async fn request_rounds_are_appended_and_never_overwritten() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = sample_scenario("rounds");
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let revision = RequestRound {
            year: 2015,
            round: 3,
            sent_on: Some(day(2015, 9, 1)),
            sent_by: "IMDi (midtårsrevisjon)".into(),
            requests: vec![request("0101", 60, 12), request("0301", 10, 0)],
        };
        store
            .add_request_round("rounds", &revision, &setup())
            .await
            .unwrap();

        let mut overwrite = revision.clone();
        overwrite.round = 1;
        let error = store
            .add_request_round("rounds", &overwrite, &setup())
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                StoreError::RoundExists {
                    year: 2015,
                    round: 1,
                    ..
                }
            ),
            "{error}"
        );

        let rounds = store.load_scenario("rounds").await.unwrap().request_rounds;
        assert_eq!(rounds.len(), 3);
        assert_eq!(rounds[..2], scenario.request_rounds[..]);
        assert_eq!(rounds[2], revision);
    })
    .await;
}

#[tokio::test]
async fn placement_runs_are_kept_and_the_latest_is_current() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        store
            .import_scenario(&sample_scenario("runs"), ImportMode::New, &setup())
            .await
            .unwrap();
        assert!(store
            .planning_view("runs", None)
            .await
            .unwrap()
            .placed
            .is_empty());
        let placement =
            |household: &str, municipality: &str, dwelling: Option<&str>, score| Placement {
                household: parse(household),
                municipality: parse(municipality),
                dwelling: dwelling.map(parse),
                score,
            };
        let alternative =
            |household: &str, municipality: &str, standing, detail: &str| PlacementAlternative {
                household: parse(household),
                municipality: parse(municipality),
                value: 0.5,
                standing,
                detail: detail.to_owned(),
            };
        let greedy = PlacementRunRecord {
            method: "greedy".into(),
            objective: 1.75,
            bound: None,
            persons_placed: 5,
            created_at: Utc::now(),
            placements: vec![placement("h-1", "0101", Some("d-1"), 1.75)],
            alternatives: Vec::new(),
        };
        let optimal = PlacementRunRecord {
            method: "optimal".into(),
            objective: 1.25,
            bound: Some(1.25),
            persons_placed: 6,
            created_at: Utc::now(),
            placements: vec![
                placement("h-2", "0101", None, 1e-300),
                placement("h-1", "0301", None, -0.5),
            ],
            alternatives: vec![
                alternative("h-1", "0301", Standing::Placed, ""),
                alternative("h-1", "0101", Standing::Blocked, "full (persons 3/3)"),
                alternative("h-2", "0101", Standing::Placed, ""),
            ],
        };
        let first = store
            .save_placement_run("runs", &greedy, &crate::setup())
            .await
            .unwrap();
        let second = store
            .save_placement_run("runs", &optimal, &crate::setup())
            .await
            .unwrap();
        assert!(second > first);
        assert_eq!(
            store.run_placements(first, None).await.unwrap().0,
            greedy.placements
        );
        let h1: HouseholdId = "h-1".parse().unwrap();
        assert_eq!(
            store.run_alternatives(second, &h1).await.unwrap(),
            optimal.alternatives[..2]
        );
        assert!(store.run_alternatives(first, &h1).await.unwrap().is_empty());
        assert_eq!(
            store.run_placements(second, None).await.unwrap().0,
            optimal.placements
        );
        // The latest run is the one counted as placed (none was approved).
        let placed = store.planning_view("runs", None).await.unwrap().placed;
        let municipalities: Vec<&str> = placed.keys().map(|code| code.as_str()).collect();
        assert_eq!(municipalities, ["0101", "0301"]);
        let listed = store.scenarios().await.unwrap();
        assert_eq!(listed[0].placement_runs, 2);

        let mut not_a_number = optimal.clone();
        not_a_number.objective = f64::NAN;
        let error = store
            .save_placement_run("runs", &not_a_number, &crate::setup())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("NaN"), "{error}");
        assert_eq!(store.scenarios().await.unwrap()[0].placement_runs, 2);
    })
    .await;
}
