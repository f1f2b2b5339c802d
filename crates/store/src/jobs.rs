//! Placement runs asked for through the API: a job is queued, run, and ends done (with
//! the placement run it saved) or failed; a done run can be approved once.

use crate::codec::{instant_text, RowReader};
use crate::{commit, scenario_id, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;

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
}

/// What a saved placement run reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunSummary {
    pub run_id: i64,
    pub objective: f64,
    pub bound: Option<f64>,
    pub persons_placed: u32,
}

const JOB_COLUMNS: &str = "j.id, s.name, j.method, j.time_limit_ms, j.requested_by, \
     j.requested_at, j.status, j.message, j.finished_at, j.approved_by, j.approved_at, \
     r.id, r.objective, r.bound, r.persons_placed";
const JOB_FROM: &str = "placement_jobs j JOIN scenarios s ON s.id = j.scenario_id \
     LEFT JOIN placement_runs r ON r.id = j.run_id";

fn read_job(row: &AnyRow) -> Result<PlacementJob, StoreError> {
    let r = RowReader::new(row, "placement_jobs");
    let status_text = r.text(6)?;
    let status = JobStatus::parse(&status_text).ok_or_else(|| StoreError::Corrupt {
        what: "placement_jobs.status".into(),
        message: format!("unknown status '{status_text}'"),
    })?;
    let result = match r.optional_count::<i64>(11)? {
        Some(run_id) => Some(RunSummary {
            run_id,
            objective: r.real(12)?,
            bound: r.optional_real(13)?,
            persons_placed: r.count(14)?,
        }),
        None => None,
    };
    Ok(PlacementJob {
        id: r.int(0)?,
        scenario: r.text(1)?,
        method: r.text(2)?,
        time_limit_ms: r.count(3)?,
        requested_by: r.text(4)?,
        requested_at: r.instant(5)?,
        status,
        message: r.optional_text(7)?,
        finished_at: r.optional_text(8)?.map(|_| r.instant(8)).transpose()?,
        approved_by: r.optional_text(9)?,
        approved_at: r.optional_text(10)?.map(|_| r.instant(10)).transpose()?,
        result,
    })
}

impl Store {
    /// Queues a placement job; returns it.
    pub async fn queue_placement_job(
        &self,
        scenario: &str,
        method: &str,
        time_limit_ms: u64,
        requested_by: &str,
    ) -> Result<PlacementJob, StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let job_id: i64 = sqlx::query_scalar(
            "INSERT INTO placement_jobs (scenario_id, method, time_limit_ms, requested_by, \
             requested_at, status) VALUES ($1, $2, $3, $4, $5, 'queued') RETURNING id",
        )
        .bind(id)
        .bind(method)
        .bind(i64::try_from(time_limit_ms).unwrap_or(i64::MAX))
        .bind(requested_by)
        .bind(instant_text(Utc::now()))
        .fetch_one(&mut *transaction)
        .await
        .map_err(StoreError::database("queueing a placement job"))?;
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

    /// Jobs not finished, oldest first: queued, or running when the server stopped.
    pub async fn unfinished_placement_jobs(&self) -> Result<Vec<PlacementJob>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM {JOB_FROM} \
             WHERE j.status IN ('queued', 'running') ORDER BY j.id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("listing unfinished placement jobs"))?;
        rows.iter().map(read_job).collect()
    }

    /// Marks a job running.
    pub async fn start_placement_job(&self, id: i64) -> Result<(), StoreError> {
        self.finish_job(id, "running", None, None).await
    }

    /// Marks a job done with the run it saved.
    pub async fn complete_placement_job(
        &self,
        id: i64,
        run_id: i64,
        message: &str,
    ) -> Result<(), StoreError> {
        self.finish_job(id, "done", Some(run_id), Some(message))
            .await
    }

    /// Marks a job failed, with why.
    pub async fn fail_placement_job(&self, id: i64, message: &str) -> Result<(), StoreError> {
        self.finish_job(id, "failed", None, Some(message)).await
    }

    async fn finish_job(
        &self,
        id: i64,
        status: &str,
        run_id: Option<i64>,
        message: Option<&str>,
    ) -> Result<(), StoreError> {
        let finished = (status != "running").then(|| instant_text(Utc::now()));
        sqlx::query(
            "UPDATE placement_jobs SET status = $1, run_id = $2, message = $3, finished_at = $4 \
             WHERE id = $5",
        )
        .bind(status)
        .bind(run_id)
        .bind(message)
        .bind(finished)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(StoreError::database("updating a placement job"))?;
        Ok(())
    }

    /// Approves a done run, once: approving it again, or a run not done, is a conflict.
    pub async fn approve_placement_job(
        &self,
        id: i64,
        approved_by: &str,
    ) -> Result<PlacementJob, StoreError> {
        let changed = sqlx::query(
            "UPDATE placement_jobs SET approved_by = $1, approved_at = $2 \
             WHERE id = $3 AND status = 'done' AND approved_at IS NULL",
        )
        .bind(approved_by)
        .bind(instant_text(Utc::now()))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(StoreError::database("approving a placement run"))?
        .rows_affected();
        let job = self.placement_job(id).await?;
        if changed == 0 {
            let why = match (job.status, &job.approved_by) {
                (JobStatus::Done, Some(by)) => {
                    format!("placement run {id} was already approved by {by}")
                }
                (status, _) => format!(
                    "placement run {id} is {}; only a done run can be approved",
                    status.as_str()
                ),
            };
            return Err(StoreError::Conflict(why));
        }
        Ok(job)
    }
}
