//! A placement run from start to approval, and jobs whose workers died.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn a_placement_run_goes_from_start_to_approval_and_municipalities_see_their_households() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let runs = format!("/api/v1/scenarios/{SCENARIO}/placement-runs");
        let started = server
            .post(
                Caller::National,
                &runs,
                json!({"method": "optimal", "time_limit_seconds": 2}),
            )
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
        let id = started.body["id"].as_i64().unwrap();
        let run = format!("{runs}/{id}");
        let status = server.run_ended(Caller::National, &run).await;
        assert_eq!(status["status"], "done", "{status}");
        let objective = status["objective"].as_f64().unwrap();
        let bound = status["bound"].as_f64().unwrap();
        assert!(
            objective <= bound + 1e-6 && status["gap"].as_f64().unwrap() >= 0.0,
            "{status}"
        );

        let placements = server
            .get(Caller::National, &format!("{run}/placements?limit=1000"))
            .await;
        let items = placements.body["items"].as_array().unwrap().clone();
        assert_eq!(
            placements.body["total"].as_u64().unwrap() as usize,
            items.len()
        );
        // Each placed household's explanation names where it went, best value first, and
        // every other alternative says whether it would have fitted or what blocked it.
        for placement in items.iter().take(5) {
            let household = placement["household"].as_str().unwrap();
            let why = server
                .get(Caller::National, &format!("{run}/explanations/{household}"))
                .await;
            assert_eq!(why.status, StatusCode::OK, "{}", why.body);
            assert_eq!(why.body["placed_in"], placement["municipality"]);
            let alternatives = why.body["alternatives"].as_array().unwrap();
            let values: Vec<f64> = alternatives
                .iter()
                .map(|a| a["value"].as_f64().unwrap())
                .collect();
            assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
            for alternative in alternatives {
                match alternative["standing"].as_str().unwrap() {
                    "blocked" => assert!(!alternative["detail"].as_str().unwrap().is_empty()),
                    "placed" | "fits" => assert_eq!(alternative["detail"], ""),
                    other => panic!("unknown standing {other}"),
                }
            }
        }
        let nobody = server
            .get(
                Caller::National,
                &format!("{run}/explanations/no-such-household"),
            )
            .await;
        assert_eq!(nobody.status, StatusCode::NOT_FOUND);
        assert!(server
            .audit_entries()
            .await
            .iter()
            .any(|e| e.resource.contains("/explanations/") && e.actor == "national"));

        // Four eyes: the officer who started the run does not approve it; another does.
        let own = server
            .post(Caller::National, &format!("{run}/approve"), json!({}))
            .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
        assert!(own.body["message"].as_str().unwrap().contains("four eyes"));
        let approved = server
            .post(Caller::SecondNational, &format!("{run}/approve"), json!({}))
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        assert_eq!(approved.body["approved_by"], "national-2");
        let again = server
            .post(Caller::SecondNational, &format!("{run}/approve"), json!({}))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);

        // Each municipality now sees exactly the households placed in it.
        let falun: Vec<&Value> = items
            .iter()
            .filter(|p| p["municipality"] == OWN_MUNICIPALITY)
            .collect();
        let seen = server
            .get(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/households?limit=1000"),
            )
            .await;
        let placed_in_falun = seen.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["placed_in"] == OWN_MUNICIPALITY)
            .count();
        assert_eq!(placed_in_falun, falun.len());
        let dashboard = server
            .get(
                Caller::MunicipalityOwn,
                &format!(
                    "/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dashboard"
                ),
            )
            .await;
        let placed_persons: u64 = seen.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["placed_in"] == OWN_MUNICIPALITY)
            .map(|h| h["persons"].as_array().unwrap().len() as u64)
            .sum();
        assert_eq!(dashboard.body["placed"].as_u64().unwrap(), placed_persons);
    })
    .await;
}

/// Queues a job and claims it as `times` workers that died at once (their leases already
/// expired), on a store no server runs on yet.
async fn a_job_whose_workers_died(store: &landa_store::Store, times: u32) -> i64 {
    let entry = landa_store::AuditEntry {
        at: chrono::Utc::now(),
        actor: "national".to_owned(),
        role: "national".to_owned(),
        action: "create".to_owned(),
        resource: format!("/api/v1/scenarios/{SCENARIO}/placement-runs"),
        detail: String::new(),
        remote: None,
        request_id: None,
    };
    let job = store
        .queue_placement_job(
            SCENARIO,
            &landa_store::JobSpec::new("greedy", 1_000),
            "national",
            &entry,
        )
        .await
        .unwrap();
    for attempt in 1..=times {
        let dead = format!("dead-worker-{attempt}");
        let claimed = store
            .claim_placement_job(&dead, Duration::ZERO)
            .await
            .unwrap()
            .expect("the job");
        assert_eq!(claimed.attempts, attempt);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    job.id
}

/// Waits until the job has ended, at most a minute.
async fn ended(store: &landa_store::Store, id: i64) -> landa_store::PlacementJob {
    for _ in 0..600 {
        let job = store.placement_job(id).await.unwrap();
        if matches!(
            job.status,
            landa_store::JobStatus::Done | landa_store::JobStatus::Failed
        ) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("placement job {id} did not end within a minute");
}

#[tokio::test]
async fn a_job_left_running_by_a_dead_worker_is_run_by_the_next_server() {
    on_each_engine(|location| async move {
        let (store, _) = seeded_store(&location).await;
        // Claimed and left running, as by a server killed mid-run.
        let job = a_job_whose_workers_died(&store, 1).await;
        let _state = landa_server::AppState::start(store.clone(), Default::default());
        let job = ended(&store, job).await;
        assert_eq!(
            job.status,
            landa_store::JobStatus::Done,
            "{:?}",
            job.message
        );
        assert_eq!(job.attempts, 2);
        assert_ne!(job.claimed_by.as_deref(), Some("dead-worker-1"));
        let completions: Vec<_> = store
            .audit_entries(
                &landa_store::AuditFilter {
                    actor: Some("placement-worker"),
                    ..Default::default()
                },
                100,
                0,
            )
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.resource.ends_with(&format!("/placement-runs/{}", job.id)))
            .collect();
        assert_eq!(completions.len(), 1, "{completions:?}");
        assert_eq!(completions[0].role, "system");
        assert!(
            completions[0].detail.starts_with("done: placed"),
            "{completions:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_job_whose_workers_keep_dying_ends_failed_after_three_attempts() {
    on_each_engine(|location| async move {
        let (store, _) = seeded_store(&location).await;
        let job = a_job_whose_workers_died(&store, 3).await;
        let _state = landa_server::AppState::start(store.clone(), Default::default());
        let job = ended(&store, job).await;
        assert_eq!(job.status, landa_store::JobStatus::Failed);
        assert!(
            job.message
                .as_deref()
                .unwrap_or_default()
                .contains("3 attempts"),
            "{:?}",
            job.message
        );
        assert!(job.result.is_none());
    })
    .await;
}
