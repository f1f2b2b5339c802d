//! The placement worker: claims placement jobs from the store and runs them one at a time
//! (the optimiser uses the machine; two at once would only halve each one's time).
//!
//! Jobs are found by polling the store, so any number of server processes can share one
//! database: a job is claimed by one worker with a lease, which the worker renews while it
//! solves; when a process dies its job's lease expires and another worker takes the job
//! over. A job submitted here wakes this process's worker at once; other processes find
//! it on their next poll. On each poll the worker also starts the scheduled runs that are
//! due (`Store::start_scheduled_run`: one process starts each) and, once a day, records a
//! checkpoint of the audit log's chain.

use crate::audit::{self, Action};
use crate::metrics::Metrics;
use crate::routes::placement::run_path;
use landa_model::{expected_later, Mechanism};
use landa_placement::preferences::{explain_choices, place_with, Preferences};
use landa_placement::{
    plan_run, year_batch, LookAhead, Method, PlannedRun, PlannedSolution, ProblemOptions, Solution,
    SolveOptions,
};
use landa_store::{PlacementJob, PlacementRunRecord, Store, StoreError};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// How often an idle worker looks for jobs queued by other processes.
pub const JOB_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How long a claim lasts unless renewed: how soon a dead process's job is taken over.
pub const JOB_LEASE: Duration = Duration::from_secs(30);
/// Claims a job gets: a job whose worker died this many times ends failed instead of
/// bringing down the next one.
const MAX_ATTEMPTS: u32 = 3;
/// Who the audit log names for what the worker writes.
const ACTOR: &str = "placement-worker";
const ROLE: &str = "system";
/// How often the worker records a checkpoint of the audit log's chain.
const AUDIT_CHECKPOINT_EVERY: chrono::TimeDelta = chrono::TimeDelta::days(1);
/// Who the audit log names for a run the schedule started.
const SCHEDULE_ACTOR: &str = "run-schedule";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// This process's worker; it stops when the last handle is dropped.
#[derive(Clone)]
pub struct JobWorker {
    wake: Arc<Notify>,
    pulse: Arc<Pulse>,
    task: Arc<tokio::task::JoinHandle<()>>,
}

/// When the worker was last seen working: on each look for jobs, and on each renewal of
/// a job's lease while the optimiser runs.
pub struct Pulse {
    started: std::time::Instant,
    last_beat_ms: AtomicU64,
    /// Longest silence of a worker that works: three of its longest waits, and a margin.
    limit: Duration,
}

impl Pulse {
    fn new(poll_interval: Duration, lease: Duration) -> Pulse {
        Pulse {
            started: std::time::Instant::now(),
            last_beat_ms: AtomicU64::new(0),
            limit: poll_interval.max(lease / 3) * 3 + Duration::from_secs(5),
        }
    }

    fn beat(&self) {
        self.last_beat_ms
            .store(self.elapsed_ms(), std::sync::atomic::Ordering::Relaxed);
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// How long the worker has been silent, when longer than a working worker is.
    fn silent_for(&self) -> Option<Duration> {
        let last = self.last_beat_ms.load(std::sync::atomic::Ordering::Relaxed);
        let silence = Duration::from_millis(self.elapsed_ms().saturating_sub(last));
        (silence > self.limit).then_some(silence)
    }
}

impl JobWorker {
    /// Starts the worker on the current tokio runtime.
    pub fn start(
        store: Store,
        poll_interval: Duration,
        lease: Duration,
        metrics: Arc<Metrics>,
    ) -> JobWorker {
        let wake = Arc::new(Notify::new());
        let pulse = Arc::new(Pulse::new(poll_interval, lease));
        let worker = Worker {
            store,
            id: worker_id(),
            lease,
            metrics,
            pulse: pulse.clone(),
        };
        let task = tokio::spawn(worker.work(Arc::downgrade(&wake), poll_interval));
        JobWorker {
            wake,
            pulse,
            task: Arc::new(task),
        }
    }

    /// Tells the worker a job was queued, so it need not wait for its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Why the worker is not working, if it is not: it ended (it only ends with the
    /// server, so it failed), or it has been silent for longer than a working one is.
    pub fn trouble(&self) -> Option<String> {
        if self.task.is_finished() {
            return Some("the placement worker has stopped".to_owned());
        }
        self.pulse.silent_for().map(|silence| {
            format!(
                "the placement worker has not been heard from for {} s",
                silence.as_secs()
            )
        })
    }
}

/// Names this worker among all processes on the database: host, process and a random
/// part (two workers in one process, as in tests, differ too).
fn worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .unwrap_or_else(|_| "unknown-host".to_owned());
    format!(
        "{host}:{}:{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

struct Worker {
    store: Store,
    metrics: Arc<Metrics>,
    pulse: Arc<Pulse>,
    id: String,
    lease: Duration,
}

impl Worker {
    async fn work(self, wake: Weak<Notify>, poll_interval: Duration) {
        loop {
            self.pulse.beat();
            self.start_due_runs().await;
            self.checkpoint_audit_log().await;
            match self.store.claim_placement_job(&self.id, self.lease).await {
                Ok(Some(job)) => {
                    self.run(job).await;
                    // There may be more: look again at once.
                    continue;
                }
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "cannot claim placement jobs"),
            }
            let Some(wake) = wake.upgrade() else {
                return;
            };
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(poll_interval) => {}
            }
        }
    }

    /// Records a checkpoint of the audit log's chain once a day (of several processes,
    /// one records it), for `landa audit checkpoints` to export.
    async fn checkpoint_audit_log(&self) {
        match self
            .store
            .record_audit_checkpoint_when_due(chrono::Utc::now(), AUDIT_CHECKPOINT_EVERY)
            .await
        {
            Ok(Some(checkpoint)) => {
                tracing::info!(
                    entries = checkpoint.entries,
                    "audit log checkpoint recorded"
                );
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "cannot record an audit log checkpoint"),
        }
    }

    /// Starts the scheduled runs that are due; of several processes, one starts each.
    async fn start_due_runs(&self) {
        let now = chrono::Utc::now();
        let due = match self.store.due_run_schedules(now).await {
            Ok(due) => due,
            Err(error) => return tracing::error!(%error, "cannot read the run schedules"),
        };
        for (scenario, schedule) in due {
            let entry = audit::entry_as(
                SCHEDULE_ACTOR,
                ROLE,
                &landa_app::Origin::default(),
                Action::Create,
                &format!("/api/v1/scenarios/{scenario}/placement-runs"),
                format!(
                    "started by the run schedule {} set, due {}",
                    schedule.set_by, schedule.next_run_at
                ),
            );
            match self
                .store
                .start_scheduled_run(&scenario, &schedule, now, &entry)
                .await
            {
                Ok(Some(job)) => tracing::info!(job = job.id, %scenario, "scheduled run started"),
                Ok(None) => {}
                Err(error) => tracing::error!(%error, %scenario, "cannot start the scheduled run"),
            }
        }
    }

    /// Runs a job and counts how long it took, when this worker ended it.
    async fn run(&self, job: PlacementJob) {
        let started = Instant::now();
        if let Some(done) = self.run_to_end(job).await {
            self.metrics.job_finished(done, started.elapsed());
        }
    }

    /// Whether the job ended done or failed here; `None` when another worker has it.
    async fn run_to_end(&self, job: PlacementJob) -> Option<bool> {
        tracing::info!(job = job.id, attempt = job.attempts, worker = %self.id, "running placement job");
        let resource = run_path(&job.scenario, job.id);
        if job.attempts > MAX_ATTEMPTS {
            let message = format!(
                "stopped after {MAX_ATTEMPTS} attempts: each time, the process running it \
                 stopped before it finished"
            );
            self.fail(&job, &resource, &message).await;
            return Some(false);
        }
        let (summary, record) = match self.solve(&job).await {
            Ok(Some(solved)) => solved,
            Ok(None) => return None,
            Err(error) => {
                self.fail(&job, &resource, &error.to_string()).await;
                return Some(false);
            }
        };
        let entry = audit::entry_as(
            ACTOR,
            ROLE,
            &landa_app::Origin::default(),
            Action::Update,
            &resource,
            format!("done: {summary}"),
        );
        match self
            .store
            .complete_placement_job_with_run(job.id, &self.id, &record, &summary, &entry)
            .await
        {
            Ok(_) => {
                tracing::info!(job = job.id, "placement job done");
                Some(true)
            }
            Err(StoreError::Conflict(why)) => {
                tracing::warn!(job = job.id, %why, "placement run discarded");
                None
            }
            // The lease runs out and another worker (or this one) runs the job again.
            Err(error) => {
                tracing::error!(job = job.id, %error, "cannot save the placement run");
                None
            }
        }
    }

    /// Solves the job's problem, renewing the lease meanwhile; `None` when another
    /// worker took the job over, so the result is not this worker's to save.
    async fn solve(
        &self,
        job: &PlacementJob,
    ) -> Result<Option<(String, PlacementRunRecord)>, BoxError> {
        // A run during the year places the households open to it within what is left.
        let scenario = self.store.load_scenario(&job.scenario).await?;
        let standing = self.store.year_standing(&job.scenario).await?;
        let method = match job.method.as_str() {
            "greedy" => Method::Greedy,
            _ => Method::Optimal,
        };
        let options = SolveOptions {
            method,
            time_limit: Duration::from_millis(job.time_limit_ms),
            seed: 0,
        };
        let method_name = job.method.clone();
        let problem_options = ProblemOptions {
            placement_date: job.options.placement_date,
            tie_bonus: job.options.tie_bonus,
            waiting_weight: job.options.waiting_weight,
        };
        let forecast = self.store.arrival_forecast(&job.scenario).await?;
        let run_options = job.options;
        let mut solving = tokio::task::spawn_blocking(move || {
            let batch = year_batch(&scenario, &standing.households);
            let day = run_options
                .placement_date
                .unwrap_or_else(|| chrono::Utc::now().date_naive());
            let expected = expected_later(&forecast, &scenario.households, day);
            let look = LookAhead {
                expected,
                reserve: run_options.reserve,
                balance: run_options.balance,
                seed: 0,
            };
            let planned = plan_run(
                &scenario,
                &batch,
                &problem_options,
                &look,
                options.time_limit,
            )?;
            let problem = &planned.valued;
            let preferences = run_options
                .mechanism
                .map(|_| Preferences::from_scenario(&batch.scenario, problem));
            let (solution, summary, bound) = match (run_options.mechanism, &preferences) {
                (Some(mechanism), Some(preferences)) => {
                    solve_by_mechanism(&planned, mechanism, preferences, &options, &look)
                }
                _ => {
                    let (solution, summary) = solve_planned(&planned, &options, &look);
                    let bound = Some(solution.bound);
                    (solution, summary, bound)
                }
            };
            // Households joining their family are proposed there, outside the numbers.
            let (joined, why) = batch.joining_placements();
            let mut placements = solution.placements(problem);
            placements.extend(joined);
            let mut alternatives = landa_placement::alternatives(problem, &solution);
            if let Some(preferences) = &preferences {
                explain_choices(problem, preferences, &solution, &mut alternatives);
            }
            alternatives.extend(why);
            let record = PlacementRunRecord {
                method: method_name,
                objective: planned.value_of(&solution),
                bound,
                persons_placed: u32::try_from(solution.persons_placed)
                    .unwrap_or(u32::MAX)
                    .saturating_add(batch.joining_persons()),
                created_at: chrono::Utc::now(),
                placements,
                alternatives,
            };
            Ok::<_, BoxError>((summary, record))
        });
        // Renewed three times per lease, so one late renewal does not lose it.
        let every = (self.lease / 3).max(Duration::from_millis(1));
        let keep_lease = async {
            let mut renewal = tokio::time::interval_at(Instant::now() + every, every);
            loop {
                renewal.tick().await;
                match self
                    .store
                    .renew_placement_lease(job.id, &self.id, self.lease)
                    .await
                {
                    Ok(true) => self.pulse.beat(),
                    Ok(false) => return,
                    Err(error) => tracing::warn!(job = job.id, %error, "cannot renew the lease"),
                }
            }
        };
        tokio::select! {
            solved = &mut solving => Ok(Some(solved??)),
            () = keep_lease => {
                tracing::warn!(job = job.id, "another worker took the placement job over");
                // One run at a time: the solver's thread runs to its time limit.
                let _ = solving.await;
                Ok(None)
            }
        }
    }

    async fn fail(&self, job: &PlacementJob, resource: &str, message: &str) {
        tracing::error!(job = job.id, %message, "placement job failed");
        let entry = audit::entry_as(
            ACTOR,
            ROLE,
            &landa_app::Origin::default(),
            Action::Update,
            resource,
            format!("failed: {message}"),
        );
        if let Err(error) = self
            .store
            .fail_placement_job(job.id, &self.id, message, &entry)
            .await
        {
            tracing::error!(job = job.id, %error, "cannot mark the placement job failed");
        }
    }
}

/// Solves a planned run (`PlannedRun::solve`); the run's solution and its one-line summary.
fn solve_planned(
    planned: &PlannedRun,
    options: &SolveOptions,
    look: &LookAhead,
) -> (Solution, String) {
    let problem = &planned.valued;
    let PlannedSolution {
        solution,
        value,
        look_ahead,
    } = planned.solve(options);
    let Some(cost) = look_ahead else {
        let summary = format!(
            "placed {} persons of {} households; objective {:.4}, bound {:.4}, gap {:.3} %; {} households unplaced",
            solution.persons_placed,
            problem.household_count(),
            solution.objective,
            solution.bound,
            solution.gap * 100.0,
            solution.unplaced.len()
        );
        return (solution, summary);
    };
    let summary = format!(
        "placed {} persons of {} households; objective {value:.4}, bound {:.4}; {} households \
         unplaced; {}",
        solution.persons_placed,
        problem.household_count(),
        solution.bound,
        solution.unplaced.len(),
        cost.describe(look),
    );
    (solution, summary)
}

/// Solves a planned run by a preference mechanism, on the batch as the look-ahead adjusted
/// it; the solution, its one-line summary with the mechanism's certificate, and no bound
/// on the predicted outcome (the mechanism trades some of it for preferences; its own
/// certificate is in the summary).
fn solve_by_mechanism(
    planned: &PlannedRun,
    mechanism: Mechanism,
    preferences: &Preferences,
    options: &SolveOptions,
    look: &LookAhead,
) -> (Solution, String, Option<f64>) {
    let placed = place_with(mechanism, planned.to_solve(), preferences, options);
    let problem = &planned.valued;
    let ahead = if planned.solved.is_some() {
        format!(
            "; looking ahead to {:.0} expected households, {}",
            look.expected.households,
            look.doing()
        )
    } else {
        String::new()
    };
    let summary = format!(
        "placed {} persons of {} households; predicted outcome {:.4}; {} households unplaced; {}{ahead}",
        placed.solution.persons_placed,
        problem.household_count(),
        planned.value_of(&placed.solution),
        placed.solution.unplaced.len(),
        placed.summary(),
    );
    (placed.solution, summary, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_is_in_trouble_only_after_a_silence_longer_than_its_waits() {
        let pulse = Pulse::new(Duration::from_millis(1), Duration::from_millis(3));
        assert_eq!(
            pulse.limit,
            Duration::from_millis(3) + Duration::from_secs(5)
        );
        pulse.beat();
        assert_eq!(pulse.silent_for(), None);
        let long = Pulse {
            limit: Duration::ZERO,
            ..Pulse::new(Duration::from_secs(1), Duration::from_secs(30))
        };
        std::thread::sleep(Duration::from_millis(5));
        assert!(long
            .silent_for()
            .is_some_and(|silence| silence >= Duration::from_millis(5)));
        long.beat();
        assert!(long
            .silent_for()
            .is_none_or(|silence| silence < Duration::from_millis(5)));
    }
}
