//! The integration register: what happens to each person after the household settled,
//! recorded by the municipality it settled in (its introduction programme and its status at
//! fixed points), read by that municipality and national, each read and write audited.

use crate::access::{personal_data_scope_in, scope_in};
use crate::audit::{self, Action};
use crate::intake::lifecycle_of;
use crate::intake::IntakeFileError;
use crate::{AppError, AppResult, Principal};
use chrono::NaiveDate;
use landa_bundle::{BundleError, RegisterEntry, RegisterRow};
use landa_model::{
    Activity, Checkpoint, EndReason, HouseholdId, HouseholdState, Municipality, MunicipalityCode,
    PersonId, PersonStatus, Programme, ProgrammeGoal, Role, Sex,
};
use landa_store::{PersonRegister, RegisterWrites, Store};
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

/// The household's register, if the caller is the municipality it settled in and
/// `person` is one of it: where a write may go.
async fn writable(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    person: &PersonId,
) -> AppResult<HouseholdRegister> {
    let register = read_register(store, principal, scenario, household).await?;
    require_settling_municipality(principal, &register.municipality)?;
    person_of(&register, person)?;
    Ok(register)
}

/// The programme of `input`, its dates passed and in order.
fn checked_programme(input: &ProgrammeInput) -> AppResult<Programme> {
    not_after_today("decided_on", Some(input.decided_on))?;
    not_after_today("started_on", input.started_on)?;
    not_after_today("ended_on", input.ended_on)?;
    Programme::new(
        input.decided_on,
        input.started_on,
        input.goal,
        input.ended_on,
        input.end_reason,
    )
    .map_err(|(field, error)| AppError::invalid(field, error.to_string()))
}

/// The status of `input` for a person of `register` whose programme ended on `ended`,
/// once the checkpoint's day has come.
fn checked_status(
    register: &HouseholdRegister,
    ended: Option<NaiveDate>,
    input: &StatusInput,
) -> AppResult<PersonStatus> {
    let checkpoint = input.checkpoint;
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
    Ok(PersonStatus {
        checkpoint,
        activity: input.activity,
        living_in: input
            .living_in
            .clone()
            .unwrap_or_else(|| register.municipality.clone()),
    })
}

/// When the person's stored programme ended, if it has.
fn stored_end(register: &HouseholdRegister, person: &PersonId) -> Option<NaiveDate> {
    register
        .persons
        .iter()
        .find(|p| &p.person == person)
        .and_then(|p| p.programme.as_ref())
        .and_then(|p| p.value.ended_on())
}

/// Writes checked programmes and statuses in one transaction, each with its audit entry
/// at its person's path (`household_of`); answers their versions.
async fn write(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household_of: &(dyn Fn(&PersonId) -> HouseholdId + Sync),
    programmes: &[(PersonId, Programme)],
    statuses: &[(PersonId, PersonStatus)],
) -> AppResult<(Vec<i64>, Vec<i64>)> {
    let path = |person: &PersonId| {
        format!(
            "{}/{person}",
            register_path(scenario, &household_of(person))
        )
    };
    let programme_entry = |person: &PersonId, after: &Programme, before: Option<&Programme>| {
        replacing(
            principal,
            &format!("{}/programme", path(person)),
            describe_programme(after),
            before.map(describe_programme),
        )
    };
    let describe = |s: &PersonStatus| format!("{}, living in {}", s.activity, s.living_in);
    let status_entry = |person: &PersonId, after: &PersonStatus, before: Option<&PersonStatus>| {
        replacing(
            principal,
            &format!("{}/statuses/{}", path(person), after.checkpoint),
            describe(after),
            before.map(describe),
        )
    };
    let writes = RegisterWrites {
        programmes,
        statuses,
        recorded_by: &principal.username,
    };
    Ok(store
        .record_register(scenario, &writes, programme_entry, status_entry)
        .await?)
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
    writable(store, principal, scenario, household, person).await?;
    let programme = checked_programme(input)?;
    let (versions, _) = write(
        store,
        principal,
        scenario,
        &|_| household.clone(),
        &[(person.clone(), programme)],
        &[],
    )
    .await?;
    Ok(versions[0])
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
/// day has come; only the municipality the household settled in records it. Answers the
/// version.
pub async fn record_status(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    person: &PersonId,
    input: &StatusInput,
) -> AppResult<i64> {
    let register = writable(store, principal, scenario, household, person).await?;
    let status = checked_status(&register, stored_end(&register, person), input)?;
    let (_, versions) = write(
        store,
        principal,
        scenario,
        &|_| household.clone(),
        &[],
        &[(person.clone(), status)],
    )
    .await?;
    Ok(versions[0])
}

/// The column of a register file that holds a command's field.
fn column_of(field: &str) -> String {
    match field {
        "decided_on" | "started_on" | "goal" | "ended_on" | "end_reason" | "checkpoint"
        | "activity" | "living_in" => field.to_owned(),
        _ => "person_id".to_owned(),
    }
}

/// Records the entries of a register file (read by `landa_bundle::read_register_bytes`),
/// all or nothing, in the file's order (a status may count from a programme ended a row
/// above): each person must be of a household settled in the caller's municipality, each
/// date passed. Every problem is named by the file's row and column; returns how many
/// entries were recorded.
pub async fn record_register_file(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    file: &str,
    rows: &[RegisterRow],
) -> Result<usize, IntakeFileError> {
    personal_data_scope_in(store, principal, scenario).await?;
    if !matches!(principal.role, Role::Municipality(..)) {
        return Err(AppError::forbidden(
            "the register is recorded by the municipality the household settled in",
        )
        .into());
    }
    let households = store
        .households_of_persons(scenario)
        .await
        .map_err(AppError::from)?;
    let mut registers: HashMap<HouseholdId, AppResult<HouseholdRegister>> = HashMap::new();
    let mut ended: HashMap<PersonId, Option<NaiveDate>> = HashMap::new();
    let (mut programmes, mut statuses, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        let mut refuse = |error: AppError| {
            let column = match &error {
                AppError::Invalid { field, .. } => column_of(field.as_str()),
                _ => "person_id".to_owned(),
            };
            let message = match error {
                AppError::Invalid { message, .. } => message,
                other => other.to_string(),
            };
            errors.push(BundleError {
                file: file.to_owned(),
                row: Some(row.line),
                column: Some(column),
                message,
            });
        };
        // One answer for a person not in the year and one settled elsewhere: the file
        // must not tell another municipality's people apart from nobody.
        let not_yours = || {
            AppError::NotFound(format!(
                "no person {} of a household settled in your municipality",
                row.person
            ))
        };
        let Some(household) = households.get(&row.person) else {
            refuse(not_yours());
            continue;
        };
        if !registers.contains_key(household) {
            let register = writable(store, principal, scenario, household, &row.person).await;
            registers.insert(household.clone(), register);
        }
        let register = match &registers[household] {
            Ok(register) => register,
            Err(_) => {
                refuse(not_yours());
                continue;
            }
        };
        match &row.entry {
            RegisterEntry::Programme(programme) => {
                let input = ProgrammeInput {
                    decided_on: programme.decided_on(),
                    started_on: programme.started_on(),
                    goal: programme.goal(),
                    ended_on: programme.ended_on(),
                    end_reason: programme.end_reason(),
                };
                match checked_programme(&input) {
                    Ok(programme) => {
                        ended.insert(row.person.clone(), programme.ended_on());
                        programmes.push((row.person.clone(), programme));
                    }
                    Err(error) => refuse(error),
                }
            }
            RegisterEntry::Status {
                checkpoint,
                activity,
                living_in,
            } => {
                let input = StatusInput {
                    checkpoint: *checkpoint,
                    activity: *activity,
                    living_in: living_in.clone(),
                };
                let end = match ended.get(&row.person) {
                    Some(end) => *end,
                    None => stored_end(register, &row.person),
                };
                match checked_status(register, end, &input) {
                    Ok(status) => statuses.push((row.person.clone(), status)),
                    Err(error) => refuse(error),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(IntakeFileError::File(errors));
    }
    let household_of = |person: &PersonId| households[person].clone();
    write(
        store,
        principal,
        scenario,
        &household_of,
        &programmes,
        &statuses,
    )
    .await?;
    Ok(programmes.len() + statuses.len())
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
