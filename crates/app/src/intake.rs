//! Intake during the year: national registers households as they are granted residence
//! (one at a time or as a file), corrects them and withdraws them, each a versioned step
//! in the household's history with its audit entry.

use crate::access::require_national_in;
use crate::audit::{self, Action};
use crate::{AppError, AppResult, Principal};
use landa_bundle::{BundleError, IntakeBatch};
use landa_model::{Household, HouseholdId, Lifecycle, MunicipalityCode, Person, Score, Step};
use landa_store::{IntakeTotal, Store, Transition};
use std::collections::{HashMap, HashSet};

/// Most households one registration takes: a file larger than a year's intake is a mistake.
pub const MAX_HOUSEHOLDS_PER_INTAKE: usize = 20_000;

/// Longest note kept with a correction or withdrawal.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A value of a registration the scenario refuses: the household's index in the batch
/// (or the person's, for `persons`), the field and why, so that a file's reader can name
/// its row and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeProblem {
    /// "households" or "persons".
    pub list: &'static str,
    pub index: usize,
    pub field: &'static str,
    pub message: String,
}

impl IntakeProblem {
    fn into_error(self) -> AppError {
        AppError::invalid(
            &format!("{}[{}].{}", self.list, self.index, self.field),
            self.message,
        )
    }
}

/// Everything the stored scenario refuses in a registration, in batch order: ids used
/// twice or already registered, persons of households not in the batch, municipalities
/// it does not have (where a household settled, its tie, its predicted outcomes).
/// Empty when the batch can be registered.
pub async fn intake_problems(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    households: &[Household],
    persons: &[Person],
    scores: &[Score],
) -> AppResult<Vec<IntakeProblem>> {
    require_national_in(store, principal, scenario).await?;
    let municipalities: HashSet<MunicipalityCode> = store
        .municipalities(scenario)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    let country = store.scenario_meta(scenario).await?.country;
    let missing = |code: &MunicipalityCode| {
        let why = landa_model::absence_explained(country, code)
            .map_or_else(String::new, |why| format!(": {why}"));
        format!("no municipality {code} in scenario '{scenario}'{why}")
    };
    let household_ids: Vec<HouseholdId> = households.iter().map(|h| h.id.clone()).collect();
    let person_ids: Vec<_> = persons.iter().map(|p| p.id.clone()).collect();
    let (taken, taken_persons) = store
        .registered_ids(scenario, &household_ids, &person_ids)
        .await?;
    let mut problems = Vec::new();
    let mut problem = |list, index, field, message: String| {
        problems.push(IntakeProblem {
            list,
            index,
            field,
            message,
        })
    };
    let mut seen: HashMap<&HouseholdId, usize> = HashMap::new();
    for (index, household) in households.iter().enumerate() {
        if let Some(first) = seen.insert(&household.id, index) {
            problem(
                "households",
                index,
                "id",
                format!(
                    "household {} is given twice (also at {first})",
                    household.id
                ),
            );
        }
        if taken.contains(&household.id) {
            problem(
                "households",
                index,
                "id",
                format!("household {} is registered already", household.id),
            );
        }
        for (field, code) in [
            ("tie", household.tie.as_ref()),
            ("settled_in", household.intake.settled_in()),
        ] {
            if let Some(code) = code.filter(|c| !municipalities.contains(*c)) {
                problem("households", index, field, missing(code));
            }
        }
        if household
            .permit_date
            .is_some_and(|permit| permit > household.waiting_since)
        {
            problem(
                "households",
                index,
                "permit_date",
                "the permit is granted before the household is ready for settlement \
                 (permit_date <= waiting_since)"
                    .into(),
            );
        }
    }
    let mut scored = HashSet::new();
    for score in scores {
        let Some(&index) = seen.get(&score.household) else {
            problem(
                "households",
                0,
                "scores",
                format!("household {} is not in this registration", score.household),
            );
            continue;
        };
        if !municipalities.contains(&score.municipality) {
            problem("households", index, "scores", missing(&score.municipality));
        }
        if !scored.insert((&score.household, &score.municipality)) {
            problem(
                "households",
                index,
                "scores",
                format!("municipality {} is scored twice", score.municipality),
            );
        }
    }
    let mut seen_persons = HashSet::new();
    for (index, person) in persons.iter().enumerate() {
        if !seen_persons.insert(&person.id) {
            problem(
                "persons",
                index,
                "id",
                format!("person {} is given twice", person.id),
            );
        }
        if taken_persons.contains(&person.id) {
            problem(
                "persons",
                index,
                "id",
                format!("person {} is registered already", person.id),
            );
        }
        if !seen.contains_key(&person.household) {
            problem(
                "persons",
                index,
                "household",
                format!("household {} is not in this registration", person.household),
            );
        }
    }
    Ok(problems)
}

/// Registers `households` with their `persons` and, where the agency's model predicts
/// them, their outcomes by municipality (`scores`, used by the runs as an imported
/// scenario's are), all or nothing; returns how many.
pub async fn register_households(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    households: &[Household],
    persons: &[Person],
    scores: &[Score],
) -> AppResult<usize> {
    if households.is_empty() {
        return Err(AppError::invalid(
            "households",
            "register at least one household",
        ));
    }
    if households.len() > MAX_HOUSEHOLDS_PER_INTAKE {
        return Err(AppError::invalid(
            "households",
            format!("at most {MAX_HOUSEHOLDS_PER_INTAKE} households per registration"),
        ));
    }
    let problems = intake_problems(store, principal, scenario, households, persons, scores).await?;
    if let Some(first) = problems.into_iter().next() {
        return Err(first.into_error());
    }
    let what = match households {
        [one] => format!("registered household {}", one.id),
        many => format!("registered {} households", many.len()),
    };
    let entry = audit::entry(
        principal,
        Action::Create,
        &format!("/api/v1/scenarios/{scenario}/households"),
        what,
    );
    store
        .register_households(
            scenario,
            households,
            persons,
            scores,
            &principal.username,
            &entry,
        )
        .await?;
    Ok(households.len())
}

/// Why an intake file was not registered: a refusal of the command (who may, the
/// scenario), or the file's problems, each at its row and column.
#[derive(Debug)]
pub enum IntakeFileError {
    Refused(AppError),
    File(Vec<BundleError>),
}

impl From<AppError> for IntakeFileError {
    fn from(error: AppError) -> Self {
        IntakeFileError::Refused(error)
    }
}

/// The column of an intake file that holds a registration's field.
fn column_of(field: &str) -> &'static str {
    match field {
        "tie" => "tie_municipality_code",
        "settled_in" => "settled_municipality_code",
        "permit_date" => "permit_date",
        _ => "household_id",
    }
}

/// Registers the households of an intake file (read by `landa_bundle::read_intake`),
/// all or nothing: what the stored scenario refuses (ids registered already) is named
/// by the file's row and column, every problem at once; returns how many.
pub async fn register_intake_file(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    batch: &IntakeBatch,
) -> Result<usize, IntakeFileError> {
    let problems = intake_problems(
        store,
        principal,
        scenario,
        &batch.households,
        &batch.persons,
        &[],
    )
    .await?;
    if !problems.is_empty() {
        let index_of: HashMap<&HouseholdId, usize> = batch
            .households
            .iter()
            .enumerate()
            .map(|(i, h)| (&h.id, i))
            .collect();
        let errors = problems
            .into_iter()
            .map(|p| match p.list {
                // A person's problem is shown at its household's row.
                "persons" => {
                    let household = &batch.persons[p.index].household;
                    let index = index_of.get(household).copied().unwrap_or(0);
                    batch.error_at(index, column_of(p.field), p.message)
                }
                _ => batch.error_at(p.index, column_of(p.field), p.message),
            })
            .collect();
        return Err(IntakeFileError::File(errors));
    }
    Ok(register_households(
        store,
        principal,
        scenario,
        &batch.households,
        &batch.persons,
        &[],
    )
    .await?)
}

fn check_note(note: &str, required: bool) -> AppResult<String> {
    let note = note.trim().to_owned();
    if required && note.is_empty() {
        return Err(AppError::invalid("note", "say why"));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::invalid(
            "note",
            format!("note is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(note)
}

/// The household's lifecycle and version, or not found.
pub(crate) async fn lifecycle_of(
    store: &Store,
    scenario: &str,
    household: &HouseholdId,
) -> AppResult<(Lifecycle, i64)> {
    store
        .lifecycle(scenario, household)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no household {household} in '{scenario}'")))
}

/// Corrects a registered household (its facts and persons), from `version`, saying why;
/// returns the new version. Its intake may change between self-settled and the others
/// only while it is not placed by a run; a withdrawn household is not corrected.
pub async fn correct_household(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &Household,
    persons: &[Person],
    version: i64,
    note: &str,
) -> AppResult<i64> {
    require_national_in(store, principal, scenario).await?;
    let note = check_note(note, true)?;
    let (current, _) = lifecycle_of(store, scenario, &household.id).await?;
    if let Some(person) = persons.iter().find(|p| p.household != household.id) {
        return Err(AppError::invalid(
            "persons",
            format!(
                "person {} belongs to household {}",
                person.id, person.household
            ),
        ));
    }
    let problem = intake_problems(
        store,
        principal,
        scenario,
        std::slice::from_ref(household),
        &[],
        &[],
    )
    .await?
    .into_iter()
    .find(|p| p.field != "id");
    if let Some(problem) = problem {
        return Err(problem.into_error());
    }
    use landa_model::StateName as S;
    let next_state = match (current.state.name(), household.intake.first_state().name()) {
        (S::Withdrawn | S::MovedElsewhere, _) => {
            return Err(AppError::Conflict(format!(
                "household {} is {}; it is not corrected any more",
                household.id,
                current.state.name()
            )))
        }
        (S::Waiting | S::SelfSettled, _) => household.intake.first_state(),
        (_, S::SelfSettled) => {
            return Err(AppError::Conflict(format!(
                "household {} is {}; withdraw the proposal before it becomes self-settled",
                household.id,
                current.state.name()
            )))
        }
        _ => current.state.clone(),
    };
    let next = Lifecycle {
        state: next_state,
        excluded: current.excluded.clone(),
    };
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/scenarios/{scenario}/households/{}", household.id),
        format!("corrected: {note}"),
    );
    let transition = Transition {
        household: &household.id,
        version,
        step: "corrected",
        next: &next,
        note: &note,
        recorded_by: &principal.username,
        lets: None,
    };
    Ok(store
        .correct_household(scenario, household, persons, &transition, &entry)
        .await?)
}

/// Takes a household out of the year (no longer to be settled: moved abroad, permit
/// revoked, settled by other means), saying why; returns the new version.
pub async fn withdraw_household(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    household: &HouseholdId,
    version: i64,
    note: &str,
) -> AppResult<i64> {
    require_national_in(store, principal, scenario).await?;
    let note = check_note(note, true)?;
    crate::households::take_step(
        store,
        principal,
        scenario,
        household,
        version,
        &Step::Withdraw,
        &note,
    )
    .await
}

/// The year's households by intake category and state, for national.
pub async fn intake_totals(
    store: &Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<Vec<IntakeTotal>> {
    require_national_in(store, principal, scenario).await?;
    Ok(store.intake_totals(scenario).await?)
}
