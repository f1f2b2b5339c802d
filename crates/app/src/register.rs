//! The integration register: what happens to each person after the household settled,
//! recorded by the municipality it settled in (its introduction programme and its status at
//! fixed points), read by that municipality and national, each read and write audited.

use crate::access::{personal_data_scope_in, scope_in};
use crate::audit::{self, Action};
use crate::intake::lifecycle_of;
use crate::{AppError, AppResult, Principal};
use chrono::NaiveDate;
use landa_model::{
    Activity, Checkpoint, EndReason, HouseholdId, HouseholdState, Municipality, MunicipalityCode,
    PersonId, PersonStatus, Programme, ProgrammeGoal, Role, Sex,
};
use landa_store::{PersonRegister, Store};
use std::collections::HashMap;

/// A settled household's register: where and when it settled, and each person's entries.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdRegister {
    pub municipality: MunicipalityCode,
    pub settled_on: NaiveDate,
    pub persons: Vec<PersonRegister>,
}

/// A programme as a form or request gives it, checked by [`record_programme`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeInput {
    pub decided_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub goal: ProgrammeGoal,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
}

/// A status as a form or request gives it, checked by [`record_status`]; no `living_in`
/// means the municipality settled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusInput {
    pub checkpoint: Checkpoint,
    pub activity: Activity,
    pub living_in: Option<MunicipalityCode>,
}

fn register_path(scenario: &str, household: &HouseholdId) -> String {
    format!("/api/v1/scenarios/{scenario}/households/{household}/register")
}

fn not_visible(household: &HouseholdId) -> AppError {
    AppError::NotFound(format!("no settled household {household} that you may see"))
}

/// Where and when the household settled, if the caller may see it: national any settled
/// household, a municipality those settled in it. Others, and households not settled,
/// are not found.
async fn settled(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<(MunicipalityCode, NaiveDate)> {
    let own = personal_data_scope_in(store, principal, scenario).await?;
    let (lifecycle, _) = lifecycle_of(store, scenario, household)
        .await
        .map_err(|_| not_visible(household))?;
    let settled_on = match &lifecycle.state {
        HouseholdState::MovedIn { on, .. } => Some(*on),
        // The move on keeps only where from: the move-in is in the household's history.
        HouseholdState::MovedElsewhere { .. } => store
            .household_events(scenario, household)
            .await?
            .iter()
            .rev()
            .find(|event| event.step == "moved_in")
            .and_then(|event| event.on),
        _ => None,
    };
    match (lifecycle.state.municipality(), settled_on) {
        (Some(municipality), Some(on)) if own.as_ref().is_none_or(|own| own == municipality) => {
            Ok((municipality.clone(), on))
        }
        _ => Err(not_visible(household)),
    }
}

/// Writes are the settling municipality's own: it runs the programme.
fn require_settling_municipality(
    principal: &Principal,
    municipality: &MunicipalityCode,
) -> AppResult<()> {
    match &principal.role {
        Role::Municipality(_, own) if own == municipality => Ok(()),
        _ => Err(AppError::forbidden(
            "the register is recorded by the municipality the household settled in",
        )),
    }
}

fn person_of(register: &HouseholdRegister, person: &PersonId) -> AppResult<()> {
    if register.persons.iter().any(|p| &p.person == person) {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "no person {person} in this household"
        )))
    }
}

fn not_after_today(field: &str, day: Option<NaiveDate>) -> AppResult<()> {
    match day {
        Some(day) if day > chrono::Utc::now().date_naive() => Err(AppError::invalid(
            field,
            format!("{day} is in the future: the register records what has happened"),
        )),
        _ => Ok(()),
    }
}

async fn read_register(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<HouseholdRegister> {
    let (municipality, settled_on) = settled(store, principal, scenario, household).await?;
    Ok(HouseholdRegister {
        municipality,
        settled_on,
        persons: store.household_register(scenario, household).await?,
    })
}

/// The register of each person of a settled household; the read is audited.
pub async fn household_register(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<HouseholdRegister> {
    let register = read_register(store, principal, scenario, household).await?;
    let entry = audit::entry(
        principal,
        Action::Read,
        &register_path(scenario, household),
        "",
    );
    audit::record(store, &entry).await?;
    Ok(register)
}

/// Records a person's programme (a new version of it), checked whole at its fields; only
/// the municipality the household settled in records it. Answers the version.
pub async fn record_programme(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    person: &PersonId,
    input: &ProgrammeInput,
) -> AppResult<i64> {
    let register = read_register(store, principal, scenario, household).await?;
    require_settling_municipality(principal, &register.municipality)?;
    person_of(&register, person)?;
    not_after_today("decided_on", Some(input.decided_on))?;
    not_after_today("started_on", input.started_on)?;
    not_after_today("ended_on", input.ended_on)?;
    let programme = Programme::new(
        input.decided_on,
        input.started_on,
        input.goal,
        input.ended_on,
        input.end_reason,
    )
    .map_err(|(field, error)| AppError::invalid(field, error.to_string()))?;
    let resource = format!("{}/{person}/programme", register_path(scenario, household));
    let entry = |before: Option<&Programme>| {
        replacing(
            principal,
            &resource,
            describe_programme(&programme),
            before.map(describe_programme),
        )
    };
    Ok(store
        .record_programme(scenario, person, &programme, &principal.username, entry)
        .await?)
}

/// The audit entry of a register write: what it records and what it replaced ("none" for
/// a first entry, which is a create).
fn replacing(
    principal: &Principal,
    resource: &str,
    after: String,
    before: Option<String>,
) -> landa_store::AuditEntry {
    let action = if before.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    let before = before.unwrap_or_else(|| "none".to_owned());
    audit::entry(
        principal,
        action,
        resource,
        format!("{after} (was {before})"),
    )
}

fn describe_programme(programme: &Programme) -> String {
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
    format!(
        "decided {}, started {}, goal {}, ended {} {}",
        programme.decided_on(),
        day(programme.started_on()),
        programme.goal(),
        day(programme.ended_on()),
        programme.end_reason().map_or("", EndReason::as_str)
    )
}

/// Records a person's status at a checkpoint (a new version of it), once the checkpoint's
/// day has come. Only that
/// municipality records it. Answers the version.
pub async fn record_status(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    person: &PersonId,
    input: &StatusInput,
) -> AppResult<i64> {
    let checkpoint = input.checkpoint;
    let register = read_register(store, principal, scenario, household).await?;
    require_settling_municipality(principal, &register.municipality)?;
    person_of(&register, person)?;
    let ended = register
        .persons
        .iter()
        .find(|p| &p.person == person)
        .and_then(|p| p.programme.as_ref())
        .and_then(|p| p.value.ended_on());
    let Some(due) = checkpoint.date(ended, register.settled_on) else {
        return Err(AppError::invalid(
            "checkpoint",
            format!("{checkpoint} counts from the end of the programme, which is not recorded"),
        ));
    };
    if due > chrono::Utc::now().date_naive() {
        return Err(AppError::invalid(
            "checkpoint",
            format!("{checkpoint} falls on {due}: a status is recorded once its day has come"),
        ));
    }
    let status = PersonStatus {
        checkpoint,
        activity: input.activity,
        living_in: input
            .living_in
            .clone()
            .unwrap_or_else(|| register.municipality.clone()),
    };
    let resource = format!(
        "{}/{person}/statuses/{checkpoint}",
        register_path(scenario, household)
    );
    let describe = |s: &PersonStatus| format!("{}, living in {}", s.activity, s.living_in);
    let entry = |before: Option<&PersonStatus>| {
        replacing(
            principal,
            &resource,
            describe(&status),
            before.map(describe),
        )
    };
    Ok(store
        .record_status(scenario, person, &status, &principal.username, entry)
        .await?)
}

/// Persons with a status at a checkpoint, counted by sex (female, male, unknown): in
/// work or education, and neither; and whether they still live where they settled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActivityCounts {
    pub work_or_education: [u64; 3],
    pub neither: [u64; 3],
    /// Living in the municipality they settled in (or moved elsewhere) at the checkpoint.
    pub stayed: u64,
    pub moved: u64,
}

impl ActivityCounts {
    /// The index of `sex` in the counts.
    pub fn sex_index(sex: Sex) -> usize {
        match sex {
            Sex::Female => 0,
            Sex::Male => 1,
            Sex::Unknown => 2,
        }
    }

    pub fn persons(&self) -> u64 {
        self.work_or_education.iter().chain(&self.neither).sum()
    }

    pub fn in_work_or_education(&self) -> u64 {
        self.work_or_education.iter().sum()
    }
}

/// One municipality's register figures at a checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalityIndicators {
    pub municipality: Municipality,
    pub counts: ActivityCounts,
}

/// Every municipality of the caller's planning scope (national: all, a region its own,
/// a municipality itself) with the statuses recorded at `checkpoint` of the persons
/// settled there, counted; no personal data leaves, so the read is not audited.
pub async fn indicators(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    checkpoint: Checkpoint,
) -> AppResult<Vec<MunicipalityIndicators>> {
    let scope = scope_in(store, principal, scenario).await?;
    let mut rows: Vec<MunicipalityIndicators> = store
        .municipalities(scenario)
        .await?
        .into_iter()
        .filter(|m| scope.covers(&m.code, Some(&m.region)))
        .map(|municipality| MunicipalityIndicators {
            municipality,
            counts: ActivityCounts::default(),
        })
        .collect();
    let index: HashMap<MunicipalityCode, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.municipality.code.clone(), i))
        .collect();
    for fact in store.status_facts(scenario).await? {
        let Some(&row) = index.get(&fact.settled_in) else {
            continue;
        };
        if fact.status.checkpoint != checkpoint {
            continue;
        }
        let sex = ActivityCounts::sex_index(fact.sex);
        let counts = &mut rows[row].counts;
        if fact.status.activity.is_work_or_education() {
            counts.work_or_education[sex] += 1;
        } else {
            counts.neither[sex] += 1;
        }
        if fact.status.living_in == fact.settled_in {
            counts.stayed += 1;
        } else {
            counts.moved += 1;
        }
    }
    Ok(rows)
}
