//! The weekly placement run (national): a schedule per scenario that starts a run at its
//! time every few days, in the name of the officer who set it, so the four-eyes rule holds
//! for scheduled runs too. The server's worker starts the runs ([`Store::start_scheduled_run`]).

use crate::access::require_national_in;
use crate::audit::{self, Action};
use crate::placement::checked_spec;
use crate::{AppError, AppResult, Principal};
use chrono::{DateTime, TimeDelta, Utc};
use landa_store::{RunOptions, RunSchedule, Store, LONGEST_SCHEDULE_DAYS};

/// A schedule's first run may lie this far back (it then starts at once) or ahead.
const EARLIEST_FIRST_RUN_HOURS: i64 = 24;
const LATEST_FIRST_RUN_DAYS: i64 = 366;

fn resource(scenario: &str) -> String {
    format!("/api/v1/scenarios/{scenario}/run-schedule")
}

/// Sets the scenario's schedule: the first run at `first_run`, then every `every_days`,
/// each with `method`, `seconds` and `options` (its placement date is its own day).
#[allow(clippy::too_many_arguments)]
pub async fn set_run_schedule(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    first_run: DateTime<Utc>,
    every_days: u32,
    method: &str,
    seconds: f64,
    options: RunOptions,
) -> AppResult<RunSchedule> {
    require_national_in(store, principal, scenario).await?;
    let spec = checked_spec(method, seconds, options)?;
    if !(1..=LONGEST_SCHEDULE_DAYS).contains(&every_days) {
        return Err(AppError::invalid(
            "every_days",
            format!("every_days must be from 1 to {LONGEST_SCHEDULE_DAYS}, got {every_days}"),
        ));
    }
    let now = Utc::now();
    if first_run < now - TimeDelta::hours(EARLIEST_FIRST_RUN_HOURS)
        || first_run > now + TimeDelta::days(LATEST_FIRST_RUN_DAYS)
    {
        return Err(AppError::invalid(
            "first_run",
            format!(
                "the first run must be at most {EARLIEST_FIRST_RUN_HOURS} hours ago and at \
                 most {LATEST_FIRST_RUN_DAYS} days ahead, got {first_run}"
            ),
        ));
    }
    let schedule = RunSchedule {
        next_run_at: first_run,
        every_days,
        spec,
        set_by: principal.username.clone(),
        set_at: now,
    };
    let entry = audit::entry(
        principal,
        Action::Update,
        &resource(scenario),
        format!(
            "runs every {every_days} days from {first_run}: {method}, {seconds} s, {options:?}"
        ),
    );
    store.set_run_schedule(scenario, &schedule, &entry).await?;
    Ok(schedule)
}

/// Stops the scenario's schedule; false when there was none.
pub async fn stop_run_schedule(
    store: &Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<bool> {
    require_national_in(store, principal, scenario).await?;
    let entry = audit::entry(principal, Action::Delete, &resource(scenario), "stopped");
    Ok(store.delete_run_schedule(scenario, &entry).await?)
}

/// The scenario's schedule, if any (national).
pub async fn run_schedule(
    store: &Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<Option<RunSchedule>> {
    require_national_in(store, principal, scenario).await?;
    Ok(store.run_schedule(scenario).await?)
}
