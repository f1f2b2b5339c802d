//! A placement job runs exactly once however many servers share the store: two
//! `landa serve` processes on one database, the one that claimed a job is killed with
//! SIGKILL mid-run, and the other takes the job over when the lease expires and finishes
//! it: one run saved, one completion audited. A weekly schedule on two servers starts
//! its run once, not twice.

use crate::durability::{account_with_token, request, serve};
use crate::Landa;
use chrono::Datelike;
use landa_store::{JobStatus, Location, PlacementJob, Store};
use landa_testing::on_each_engine;
use std::time::{Duration, Instant};

/// Short, so the takeover comes soon after the kill.
const WORKER_OPTIONS: [&str; 4] = ["--job-poll-ms", "100", "--job-lease-seconds", "2"];
/// Long enough that the kill comes while the optimiser runs.
const TIME_LIMIT_SECONDS: u32 = 5;

/// The process id in a worker's name (`host:pid:random`).
fn pid_of(worker: &str) -> u32 {
    worker
        .split(':')
        .nth(1)
        .and_then(|pid| pid.parse().ok())
        .unwrap_or_else(|| panic!("no process id in worker {worker:?}"))
}

/// Reads the job until `done` says it is as awaited, at most `within`.
async fn await_job(
    store: &Store,
    id: i64,
    within: Duration,
    done: impl Fn(&PlacementJob) -> bool,
) -> PlacementJob {
    let start = Instant::now();
    loop {
        let job = store.placement_job(id).await.expect("the job reads");
        if done(&job) {
            return job;
        }
        assert!(start.elapsed() < within, "after {within:?}: {job:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_whose_server_is_killed_mid_run_is_finished_once_by_another() {
    on_each_engine(|location: Location| async move {
        let (landa, store, scenario, token, _folder) = planner_on(&location, 2000).await;
        let mut servers = [
            serve(&landa, &WORKER_OPTIONS),
            serve(&landa, &WORKER_OPTIONS),
        ];
        let (status, body) = request(
            servers[0].1,
            "POST",
            &format!("/api/v1/scenarios/{scenario}/placement-runs"),
            &token,
            &format!("{{\"method\": \"optimal\", \"time_limit_seconds\": {TIME_LIMIT_SECONDS}}}"),
        )
        .expect("the server answers");
        assert_eq!(status, 202, "{body}");
        let id: i64 = serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["id"]
            .as_i64()
            .expect("the run's id");

        // Kill whichever process claimed it, while it solves.
        let claimed = await_job(&store, id, Duration::from_secs(30), |job| {
            job.status == JobStatus::Running
        })
        .await;
        let holder = claimed
            .claimed_by
            .clone()
            .expect("a running job has a holder");
        let killed = servers
            .iter()
            .position(|(child, _)| child.id() == pid_of(&holder))
            .unwrap_or_else(|| panic!("{holder} is neither server"));
        servers[killed].0.kill().expect("SIGKILL");
        servers[killed].0.wait().expect("the server is gone");
        let after_kill = store.placement_job(id).await.expect("the job reads");
        assert_eq!(
            (after_kill.status, after_kill.claimed_by.as_deref()),
            (JobStatus::Running, Some(holder.as_str())),
            "the kill came after the run ended: make the run longer"
        );

        // The survivor takes it over once the lease expires, and finishes it.
        let done = await_job(&store, id, Duration::from_secs(60), |job| {
            job.status != JobStatus::Running
        })
        .await;
        assert_eq!(done.status, JobStatus::Done, "{:?}", done.message);
        assert_eq!(done.attempts, 2);
        let finisher = done.claimed_by.as_deref().expect("the finisher");
        assert_eq!(pid_of(finisher), servers[1 - killed].0.id());
        let runs = store.scenarios().await.expect("the scenarios")[0].placement_runs;
        assert_eq!(runs, 1, "one run saved for the job");
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
            .expect("the audit log")
            .into_iter()
            .filter(|e| e.resource == format!("/api/v1/scenarios/{scenario}/placement-runs/{id}"))
            .collect();
        assert_eq!(completions.len(), 1, "{completions:?}");
        assert!(
            completions[0].detail.starts_with("done: "),
            "{completions:?}"
        );

        let survivor = &mut servers[1 - killed].0;
        survivor.kill().expect("stop");
        survivor.wait().expect("stopped");
    })
    .await;
}

/// A generated Swedish year (tomorrow's) of `households` imported at `location`, with a national
/// planner's API token: the landa, the store, the scenario, the token and the folder.
async fn planner_on(
    location: &Location,
    households: usize,
) -> (Landa, Store, String, String, tempfile::TempDir) {
    let landa = Landa::at(location);
    let folder = tempfile::tempdir().expect("a folder");
    let bundle = folder.path().join("bundle");
    let bundle = bundle.to_str().expect("a UTF-8 path");
    // The year of tomorrow: a forecast can then always expect arrivals after today.
    let year = (chrono::Local::now().date_naive() + chrono::TimeDelta::days(1)).year();
    landa.ok(&[
        "generate",
        "--households",
        &households.to_string(),
        "--seed",
        "3",
        "--year",
        &year.to_string(),
        bundle,
    ]);
    landa.ok(&["import", bundle]);
    let store = Store::open(location).await.expect("the store opens");
    let scenario = store.scenarios().await.expect("the scenarios")[0]
        .name
        .clone();
    let token = account_with_token(&landa, "planner", "national:SE");
    (landa, store, scenario, token, folder)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_weekly_schedule_on_two_servers_starts_its_run_once() {
    on_each_engine(|location: Location| async move {
        let (landa, store, scenario, token, folder) = planner_on(&location, 300).await;
        let mut servers = [
            serve(&landa, &WORKER_OPTIONS),
            serve(&landa, &WORKER_OPTIONS),
        ];
        // National expects 40 more households tomorrow: the run reserves places for them.
        let tomorrow = chrono::Local::now().date_naive() + chrono::TimeDelta::days(1);
        let forecast = folder.path().join("forecast.csv");
        std::fs::write(
            &forecast,
            format!(
                "period_start,period_end,intake_category,household_type,households,persons\n\
                 {tomorrow},{tomorrow},quota,couple,40,80\n"
            ),
        )
        .unwrap();
        landa.ok(&[
            "forecast",
            &scenario,
            forecast.to_str().unwrap(),
            "--by",
            "Migrationsverket",
        ]);
        // Due now: both servers see it on their next poll.
        let first_run = chrono::Utc::now();
        let (status, body) = request(
            servers[1].1,
            "PUT",
            &format!("/api/v1/scenarios/{scenario}/run-schedule"),
            &token,
            &format!(
                "{{\"first_run\": \"{}\", \"time_limit_seconds\": 2, \"reserve\": true, \"balance\": true}}",
                first_run.to_rfc3339()
            ),
        )
        .expect("the server answers");
        assert_eq!(status, 200, "{body}");

        let started = Instant::now();
        let job = loop {
            let jobs = store.placement_jobs(&scenario).await.expect("the jobs");
            if let Some(job) = jobs.iter().find(|j| j.status == JobStatus::Done) {
                break job.clone();
            }
            assert!(started.elapsed() < Duration::from_secs(60), "{jobs:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        // Several more polls of both servers: still the one run.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let jobs = store.placement_jobs(&scenario).await.expect("the jobs");
        assert_eq!(jobs.len(), 1, "{jobs:?}");
        assert_eq!(job.requested_by, "planner", "started in the name of who set it");
        assert!(job.options.reserve && job.options.balance, "{job:?}");
        assert_eq!(job.options.placement_date, Some(first_run.date_naive()));
        let due = job.scheduled_for.expect("a scheduled run");
        assert!((due - first_run).num_milliseconds().abs() < 1000, "{due} for {first_run}");
        assert!(
            job.message.as_deref().unwrap_or_default().contains("looking ahead to 40 expected households"),
            "{job:?}"
        );
        let schedule = store
            .run_schedule(&scenario)
            .await
            .expect("the schedule reads")
            .expect("the schedule stays");
        assert_eq!(schedule.next_run_at, due + chrono::TimeDelta::days(7));
        let starts: Vec<_> = store
            .audit_entries(
                &landa_store::AuditFilter {
                    actor: Some("run-schedule"),
                    ..Default::default()
                },
                100, 0)
            .await
            .expect("the audit log")
            .into_iter()
            .collect();
        assert_eq!(starts.len(), 1, "{starts:?}");
        for (child, _) in &mut servers {
            child.kill().expect("stop");
            child.wait().expect("stopped");
        }
    })
    .await;
}
