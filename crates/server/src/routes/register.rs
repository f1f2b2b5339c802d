//! The integration register over the API: a settled household's persons, each with the
//! introduction programme and the status at checkpoints that the municipality it settled
//! in records.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Json, Path};
use crate::routes::intake::{file_answer, file_outcome, FileRefusal, IntakeFileQuery};
use crate::routes::parse_field;
use crate::values::{Activity, EndReason, ProgrammeGoal};
use crate::AppState;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, Utc};
use landa_app::register::{self, HouseholdRegister, ProgrammeInput, StatusInput};
use landa_model::{Checkpoint, HouseholdId, NaiveDate, PersonId, PersonStatus, Programme};
use landa_store::{PersonRegister, Recorded};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterOut {
    /// The municipality the household settled in.
    #[schema(example = "2080")]
    pub municipality: String,
    pub settled_on: NaiveDate,
    pub persons: Vec<PersonRegisterOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonRegisterOut {
    pub person: String,
    /// None until the municipality records it.
    pub programme: Option<ProgrammeOut>,
    /// In checkpoint order.
    pub statuses: Vec<StatusOut>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeIn {
    /// The decision on the programme (vedtak / beslut), YYYY-MM-DD, not in the future.
    pub decided_on: NaiveDate,
    /// Not before the decision [default: not started].
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    /// The final goal of the individual plan.
    pub goal: ProgrammeGoal,
    /// Not before the start; given with `end_reason` [default: not ended].
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    #[serde(default)]
    pub end_reason: Option<EndReason>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeOut {
    pub decided_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub goal: ProgrammeGoal,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    pub version: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusIn {
    pub activity: Activity,
    /// Where the person lives at the checkpoint: another municipality than the one settled
    /// in is secondary migration [default: the one settled in].
    #[serde(default)]
    #[schema(example = "2080")]
    pub living_in: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusOut {
    /// programme_90_days, programme_1_year, settled_1_year, settled_<n>_years (2 to 10).
    pub checkpoint: String,
    pub activity: Activity,
    pub living_in: String,
    pub version: i64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedOut {
    pub person: String,
    /// The entry's version: 1 when first recorded, one more at each change.
    pub version: i64,
}

impl RecordedOut {
    fn json(person: &PersonId, version: i64) -> axum::Json<RecordedOut> {
        axum::Json(RecordedOut {
            person: person.to_string(),
            version,
        })
    }
}

impl From<&Recorded<Programme>> for ProgrammeOut {
    fn from(recorded: &Recorded<Programme>) -> Self {
        let p = &recorded.value;
        ProgrammeOut {
            decided_on: p.decided_on(),
            started_on: p.started_on(),
            goal: p.goal().into(),
            ended_on: p.ended_on(),
            end_reason: p.end_reason().map(EndReason::from),
            version: recorded.version,
            recorded_by: recorded.recorded_by.clone(),
            recorded_at: recorded.recorded_at,
        }
    }
}

impl From<&Recorded<PersonStatus>> for StatusOut {
    fn from(recorded: &Recorded<PersonStatus>) -> Self {
        let s = &recorded.value;
        StatusOut {
            checkpoint: s.checkpoint.to_string(),
            activity: s.activity.into(),
            living_in: s.living_in.to_string(),
            version: recorded.version,
            recorded_by: recorded.recorded_by.clone(),
            recorded_at: recorded.recorded_at,
        }
    }
}

impl From<&PersonRegister> for PersonRegisterOut {
    fn from(register: &PersonRegister) -> Self {
        PersonRegisterOut {
            person: register.person.to_string(),
            programme: register.programme.as_ref().map(ProgrammeOut::from),
            statuses: register.statuses.iter().map(StatusOut::from).collect(),
        }
    }
}

impl From<&HouseholdRegister> for RegisterOut {
    fn from(register: &HouseholdRegister) -> Self {
        RegisterOut {
            municipality: register.municipality.to_string(),
            settled_on: register.settled_on,
            persons: register
                .persons
                .iter()
                .map(PersonRegisterOut::from)
                .collect(),
        }
    }
}

fn ids(household: &str, person: &str) -> ApiResult<(HouseholdId, PersonId)> {
    Ok((
        parse_field(household, "household")?,
        parse_field(person, "person")?,
    ))
}

/// The register of a settled household's persons (the municipality it settled in, or
/// national; the read is audited).
#[utoipa::path(get, path = "/scenarios/{scenario}/households/{id}/register",
    tag = "register", operation_id = "householdRegister",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id", example = "H001")),
    responses((status = 200, body = RegisterOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, household)): Path<(String, String)>,
) -> ApiResult<axum::Json<RegisterOut>> {
    let household: HouseholdId = parse_field(&household, "household")?;
    let found =
        register::household_register(&state.store, &principal, &scenario, &household).await?;
    Ok(axum::Json((&found).into()))
}

/// Record a person's introduction programme (introduksjonsprogram / etableringsprogram):
/// the municipality the household settled in; each write is a new version, audited.
#[utoipa::path(put, path = "/scenarios/{scenario}/households/{id}/register/{person}/programme",
    tag = "register", operation_id = "recordProgramme",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id", example = "H001"),
           ("person" = String, Path, description = "Person id", example = "P001")),
    request_body = ProgrammeIn,
    responses((status = 200, body = RecordedOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn put_programme(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, household, person)): Path<(String, String, String)>,
    Json(body): Json<ProgrammeIn>,
) -> ApiResult<axum::Json<RecordedOut>> {
    let (household, person) = ids(&household, &person)?;
    let input = ProgrammeInput {
        decided_on: body.decided_on,
        started_on: body.started_on,
        goal: body.goal.into(),
        ended_on: body.ended_on,
        end_reason: body.end_reason.map(Into::into),
    };
    let version = register::record_programme(
        &state.store,
        &principal,
        &scenario,
        &household,
        &person,
        &input,
    )
    .await?;
    Ok(RecordedOut::json(&person, version))
}

/// Record a person's status at a checkpoint, once its day has come: the municipality the
/// household settled in; each write is a new version, audited.
#[utoipa::path(put,
    path = "/scenarios/{scenario}/households/{id}/register/{person}/statuses/{checkpoint}",
    tag = "register", operation_id = "recordStatus",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id", example = "H001"),
           ("person" = String, Path, description = "Person id", example = "P001"),
           ("checkpoint" = String, Path, example = "settled_1_year",
            description = "programme_90_days, programme_1_year, settled_1_year or settled_<n>_years (2 to 10)")),
    request_body = StatusIn,
    responses((status = 200, body = RecordedOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn put_status(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, household, person, checkpoint)): Path<(String, String, String, String)>,
    Json(body): Json<StatusIn>,
) -> ApiResult<axum::Json<RecordedOut>> {
    let (household, person) = ids(&household, &person)?;
    let input = StatusInput {
        checkpoint: parse_field::<Checkpoint>(&checkpoint, "checkpoint")?,
        activity: body.activity.into(),
        living_in: body
            .living_in
            .as_deref()
            .map(|code| parse_field(code, "living_in"))
            .transpose()?,
    };
    let version = register::record_status(
        &state.store,
        &principal,
        &scenario,
        &household,
        &person,
        &input,
    )
    .await?;
    Ok(RecordedOut::json(&person, version))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedFileOut {
    /// Programmes and statuses recorded.
    pub recorded: usize,
}

/// A register file's entries recorded, or its problems each at its row and column.
pub async fn record_file(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    name: &str,
    bytes: &[u8],
) -> ApiResult<Result<usize, Vec<landa_bundle::BundleError>>> {
    let rows = match landa_bundle::read_register_bytes(name, bytes) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(errors)),
    };
    file_outcome(
        register::record_register_file(&state.store, principal, scenario, name, &rows).await,
    )
}

/// Record the entries of a register file (the body: CSV with `person_id, entry` and the
/// entry's columns, or an .xlsx workbook), all or nothing: the municipality the persons'
/// households settled in. A refused file answers 422 with every problem at its row and
/// column.
#[utoipa::path(post, path = "/scenarios/{scenario}/register-files", tag = "register",
    operation_id = "recordRegisterFile",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           IntakeFileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The file's bytes"),
    responses((status = 201, body = RecordedFileOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 413, body = crate::ErrorBody), (status = 422, body = FileRefusal)))]
pub async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    crate::extract::Query(query): crate::extract::Query<IntakeFileQuery>,
    bytes: axum::body::Bytes,
) -> ApiResult<Response> {
    let outcome = record_file(&state, &principal, &scenario, &query.name, &bytes).await?;
    Ok(file_answer(outcome, |recorded| RecordedFileOut {
        recorded,
    }))
}
