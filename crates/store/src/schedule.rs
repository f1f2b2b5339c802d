//! The schedule that starts a scenario's placement run every week (or every few days).
//!
//! Any number of processes look for due schedules. Starting a run moves the schedule's
//! next instant on and queues the job in one transaction, the move conditional on the
//! instant it read, and the job is unique per schedule instant: of several processes that
//! see the same due schedule, exactly one starts its run.

use crate::audit::insert_audit;
use crate::codec::{instant_text, RowReader};
use crate::jobs::{insert_job, mechanism_parameter, read_mechanism};
use crate::{
    commit, scenario_id, AuditEntry, JobSpec, PlacementJob, RunOptions, Store, StoreError,
};
use chrono::{DateTime, TimeDelta, Utc};

/// When a scenario's runs start by themselves, and how they run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSchedule {
    pub next_run_at: DateTime<Utc>,
    pub every_days: u32,
    /// The runs' method, time limit and options; each run's placement date is its day.
    pub spec: JobSpec,
    /// Who set it: the runs are started in their name (so they approve none of them).
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// A run may be scheduled at most this far apart.
pub const LONGEST_SCHEDULE_DAYS: u32 = 92;

/// The schedule's first instant after `now`, counting on from `at` by `every_days`: runs
/// missed while no process ran are not made up, the next one comes at its time.
fn next_after(at: DateTime<Utc>, every_days: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    let step = TimeDelta::days(i64::from(every_days.max(1)));
    let behind = (now - at).num_seconds().max(0) / step.num_seconds();
    at + step * i32::try_from(behind + 1).unwrap_or(i32::MAX)
}

const SCHEDULE_COLUMNS: &str = "s.name AS scenario, r.next_run_at, r.every_days, r.method, \
     r.time_limit_ms, r.tie_bonus, r.waiting_weight, CAST(r.reserve AS INTEGER) AS reserve, \
     CAST(r.balance AS INTEGER) AS balance, r.set_by, r.set_at, r.mechanism, \
     r.mechanism_parameter";

fn read_schedule(row: &sqlx::any::AnyRow) -> Result<(String, RunSchedule), StoreError> {
    let r = RowReader::new(row, "run_schedules");
    Ok((
        r.text("scenario")?,
        RunSchedule {
            next_run_at: r.instant("next_run_at")?,
            every_days: r.count("every_days")?,
            spec: JobSpec {
                method: r.text("method")?,
                time_limit_ms: r.count("time_limit_ms")?,
                options: RunOptions {
                    placement_date: None,
                    tie_bonus: r.real("tie_bonus")?,
                    waiting_weight: r.real("waiting_weight")?,
                    reserve: r.flag("reserve")?,
                    balance: r.flag("balance")?,
                    mechanism: read_mechanism(&r)?,
                },
            },
            set_by: r.text("set_by")?,
            set_at: r.instant("set_at")?,
        },
    ))
}

impl Store {
    /// Sets (or replaces) the scenario's schedule, with the caller's audit entry.
    pub async fn set_run_schedule(
        &self,
        scenario: &str,
        schedule: &RunSchedule,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        sqlx::query("DELETE FROM run_schedules WHERE scenario_id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("replacing the run schedule"))?;
        let options = &schedule.spec.options;
        sqlx::query(
            "INSERT INTO run_schedules (scenario_id, next_run_at, every_days, method, \
             time_limit_ms, tie_bonus, waiting_weight, reserve, balance, set_by, set_at, \
             mechanism, mechanism_parameter) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(id)
        .bind(instant_text(schedule.next_run_at))
        .bind(i64::from(schedule.every_days))
        .bind(schedule.spec.method.as_str())
        .bind(i64::try_from(schedule.spec.time_limit_ms).unwrap_or(i64::MAX))
        .bind(options.tie_bonus)
        .bind(options.waiting_weight)
        .bind(options.reserve)
        .bind(options.balance)
        .bind(&schedule.set_by)
        .bind(instant_text(schedule.set_at))
        .bind(options.mechanism.map(|m| m.name()))
        .bind(mechanism_parameter(options.mechanism))
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("storing the run schedule"))?;
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await
    }

    /// Stops the scenario's schedule; false when it had none.
    pub async fn delete_run_schedule(
        &self,
        scenario: &str,
        audit: &AuditEntry,
    ) -> Result<bool, StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let deleted = sqlx::query("DELETE FROM run_schedules WHERE scenario_id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(StoreError::database("stopping the run schedule"))?
            .rows_affected();
        if deleted == 0 {
            return Ok(false);
        }
        insert_audit(&mut transaction, audit).await?;
        commit(transaction).await?;
        Ok(true)
    }

    /// The scenario's schedule, if it has one.
    pub async fn run_schedule(&self, scenario: &str) -> Result<Option<RunSchedule>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SCHEDULE_COLUMNS} FROM run_schedules r \
             JOIN scenarios s ON s.id = r.scenario_id WHERE s.name = $1"
        ))
        .bind(scenario)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::database("reading the run schedule"))?;
        row.as_ref()
            .map(|row| read_schedule(row).map(|(_, schedule)| schedule))
            .transpose()
    }

    /// The schedules due at `now`, by scenario.
    pub async fn due_run_schedules(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, RunSchedule)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {SCHEDULE_COLUMNS} FROM run_schedules r \
             JOIN scenarios s ON s.id = r.scenario_id WHERE r.next_run_at <= $1 \
             ORDER BY s.name"
        ))
        .bind(instant_text(now))
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::database("looking for due run schedules"))?;
        rows.iter().map(read_schedule).collect()
    }

    /// Starts the run `schedule` (as read by [`Store::due_run_schedules`]) is due for, and
    /// moves the schedule on to its next instant after `now`; `None` when another process
    /// started it first or the schedule changed meanwhile. `audit` names the scenario's
    /// run collection, as for [`Store::queue_placement_job`].
    pub async fn start_scheduled_run(
        &self,
        scenario: &str,
        schedule: &RunSchedule,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> Result<Option<PlacementJob>, StoreError> {
        let mut transaction = self.begin_write().await?;
        let id = scenario_id(&mut transaction, scenario).await?;
        let due = schedule.next_run_at;
        let next = next_after(due, schedule.every_days, now);
        let moved = sqlx::query(
            "UPDATE run_schedules SET next_run_at = $1 WHERE scenario_id = $2 AND next_run_at = $3",
        )
        .bind(instant_text(next))
        .bind(id)
        .bind(instant_text(due))
        .execute(&mut *transaction)
        .await
        .map_err(StoreError::database("moving the run schedule on"))?
        .rows_affected();
        if moved == 0 {
            return Ok(None);
        }
        let spec = JobSpec {
            options: RunOptions {
                placement_date: Some(due.date_naive()),
                ..schedule.spec.options
            },
            ..schedule.spec.clone()
        };
        let job_id = insert_job(&mut transaction, id, &spec, &schedule.set_by, Some(due)).await?;
        let entry = AuditEntry {
            resource: format!("{}/{job_id}", audit.resource),
            ..audit.clone()
        };
        insert_audit(&mut transaction, &entry).await?;
        commit(transaction).await?;
        self.placement_job(job_id).await.map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_instant_is_the_first_of_the_schedule_after_now() {
        let at: DateTime<Utc> = "2026-03-02T06:00:00Z".parse().unwrap();
        let now: DateTime<Utc> = "2026-03-02T06:00:01Z".parse().unwrap();
        assert_eq!(
            next_after(at, 7, now),
            "2026-03-09T06:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        // Three weeks without a running process: the next run is the coming Monday's.
        let late: DateTime<Utc> = "2026-03-24T10:00:00Z".parse().unwrap();
        assert_eq!(
            next_after(at, 7, late),
            "2026-03-30T06:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        // Not yet due: still the one after.
        let early: DateTime<Utc> = "2026-03-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            next_after(at, 7, early),
            "2026-03-09T06:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
