//! Phase 2 commands: a placement run (anvisning / utsøking) asked for and approved by
//! national of the scenario's country, each with its audit entry in the same transaction.
//! The run itself is made by a worker that claims the job (landa-server's `jobs`).

use crate::access::require_national_in;
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use landa_model::Mechanism;
use landa_store::{JobSpec, PlacementJob, PlacementRunRecord, RunOptions, Store};

/// Longest a run may be given, in seconds: a typing error beyond that would hold the
/// worker for hours.
pub const MAX_TIME_LIMIT_SECONDS: f64 = 600.0;

/// The methods a run can use.
pub const METHODS: [&str; 2] = ["optimal", "greedy"];

/// Largest tie bonus and waiting weight a run takes: scores are shares in 0..=1, so a
/// larger bonus would drown them.
pub const MAX_TIE_BONUS: f64 = 10.0;
pub const MAX_WAITING_WEIGHT: f64 = 1.0;

/// Queues a placement run of `method` with `seconds` to solve and `options`; returns the
/// queued job.
pub async fn start_run(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    method: &str,
    seconds: f64,
    options: RunOptions,
) -> AppResult<PlacementJob> {
    require_national_in(store, principal, scenario).await?;
    let spec = checked_spec(method, seconds, options)?;
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/placement-runs"),
        format!("started {method} placement, {seconds} s, {options:?}"),
    );
    Ok(store
        .queue_placement_job(scenario, &spec, &principal.username, &entry)
        .await?)
}

/// A run's method, time limit and options, each checked against its field.
pub(crate) fn checked_spec(method: &str, seconds: f64, options: RunOptions) -> AppResult<JobSpec> {
    if !METHODS.contains(&method) {
        return Err(AppError::invalid(
            "method",
            format!("expected optimal or greedy, got '{method}'"),
        ));
    }
    if !(seconds > 0.0 && seconds <= MAX_TIME_LIMIT_SECONDS) {
        return Err(AppError::invalid(
            "time_limit_seconds",
            format!("time_limit_seconds must be above 0 and at most {MAX_TIME_LIMIT_SECONDS}"),
        ));
    }
    for (field, value, max) in [
        ("tie_bonus", options.tie_bonus, MAX_TIE_BONUS),
        ("waiting_weight", options.waiting_weight, MAX_WAITING_WEIGHT),
    ] {
        if !(0.0..=max).contains(&value) {
            return Err(AppError::invalid(
                field,
                format!("{field} must be from 0 to {max}, got {value}"),
            ));
        }
    }
    Ok(JobSpec {
        method: method.to_owned(),
        time_limit_ms: (seconds * 1000.0).ceil() as u64,
        options,
    })
}

/// The mechanism a run names, from its name and the parameter fields the API and forms
/// have: `preference_weight` (λ) for weighted, `outcome_share` for minimum outcome. A
/// parameter given for another mechanism is refused at its field rather than ignored.
pub fn checked_mechanism(
    name: Option<&str>,
    preference_weight: Option<f64>,
    outcome_share: Option<f64>,
) -> AppResult<Option<Mechanism>> {
    let refuse_unused = |field: &str, with: &str| {
        Err(AppError::invalid(
            field,
            format!("{field} is a parameter of mechanism {with} only"),
        ))
    };
    match name {
        None | Some("weighted") if outcome_share.is_some() => {
            refuse_unused("outcome_share", "minimum_outcome")
        }
        Some("minimum_outcome") | Some("stable") | None if preference_weight.is_some() => {
            refuse_unused("preference_weight", "weighted")
        }
        Some("stable") if outcome_share.is_some() => {
            refuse_unused("outcome_share", "minimum_outcome")
        }
        None => Ok(None),
        Some(name) => {
            let (field, parameter) = match name {
                "weighted" => ("preference_weight", preference_weight),
                "minimum_outcome" => ("outcome_share", outcome_share),
                _ => ("mechanism", None),
            };
            Mechanism::new(name, parameter)
                .map(Some)
                .map_err(|error| AppError::invalid(field, error.to_string()))
        }
    }
}

/// Keeps a run made outside the worker (`landa place` on a stored scenario); returns its
/// id. It is proposed, not approved: the latest run counts until one is approved.
pub async fn save_run(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    run: &PlacementRunRecord,
) -> AppResult<i64> {
    require_national_in(store, principal, scenario).await?;
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/placement-runs"),
        format!(
            "saved a {} placement: {} persons placed",
            run.method, run.persons_placed
        ),
    );
    Ok(store.save_placement_run(scenario, run, &entry).await?)
}

/// Approves a done run of `scenario`, once, by another national officer than the one who
/// started it (four eyes: anvisning / utsøking places people).
pub async fn approve_run(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    id: i64,
) -> AppResult<PlacementJob> {
    require_national_in(store, principal, scenario).await?;
    let done = store.placement_job(id).await?;
    if done.scenario != scenario {
        return Err(AppError::NotFound(format!(
            "no placement run {id} in scenario '{scenario}'"
        )));
    }
    if done.requested_by == principal.username {
        return Err(AppError::forbidden(format!(
            "placement run {id} was started by you; another national officer approves it (four eyes)"
        )));
    }
    let entry = audit::entry(
        principal,
        Action::Approve,
        &format!("/api/v1/scenarios/{scenario}/placement-runs/{id}"),
        done.message.unwrap_or_default(),
    );
    Ok(store
        .approve_placement_job(id, &principal.username, &entry)
        .await?)
}
