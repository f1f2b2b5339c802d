//! A municipality's year is kept in memory between reads, yet every change it shows,
//! made through this store or through another process's, is in the next read.

use crate::fixtures::{parse, request, sample_scenario};
use crate::setup;
use chrono::Utc;
use landa_model::{MunicipalityCode, Placement, RequestRound};
use landa_store::{ImportMode, MunicipalityYear, PlacementRunRecord, Store};
use landa_testing::on_each_engine;
use std::sync::Arc;
use std::time::Duration;

const SCENARIO: &str = "kept";

/// What a read shows, comparable between reads.
fn shown(year: &MunicipalityYear) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        year.request_rounds, year.decision_history, year.decisions, year.placed, year.dwellings
    )
}

/// Asserts that `year` shows something else than `last`, and keeps it as the last read.
fn expect_change(last: &mut Arc<MunicipalityYear>, year: Arc<MunicipalityYear>, what: &str) {
    assert_ne!(shown(&year), shown(last), "{what} is not in the next read");
    *last = year;
}

#[tokio::test]
async fn every_change_to_a_kept_year_is_in_the_next_read() {
    on_each_engine(|location| async move {
        // Two stores on one database: two server processes, each with its own memory.
        let store = Store::open(&location).await.unwrap();
        let other = Store::open(&location).await.unwrap();
        let scenario = sample_scenario(SCENARIO);
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let halden: MunicipalityCode = parse("0101");
        let read = || async { store.municipality_year(SCENARIO, &halden).await.unwrap() };
        let mut last = read().await;
        assert_eq!(
            last.municipality.as_ref().map(|m| m.name.as_str()),
            Some("Halden")
        );
        assert!(Arc::ptr_eq(&last, &read().await), "kept between reads");

        let mut decision = scenario.decisions[0].clone();
        decision.persons += 1;
        other
            .record_decision(SCENARIO, &decision, "halden", None, &setup())
            .await
            .unwrap();
        expect_change(&mut last, read().await, "a decision");

        let round = RequestRound {
            year: 2015,
            round: 3,
            sent_on: None,
            sent_by: "IMDi".into(),
            requests: vec![request("0101", 7, 0)],
        };
        other
            .add_request_round(SCENARIO, &round, &setup())
            .await
            .unwrap();
        expect_change(&mut last, read().await, "a request round");

        let job = other
            .queue_placement_job(
                SCENARIO,
                &landa_store::JobSpec::new("greedy", 1000),
                "test",
                &setup(),
            )
            .await
            .unwrap();
        other
            .claim_placement_job("test", Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        let placed_here = |household: &str| PlacementRunRecord {
            method: "greedy".into(),
            objective: 1.0,
            bound: None,
            persons_placed: 1,
            created_at: Utc::now(),
            placements: vec![Placement {
                household: parse(household),
                municipality: halden.clone(),
                dwelling: None,
                score: 1.0,
            }],
            alternatives: Vec::new(),
        };
        other
            .complete_placement_job_with_run(job.id, "test", &placed_here("h-1"), "done", &setup())
            .await
            .unwrap();
        // A run proposes: only its approval places, and the year shows it.
        let proposed = read().await;
        assert_eq!(proposed.placed, (0, 0), "a proposal is not placed");
        other
            .approve_placement_job(job.id, "test", &setup())
            .await
            .unwrap();
        last = proposed;
        expect_change(&mut last, read().await, "an approval");
        assert!(last.placed.0 > 0);

        let mut dwelling = scenario.dwellings[0].clone();
        dwelling.id = parse("d-new");
        let offered = other
            .add_dwelling(SCENARIO, &dwelling, None, &setup())
            .await
            .unwrap();
        expect_change(&mut last, read().await, "an offered dwelling");

        dwelling.set_beds(dwelling.beds() + 1).unwrap();
        other
            .update_dwelling(SCENARIO, &dwelling, None, offered.version, &setup())
            .await
            .unwrap();
        expect_change(&mut last, read().await, "an edited dwelling");

        // A scenario imported anew under the same name is read anew.
        store
            .import_scenario(&scenario, ImportMode::ReplaceDiscardingHistory, &setup())
            .await
            .unwrap();
        let fresh = read().await;
        assert!(fresh
            .dwellings
            .iter()
            .all(|d| d.dwelling.id.as_str() != "d-new"));
        assert_eq!(fresh.decision_history.len(), 1);
    })
    .await;
}
