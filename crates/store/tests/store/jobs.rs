//! Placement jobs are claimed with a lease: of two processes on one database one gets a
//! job, a job whose lease expired is taken over, and only the holder can end it.

use crate::fixtures::sample_scenario;
use chrono::Utc;
use landa_store::{AuditEntry, ImportMode, JobStatus, PlacementRunRecord, Store, StoreError};
use landa_testing::on_each_engine;
use std::time::Duration;

const SCENARIO: &str = "jobs";
const LONG: Duration = Duration::from_secs(600);

fn entry(actor: &str, resource: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: actor.to_owned(),
        role: "system".to_owned(),
        action: "update".to_owned(),
        resource: resource.to_owned(),
        detail: String::new(),
        remote: None,
        request_id: None,
    }
}

fn run() -> PlacementRunRecord {
    PlacementRunRecord {
        method: "greedy".into(),
        objective: 1.0,
        bound: Some(1.0),
        persons_placed: 0,
        created_at: Utc::now(),
        placements: Vec::new(),
        alternatives: Vec::new(),
    }
}

/// The options every queued test job asks for, read back with the job.
fn spec() -> landa_store::JobSpec {
    landa_store::JobSpec {
        options: landa_store::RunOptions {
            placement_date: chrono::NaiveDate::from_ymd_opt(2026, 5, 4),
            tie_bonus: 0.25,
            waiting_weight: 0.002,
            reserve: true,
            balance: false,
            mechanism: Some(landa_model::Mechanism::MinimumOutcome { share: 0.95 }),
        },
        ..landa_store::JobSpec::new("greedy", 1_000)
    }
}

async fn queue(store: &Store) -> i64 {
    let job = store
        .queue_placement_job(SCENARIO, &spec(), "national", &entry("national", "/runs"))
        .await
        .unwrap();
    assert_eq!(job.options, spec().options, "the run's options are kept");
    assert_eq!(job.method, "greedy");
    job.id
}

/// Audit entries about `resource`.
async fn entries_about(store: &Store, resource: &str) -> usize {
    let entries = store
        .audit_entries(&landa_store::AuditFilter::default(), 10_000, 0)
        .await
        .unwrap();
    entries.iter().filter(|e| e.resource == resource).count()
}

async fn placement_runs(store: &Store) -> u64 {
    store.scenarios().await.unwrap()[0].placement_runs
}

#[tokio::test]
async fn a_run_keeps_its_mechanism_whichever_was_asked_for_before() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        store
            .import_scenario(&sample_scenario(SCENARIO), ImportMode::New, &crate::setup())
            .await
            .unwrap();
        // One statement for all: a mechanism without a parameter first, then with one.
        for mechanism in [
            Some(landa_model::Mechanism::Stable),
            Some(landa_model::Mechanism::Weighted { lambda: 0.25 }),
            None,
            Some(landa_model::Mechanism::MinimumOutcome { share: 0.9 }),
        ] {
            let mut asked = spec();
            asked.options.mechanism = mechanism;
            let job = store
                .queue_placement_job(SCENARIO, &asked, "national", &entry("national", "/runs"))
                .await
                .unwrap();
            assert_eq!(job.options.mechanism, mechanism);
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_processes_claiming_one_job_exactly_one_gets_it() {
    on_each_engine(|location| async move {
        let first = Store::open(&location).await.unwrap();
        let second = Store::open(&location).await.unwrap();
        first
            .import_scenario(&sample_scenario(SCENARIO), ImportMode::New, &crate::setup())
            .await
            .unwrap();
        // Each round queues a job and races two claimers for it; the jobs of earlier
        // rounds stay running under their leases, so they are not claimable.
        for round in 0..10 {
            let job = queue(&first).await;
            let claimers = [("a", first.clone()), ("b", second.clone())].map(|(worker, store)| {
                tokio::spawn(async move { store.claim_placement_job(worker, LONG).await })
            });
            let mut claimed = Vec::new();
            for claimer in claimers {
                claimed.extend(claimer.await.unwrap().unwrap());
            }
            assert_eq!(claimed.len(), 1, "round {round}: {claimed:?}");
            assert_eq!(claimed[0].id, job);
            assert_eq!(claimed[0].status, JobStatus::Running);
            assert_eq!(claimed[0].attempts, 1);
        }
        assert_eq!(first.claim_placement_job("c", LONG).await.unwrap(), None);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_lease_is_taken_over_and_the_lost_holder_writes_nothing() {
    on_each_engine(|location| async move {
        let first = Store::open(&location).await.unwrap();
        let second = Store::open(&location).await.unwrap();
        first
            .import_scenario(&sample_scenario(SCENARIO), ImportMode::New, &crate::setup())
            .await
            .unwrap();
        let job = queue(&first).await;
        let resource = format!("/runs/{job}");
        assert_eq!(
            entries_about(&first, &resource).await,
            1,
            "queueing is audited"
        );

        let claimed = first
            .claim_placement_job("a", Duration::from_millis(1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(claimed.claimed_by.as_deref(), Some("a"));
        tokio::time::sleep(Duration::from_millis(20)).await;

        // A's lease expired: B takes the job over, and A cannot take it back.
        let taken = second
            .claim_placement_job("b", LONG)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((taken.id, taken.attempts), (job, 2));
        assert_eq!(taken.claimed_by.as_deref(), Some("b"));
        assert_eq!(first.claim_placement_job("a", LONG).await.unwrap(), None);
        assert!(!first.renew_placement_lease(job, "a", LONG).await.unwrap());
        assert!(second.renew_placement_lease(job, "b", LONG).await.unwrap());

        // A's result and failure are refused whole: no run, no audit entry.
        let lost = first
            .complete_placement_job_with_run(job, "a", &run(), "done by a", &entry("a", &resource))
            .await
            .unwrap_err();
        assert!(matches!(lost, StoreError::Conflict(_)), "{lost}");
        let lost = first
            .fail_placement_job(job, "a", "failed in a", &entry("a", &resource))
            .await
            .unwrap_err();
        assert!(matches!(lost, StoreError::Conflict(_)), "{lost}");
        assert_eq!(placement_runs(&first).await, 0);
        assert_eq!(entries_about(&first, &resource).await, 1);
        assert_eq!(
            first.placement_job(job).await.unwrap().status,
            JobStatus::Running
        );

        // B, the holder, completes it: one run, one entry, once.
        let run_id = second
            .complete_placement_job_with_run(job, "b", &run(), "done by b", &entry("b", &resource))
            .await
            .unwrap();
        let done = first.placement_job(job).await.unwrap();
        assert_eq!(done.status, JobStatus::Done);
        assert_eq!(done.message.as_deref(), Some("done by b"));
        assert_eq!(done.result.map(|r| r.run_id), Some(run_id));
        let again = second
            .complete_placement_job_with_run(job, "b", &run(), "done twice", &entry("b", &resource))
            .await
            .unwrap_err();
        assert!(matches!(again, StoreError::Conflict(_)), "{again}");
        assert_eq!(placement_runs(&first).await, 1);
        assert_eq!(entries_about(&first, &resource).await, 2);
        assert_eq!(second.claim_placement_job("c", LONG).await.unwrap(), None);
    })
    .await;
}
