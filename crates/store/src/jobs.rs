//! Placement runs asked for through the API: a job is queued, claimed by one worker with
//! a lease, run, and ends done (with the placement run it saved) or failed; a done run can
//! be approved once.
//!
//! Any number of processes may work on one database. A worker claims a job in one
//! conditional update and renews its lease while it solves; a job whose lease expired
//! (its process died) is claimed again by another. Only the current holder can end a
//! job, and it saves the run, marks the job done and writes the audit entry in one
//! transaction, so a job ends done exactly once.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::lifecycle::approve_run;
use crate::runs::insert_run;
use crate::{commit, scenario_id, AuditEntry, Engine, PlacementRunRecord, Store, StoreError};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use landa_model::Mechanism;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::time::Duration;

/// Where a placement job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Option<JobStatus> {
        [
            JobStatus::Queued,
            JobStatus::Running,
            JobStatus::Done,
            JobStatus::Failed,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }
}

/// A placement job and, once done, the run it made.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementJob {
    pub id: i64,
    pub scenario: String,
    /// "optimal" or "greedy".
    pub method: String,
    pub time_limit_ms: u64,
    pub options: RunOptions,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub status: JobStatus,
    /// Why it failed, or a one-line summary when done.
    pub message: Option<String>,
    pub finished_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    /// The saved run: objective, bound and persons placed.
    pub result: Option<RunSummary>,
    /// The worker that claimed it last, e.g. "host:1234:5f3a...".
    pub claimed_by: Option<String>,
    /// How many times a worker claimed it: more than one when a worker stopped mid-run.
    pub attempts: u32,
    /// The instant of the schedule that started it; `None` when a person did.
    pub scheduled_for: Option<DateTime<Utc>>,
}

/// How a run values its placements, beside its method and time limit: the day of
/// placement (dwellings available later do not count), a bonus for the household's tie
/// municipality and a weight per day waited; and whether it looks past its batch, by
/// reserving capacity for the arrivals still expected and balancing each number over the
/// year; and how it honours the households' rankings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunOptions {
    pub placement_date: Option<NaiveDate>,
    pub tie_bonus: f64,
    pub waiting_weight: f64,
    pub reserve: bool,
    pub balance: bool,
    /// How the run honours the households' rankings; `None`: by the outcome alone.
    pub mechanism: Option<Mechanism>,
}

/// The mechanism of a job or schedule row (`mechanism`, `mechanism_parameter`).
pub(crate) fn read_mechanism(r: &RowReader<'_>) -> Result<Option<Mechanism>, StoreError> {
    let Some(name) = r.optional_text("mechanism")? else {
        return Ok(None);
    };
    let parameter = r.real("mechanism_parameter")?;
    r.checked("mechanism", Mechanism::new(&name, Some(parameter)))
        .map(Some)
}

/// The parameter column of a mechanism: 0 where it has none (the column is never null).
pub(crate) fn mechanism_parameter(mechanism: Option<Mechanism>) -> f64 {
    mechanism.and_then(|m| m.parameter()).unwrap_or(0.0)
}

/// A run as it is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSpec {
    /// "optimal" or "greedy".
    pub method: String,
    pub time_limit_ms: u64,
    pub options: RunOptions,
}

impl JobSpec {
    /// `method` within `time_limit_ms`, with the default options.
    pub fn new(method: &str, time_limit_ms: u64) -> JobSpec {
        JobSpec {
            method: method.to_owned(),
            time_limit_ms,
            options: RunOptions::default(),
        }
    }
}

/// What a saved placement run reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSummary {
    pub run_id: i64,
    pub objective: f64,
    pub bound: Option<f64>,
    pub persons_placed: u32,
}

const JOB_COLUMNS: &str = "j.id, s.name AS scenario, j.method, j.time_limit_ms, \
     j.placement_date, j.tie_bonus, j.waiting_weight, CAST(j.reserve AS INTEGER) AS reserve, \
     CAST(j.balance AS INTEGER) AS balance, j.requested_by, j.requested_at, j.status, \
     j.message, j.finished_at, j.approved_by, j.approved_at, r.id AS run_id, r.objective, \
     r.bound, r.persons_placed, j.claimed_by, j.attempts, j.scheduled_for, j.mechanism, \
     j.mechanism_parameter";
const JOB_FROM: &str = "placement_jobs j JOIN scenarios s ON s.id = j.scenario_id \
     LEFT JOIN placement_runs r ON r.id = j.run_id";

fn read_job(row: &AnyRow) -> Result<PlacementJob, StoreError> {
    let r = RowReader::new(row, "placement_jobs");
    let status_text = r.text("status")?;
    let status = JobStatus::parse(&status_text).ok_or_else(|| StoreError::Corrupt {
        what: "placement_jobs.status".into(),
        message: format!("unknown status '{status_text}'"),
    })?;
    let result = match r.optional_count::<i64>("run_id")? {
        Some(run_id) => Some(RunSummary {
            run_id,
            objective: r.real("objective")?,
            bound: r.optional_real("bound")?,
            persons_placed: r.count("persons_placed")?,
        }),
        None => None,
    };
    Ok(PlacementJob {
        id: r.int("id")?,
        scenario: r.text("scenario")?,
        method: r.text("method")?,
        time_limit_ms: r.count("time_limit_ms")?,
        options: RunOptions {
            placement_date: r.optional_parsed("placement_date")?,
            tie_bonus: r.real("tie_bonus")?,
            waiting_weight: r.real("waiting_weight")?,
            reserve: r.flag("reserve")?,
            balance: r.flag("balance")?,
            mechanism: read_mechanism(&r)?,
        },
        requested_by: r.text("requested_by")?,
        requested_at: r.instant("requested_at")?,
        status,
        message: r.optional_text("message")?,
        finished_at: r
            .optional_text("finished_at")?
            .map(|_| r.instant("finished_at"))
            .transpose()?,
        approved_by: r.optional_text("approved_by")?,
        approved_at: r
            .optional_text("approved_at")?
            .map(|_| r.instant("approved_at"))
            .transpose()?,
        result,
        claimed_by: r.optional_text("claimed_by")?,
        attempts: r.count("attempts")?,
        scheduled_for: r
            .optional_text("scheduled_for")?
            .map(|_| r.instant("scheduled_for"))
            .transpose()?,
    })
}

/// On PostgreSQL a claim locks the row it takes and passes over rows another claimer has
/// locked; SQLite has no row locks and needs none, as `begin_write` holds the database's
/// only write lock.
fn skip_locked(engine: &Engine) -> &'static str {
    match engine {
        Engine::Sqlite { .. } => "",
        Engine::Postgres { .. } => " FOR UPDATE SKIP LOCKED",
    }
}

/// Locks the row read until commit on PostgreSQL (waiting for a claimer that holds it);
/// see `skip_locked` for SQLite.
fn for_update(engine: &Engine) -> &'static str {
    match engine {
        Engine::Sqlite { .. } => "",
        Engine::Postgres { .. } => " FOR UPDATE",
    }
}

/// Text of the instant `lease` after `now`.
fn lease_end(now: DateTime<Utc>, lease: Duration) -> Result<String, StoreError> {
    TimeDelta::from_std(lease)
        .ok()
        .and_then(|lease| now.checked_add_signed(lease))
        .map(instant_text)
        .ok_or_else(|| StoreError::Invalid {
            what: "placement job lease".into(),
            message: format!("{lease:?} is too long"),
        })
}

/// The job is not `worker`'s any more: its lease expired and another worker claimed it,
/// or it ended.
fn not_held(id: i64, worker: &str) -> StoreError {
    StoreError::Conflict(format!(
        "placement run {id} is no longer held by worker {worker}: its lease expired and \
         another worker took it over, or it ended"
    ))
}

/// Inserts a queued job; `scheduled_for` is the schedule's instant for a scheduled run.
pub(crate) async fn insert_job(
    connection: &mut AnyConnection,
    scenario_id: i64,
    spec: &JobSpec,
    requested_by: &str,
    scheduled_for: Option<DateTime<Utc>>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO placement_jobs (scenario_id, method, time_limit_ms, placement_date, \
         tie_bonus, waiting_weight, reserve, balance, requested_by, requested_at, status, \
         scheduled_for, mechanism, mechanism_parameter) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', $11, $12, $13) RETURNING id",
    )
    .bind(scenario_id)
    .bind(spec.method.as_str())
    .bind(i64::try_from(spec.time_limit_ms).unwrap_or(i64::MAX))
    .bind(spec.options.placement_date.map(|day| day.to_string()))
    .bind(spec.options.tie_bonus)
    .bind(spec.options.waiting_weight)
    .bind(spec.options.reserve)
    .bind(spec.options.balance)
    .bind(requested_by)
    .bind(instant_text(Utc::now()))
    .bind(scheduled_for.map(instant_text))
    .bind(spec.options.mechanism.map(|m| m.name()))
    .bind(mechanism_parameter(spec.options.mechanism))
    .fetch_one(&mut *connection)
    .await
    .map_err(StoreError::database("queueing a placement job"))
}

impl Store {
    /// Placement jobs of every scenario by status, for the service's metrics.
    pub async fn placement_job_counts(&self) -> Result<Vec<(JobStatus, u64)>, StoreError> {
        let rows =
            sqlx::query("SELECT status, COUNT(*) AS jobs FROM placement_jobs GROUP BY status")
                .fetch_all(&self.pool)
                .await
                .map_err(StoreError::database("counting placement jobs"))?;
        rows.iter()
            .map(|row| {
                let r = RowReader::new(row, "placement_jobs");
                let status = r.text("status")?;
                let status = JobStatus::parse(&status).ok_or_else(|| StoreError::Corrupt {
                    what: "placement_jobs.status".to_owned(),
                    message: status.clone(),
                })?;
                Ok((status, r.count("jobs")?))
            })
            .collect()
    }
    /// Queues a placement job; returns it. `audit` names the collection the job joins
    /// (e.g. `.../placement-runs`): the entry is written with the new job's id appended.
    pub async fn queue_placement_job(
        &self,
        scenario: &str,
        spec: &JobSpec,
        requested_by: &str,
        audit: &AuditEntry,
    ) -> Result<PlacementJob, StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let job_id = insert_job(&mut transaction, id, spec, requested_by, None).await?;
        let entry = AuditEntry {
            resource: format!("{}/{job_id}", audit.resource),
            ..audit.clone()
        };
        insert_audit(&mut transaction, &entry).await?;
        commit(transaction).await?;
        self.placement_job(job_id).await
    }

    /// One job by id.
    pub async fn placement_job(&self, id: i64) -> Result<PlacementJob, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM {JOB_FROM} WHERE j.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading a placement job"))?;
        match row {
            Some(row) => read_job(&row),
            None => Err(StoreError::NotFound(format!("placement run {id}"))),
        }
    }

    /// The jobs of a scenario, newest first.
    pub async fn placement_jobs(&self, scenario: &str) -> Result<Vec<PlacementJob>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM {JOB_FROM} WHERE s.name = $1 ORDER BY j.id DESC"
        ))
        .bind(scenario)
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("listing placement jobs"))?;
        rows.iter().map(read_job).collect()
    }

    /// Claims the oldest job that is queued, or running under an expired lease (its
    /// worker stopped), for `worker` until `lease` from now, and counts the attempt;
    /// `None` when there is none. Of any number of claimers, one gets a job.
    pub async fn claim_placement_job(
        &self,
        worker: &str,
        lease: Duration,
    ) -> Result<Option<PlacementJob>, StoreError> {
        let now = Utc::now();
        let expires = lease_end(now, lease)?;
        const CLAIMABLE: &str = "(status = 'queued' OR (status = 'running' \
             AND (lease_expires_at IS NULL OR lease_expires_at < $1)))";
        let mut transaction = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM placement_jobs WHERE {CLAIMABLE} ORDER BY id LIMIT 1{}",
            skip_locked(&self.engine)
        ))
        .bind(instant_text(now))
        .fetch_optional(&mut *transaction)
        .await
        .map_err(StoreError::database("looking for a placement job to claim"))?;
        let Some(id) = id else {
            return Ok(None);
        };
        // Conditional again, so the claim holds even if the row changed after the read.
        let claimed = sqlx::query(&format!(
            "UPDATE placement_jobs SET status = 'running', claimed_by = $2, \
             lease_expires_at = $3, attempts = attempts + 1 WHERE id = $4 AND {CLAIMABLE}"
        ))
        .bind(instant_text(now))
        .bind(worker)
        .bind(expires)
        .bind(id)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("claiming a placement job"))?
        .rows_affected();
        if claimed == 0 {
            return Ok(None);
        }
        commit(transaction).await?;
        self.placement_job(id).await.map(Some)
    }

    /// Extends `worker`'s lease on the job to `lease` from now. False when the job is
    /// no longer its own: then its result must not be saved.
    pub async fn renew_placement_lease(
        &self,
        id: i64,
        worker: &str,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        let renewed = sqlx::query(
            "UPDATE placement_jobs SET lease_expires_at = $1 \
             WHERE id = $2 AND status = 'running' AND claimed_by = $3",
        )
        .bind(lease_end(Utc::now(), lease)?)
        .bind(id)
        .bind(worker)
        .execute(&self.pool)
        .await
        .map_err(StoreError::database("renewing a placement job's lease"))?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Saves the run a job made and marks the job done with `message`, with `audit`, in
    /// one transaction; returns the run's id. Only the job's holder can: for any other
    /// worker, or a job no longer running, it is a conflict and nothing is written. A
    /// holder whose lease expired still completes as long as no one took the job over.
    pub async fn complete_placement_job_with_run(
        &self,
        id: i64,
        worker: &str,
        run: &PlacementRunRecord,
        message: &str,
        audit: &AuditEntry,
    ) -> Result<i64, StoreError> {
        let mut transaction = self.begin_write().await?;
        let scenario_id: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT scenario_id FROM placement_jobs \
             WHERE id = $1 AND status = 'running' AND claimed_by = $2{}",
            for_update(&self.engine)
        ))
        .bind(id)
        .bind(worker)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(StoreError::database("reading a placement job"))?;
        let scenario_id = scenario_id.ok_or_else(|| not_held(id, worker))?;
        let run_id = insert_run(
            &mut transaction,
            self.engine.placeholders(),
            scenario_id,
            run,
        )
        .await?;
        sqlx::query(
            "UPDATE placement_jobs SET status = 'done', run_id = $1, message = $2, \
             finished_at = $3, lease_expires_at = NULL WHERE id = $4",
        )
        .bind(run_id)
        .bind(message)
        .bind(instant_text(Utc::now()))
        .bind(id)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("completing a placement job"))?;
        self.analyze_run_tables(&mut transaction).await?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(run_id)
    }

    /// Marks a job failed, with why, and writes `audit`, in one transaction. Like
    /// completion, only the job's holder can; otherwise a conflict, nothing written.
    pub async fn fail_placement_job(
        &self,
        id: i64,
        worker: &str,
        message: &str,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        let failed = sqlx::query(
            "UPDATE placement_jobs SET status = 'failed', message = $1, finished_at = $2, \
             lease_expires_at = NULL WHERE id = $3 AND status = 'running' AND claimed_by = $4",
        )
        .bind(message)
        .bind(instant_text(Utc::now()))
        .bind(id)
        .bind(worker)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("failing a placement job"))?
        .rows_affected();
        if failed == 0 {
            return Err(not_held(id, worker));
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Approves a done run, once, and writes `audit` with the approval; the households it
    /// proposed that are still its proposals become approved (`lifecycle::approve_run`).
    /// Approving it again, a run not done, a run a newer one replaced, or any run while
    /// another of the scenario is queued or running (its result would be made on numbers
    /// the approval changes) is a conflict.
    pub async fn approve_placement_job(
        &self,
        id: i64,
        approved_by: &str,
        audit: &AuditEntry,
    ) -> Result<PlacementJob, StoreError> {
        let job = self.placement_job(id).await?;
        let (mut transaction, scenario_id) = self.begin_scenario_write(&job.scenario).await?;
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM placement_jobs WHERE scenario_id = $1 \
             AND status IN ('queued', 'running')) AS open, \
             (SELECT MAX(run_id) FROM placement_jobs WHERE scenario_id = $1 \
             AND status = 'done') AS latest",
        )
        .bind(scenario_id)
        .fetch_one(&mut *transaction)
        .await
        .map_err(StoreError::database(
            "reading the scenario's placement runs",
        ))?;
        let r = RowReader::new(&row, "placement_jobs");
        let open: i64 = r.int("open")?;
        let latest: Option<i64> = r.optional_count("latest")?;
        let changed = sqlx::query(
            "UPDATE placement_jobs SET approved_by = $1, approved_at = $2 \
             WHERE id = $3 AND status = 'done' AND approved_at IS NULL",
        )
        .bind(approved_by)
        .bind(instant_text(Utc::now()))
        .bind(id)
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("approving a placement run"))?
        .rows_affected();
        let refused = if changed == 0 {
            Some(match (job.status, &job.approved_by) {
                (JobStatus::Done, Some(by)) => {
                    format!("placement run {id} was already approved by {by}")
                }
                (status, _) => format!(
                    "placement run {id} is {}; only a done run can be approved",
                    status.as_str()
                ),
            })
        } else if open > 0 {
            Some(format!(
                "another placement run of '{}' is queued or running; approve when it is done",
                job.scenario
            ))
        } else if latest != job.result.as_ref().map(|r| r.run_id) {
            Some(format!(
                "placement run {id} was replaced by a newer run; approve that one instead"
            ))
        } else {
            None
        };
        if let Some(why) = refused {
            return Err(StoreError::Conflict(why));
        }
        if let Some(run_id) = job.result.as_ref().map(|r| r.run_id) {
            approve_run(&mut transaction, scenario_id, run_id, approved_by).await?;
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        self.placement_job(id).await
    }
}
