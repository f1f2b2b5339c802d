//! The placement worker: runs queued placement jobs one at a time (the optimiser uses
//! the machine; two at once would only halve each one's time), and on start resumes the
//! jobs a stopped server left queued or running.

use landa_placement::{solve, Method, Problem, ProblemOptions, SolveOptions};
use landa_store::{PlacementJob, PlacementRunRecord, Store, StoreError};
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Clone)]
pub struct JobQueue {
    sender: mpsc::UnboundedSender<i64>,
}

impl JobQueue {
    pub async fn start(store: Store) -> Result<JobQueue, StoreError> {
        let (sender, mut receiver) = mpsc::unbounded_channel::<i64>();
        for job in store.unfinished_placement_jobs().await? {
            tracing::info!(job = job.id, "resuming placement job");
            let _ = sender.send(job.id);
        }
        tokio::spawn(async move {
            while let Some(id) = receiver.recv().await {
                if let Err(error) = run(&store, id).await {
                    tracing::error!(job = id, %error, "placement job failed");
                    let _ = store.fail_placement_job(id, &error.to_string()).await;
                }
            }
        });
        Ok(JobQueue { sender })
    }

    /// Hands a queued job to the worker.
    pub fn submit(&self, job: &PlacementJob) {
        if self.sender.send(job.id).is_err() {
            tracing::error!(job = job.id, "the placement worker has stopped");
        }
    }
}

async fn run(store: &Store, id: i64) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let job = store.placement_job(id).await?;
    store.start_placement_job(id).await?;
    let scenario = store.load_scenario(&job.scenario).await?;
    let method = match job.method.as_str() {
        "greedy" => Method::Greedy,
        _ => Method::Optimal,
    };
    let options = SolveOptions {
        method,
        time_limit: Duration::from_millis(job.time_limit_ms),
        seed: 0,
    };
    let (summary, record) = tokio::task::spawn_blocking(move || {
        let problem = Problem::from_scenario(&scenario, &ProblemOptions::default())?;
        let solution = solve(&problem, &options);
        let summary = format!(
            "placed {} persons of {} households; objective {:.4}, bound {:.4}, gap {:.3} %; {} households unplaced",
            solution.persons_placed,
            problem.household_count(),
            solution.objective,
            solution.bound,
            solution.gap * 100.0,
            solution.unplaced.len()
        );
        let record = PlacementRunRecord {
            method: job.method.clone(),
            objective: solution.objective,
            bound: Some(solution.bound),
            persons_placed: u32::try_from(solution.persons_placed).unwrap_or(u32::MAX),
            created_at: chrono::Utc::now(),
            placements: solution.placements(&problem),
            alternatives: landa_placement::alternatives(&problem, &solution),
        };
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>((summary, record))
    })
    .await??;
    let run_id = store.save_placement_run(&job.scenario, &record).await?;
    store.complete_placement_job(id, run_id, &summary).await?;
    Ok(())
}
