//! A household's year through the API: national registers households as they are
//! granted residence, corrects and withdraws them; the municipality records the move-in
//! and a later move; national lifts a question; the history shows every step. A change
//! is made from the version read (If-Match, the household's ETag).

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::routes::{etag, parse_field, required_version};
use crate::values::{EducationLevel, HouseholdStateName, IntakeCategory, Sex};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use landa_app::{households, intake};
use landa_model::{
    DwellingId, Household, HouseholdId, Intake, LanguageCode, MunicipalityCode, NaiveDate, Person,
    PersonId, Score, ServiceName,
};
use landa_store::HouseholdEvent;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    pub id: String,
    pub birth_year: u16,
    pub sex: Sex,
    pub education: EducationLevel,
    /// ISO 639-1 codes.
    #[serde(default)]
    pub languages: Vec<String>,
}

/// A household as national registers or corrects it, with its persons.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdIn {
    pub id: String,
    pub adults: u32,
    pub children: u32,
    #[serde(default)]
    pub unaccompanied_minor: bool,
    /// YYYY-MM-DD: ready for settlement from this day; waiting time counts from it.
    pub waiting_since: NaiveDate,
    /// YYYY-MM-DD: residence permit granted (not after `waiting_since`).
    pub permit_date: Option<NaiveDate>,
    pub intake_category: IntakeCategory,
    /// The municipality a self-settled household lives in (required for self_settled).
    pub settled_in: Option<String>,
    /// Municipality the household has a tie to (relatives, work, studies).
    pub tie: Option<String>,
    /// Special needs, as capacity service names.
    #[serde(default)]
    pub needs: Vec<String>,
    /// ISO 639-1 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub persons: Vec<PersonIn>,
    /// At registration only: the predicted outcome in each municipality (four-digit code
    /// to a finite number, e.g. the probability of employment from the agency's model),
    /// which runs maximise as they do an imported scenario's scores. A household without
    /// them may go anywhere with a number.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, f64>)]
    pub scores: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationIn {
    pub households: Vec<HouseholdIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationOut {
    pub registered: usize,
}

/// A field of the `index`th household: `households[3].tie`.
fn field_of(index: Option<usize>, field: &str) -> String {
    match index {
        Some(index) => format!("households[{index}].{field}"),
        None => field.to_owned(),
    }
}

fn set_of<T>(texts: &[String], field: &str) -> ApiResult<BTreeSet<T>>
where
    T: std::str::FromStr + Ord,
    T::Err: std::fmt::Display,
{
    texts.iter().map(|t| parse_field(t, field)).collect()
}

/// The predicted outcomes of the `index`th household of a registration; errors name the
/// municipality's entry (`households[3].scores.2080`).
fn scores_of(body: &HouseholdIn, index: usize, household: &HouseholdId) -> ApiResult<Vec<Score>> {
    body.scores
        .iter()
        .map(|(code, value)| {
            let field = field_of(Some(index), &format!("scores.{code}"));
            let municipality = parse_field::<MunicipalityCode>(code, &field)?;
            Score::new(household.clone(), municipality, *value)
                .map_err(|e| ApiError::field(&field, e.to_string()))
        })
        .collect()
}

/// The model's household and persons of a body; errors name the field, within the
/// `index`th household of a registration.
fn household_of(body: &HouseholdIn, index: Option<usize>) -> ApiResult<(Household, Vec<Person>)> {
    let field = |name: &str| field_of(index, name);
    let id: HouseholdId = parse_field(&body.id, &field("id"))?;
    let mut household = Household::new(
        id.clone(),
        body.adults,
        body.children,
        body.unaccompanied_minor,
        body.waiting_since,
    )
    .map_err(|e| ApiError::field(&field("adults"), e.to_string()))?;
    let settled_in = body
        .settled_in
        .as_deref()
        .map(|code| parse_field::<MunicipalityCode>(code, &field("settled_in")))
        .transpose()?;
    household.intake = Intake::new(body.intake_category.into(), settled_in)
        .map_err(|e| ApiError::field(&field("settled_in"), e.to_string()))?;
    household.permit_date = body.permit_date;
    household.tie = body
        .tie
        .as_deref()
        .map(|code| parse_field(code, &field("tie")))
        .transpose()?;
    household.needs = set_of::<ServiceName>(&body.needs, &field("needs"))?;
    household.languages = set_of::<LanguageCode>(&body.languages, &field("languages"))?;
    if body.persons.len() > household.size() as usize {
        return Err(ApiError::field(
            &field("persons"),
            format!(
                "{} persons given for a household of {}",
                body.persons.len(),
                household.size()
            ),
        ));
    }
    let persons = body
        .persons
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let field = |name: &str| field(&format!("persons[{i}].{name}"));
            Ok(Person {
                id: parse_field::<PersonId>(&p.id, &field("id"))?,
                household: id.clone(),
                birth_year: p.birth_year,
                sex: p.sex.into(),
                education: p.education.into(),
                languages: set_of(&p.languages, &field("languages"))?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok((household, persons))
}

/// Register households granted residence, with their persons, all or nothing: national.
/// Errors name the field (`households[2].tie`).
#[utoipa::path(post, path = "/scenarios/{scenario}/households", tag = "households",
    operation_id = "registerHouseholds",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = RegistrationIn,
    responses((status = 201, body = RegistrationOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<RegistrationIn>,
) -> ApiResult<Response> {
    let mut households = Vec::with_capacity(body.households.len());
    let mut persons = Vec::new();
    let mut scores = Vec::new();
    for (index, h) in body.households.iter().enumerate() {
        let (household, its_persons) = household_of(h, Some(index))?;
        scores.extend(scores_of(h, index, &household.id)?);
        households.push(household);
        persons.extend(its_persons);
    }
    let registered = intake::register_households(
        &state.store,
        &principal,
        &scenario,
        &households,
        &persons,
        &scores,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(RegistrationOut { registered }),
    )
        .into_response())
}

/// The new version of a household after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    pub household: String,
    pub version: i64,
}

fn changed(household: &HouseholdId, version: i64) -> Response {
    (
        [(header::ETAG, etag(version))],
        axum::Json(VersionOut {
            household: household.to_string(),
            version,
        }),
    )
        .into_response()
}

fn household_version(headers: &HeaderMap) -> ApiResult<i64> {
    required_version(headers, "household", "its ETag").map(i64::from)
}

fn household_id(id: &str) -> ApiResult<HouseholdId> {
    id.parse()
        .map_err(|_| ApiError::not_found(format!("no household {id} that you may see")))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionIn {
    pub household: HouseholdIn,
    /// Why (required): what was wrong.
    pub note: String,
}

/// Correct a registered household and its persons, saying why: national, from the
/// version read (If-Match).
#[utoipa::path(put, path = "/scenarios/{scenario}/households/{id}", tag = "households",
    operation_id = "correctHousehold",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id"),
           ("If-Match" = String, Header, description = "Version the correction is based on")),
    request_body = CorrectionIn,
    responses((status = 200, body = VersionOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 412, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody), (status = 428, body = crate::ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<CorrectionIn>,
) -> ApiResult<Response> {
    let version = household_version(&headers)?;
    if !body.household.scores.is_empty() {
        return Err(ApiError::field(
            "household.scores",
            "predicted outcomes are given at registration; a correction leaves them as they are",
        ));
    }
    let (household, persons) = household_of(&body.household, None)?;
    if household.id.as_str() != id {
        return Err(ApiError::field(
            "household.id",
            format!("the body corrects {}, the path names {id}", household.id),
        ));
    }
    let version = intake::correct_household(
        &state.store,
        &principal,
        &scenario,
        &household,
        &persons,
        version,
        &body.note,
    )
    .await?;
    Ok(changed(&household.id, version))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalIn {
    /// Why (required): moved abroad, permit revoked, settled by other means.
    pub note: String,
}

/// Take a household out of the year, saying why: national, from the version read.
#[utoipa::path(post, path = "/scenarios/{scenario}/households/{id}/withdrawal", tag = "households",
    operation_id = "withdrawHousehold",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id"),
           ("If-Match" = String, Header, description = "Version the withdrawal is based on")),
    request_body = WithdrawalIn,
    responses((status = 200, body = VersionOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 412, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody), (status = 428, body = crate::ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<WithdrawalIn>,
) -> ApiResult<Response> {
    let version = household_version(&headers)?;
    let household = household_id(&id)?;
    let version = intake::withdraw_household(
        &state.store,
        &principal,
        &scenario,
        &household,
        version,
        &body.note,
    )
    .await?;
    Ok(changed(&household, version))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInIn {
    /// YYYY-MM-DD, not in the future.
    pub on: NaiveDate,
    /// The dwelling moved into; the one reserved by the approval when absent.
    pub dwelling: Option<String>,
}

/// Record that an approved household moved in: its municipality or national. The
/// dwelling becomes let and is offered to no later run.
#[utoipa::path(post, path = "/scenarios/{scenario}/households/{id}/move-in", tag = "households",
    operation_id = "recordMoveIn",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id"),
           ("If-Match" = String, Header, description = "Version the move-in is based on")),
    request_body = MoveInIn,
    responses((status = 200, body = VersionOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 412, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody), (status = 428, body = crate::ErrorBody)))]
pub async fn move_in(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<MoveInIn>,
) -> ApiResult<Response> {
    let version = household_version(&headers)?;
    let household = household_id(&id)?;
    let dwelling = body
        .dwelling
        .as_deref()
        .map(|d| parse_field::<DwellingId>(d, "dwelling"))
        .transpose()?;
    let version = households::move_in(
        &state.store,
        &principal,
        &scenario,
        &household,
        version,
        body.on,
        dwelling,
    )
    .await?;
    Ok(changed(&household, version))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveElsewhereIn {
    /// YYYY-MM-DD, not in the future.
    pub on: NaiveDate,
    /// Where to, as far as known.
    #[serde(default)]
    pub note: String,
}

/// Record that a household settled here moved on to another municipality (secondary
/// migration): its municipality or national.
#[utoipa::path(post, path = "/scenarios/{scenario}/households/{id}/move-elsewhere", tag = "households",
    operation_id = "recordMoveElsewhere",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id"),
           ("If-Match" = String, Header, description = "Version the move is based on")),
    request_body = MoveElsewhereIn,
    responses((status = 200, body = VersionOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 412, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody), (status = 428, body = crate::ErrorBody)))]
pub async fn move_elsewhere(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<MoveElsewhereIn>,
) -> ApiResult<Response> {
    let version = household_version(&headers)?;
    let household = household_id(&id)?;
    let version = households::move_elsewhere(
        &state.store,
        &principal,
        &scenario,
        &household,
        version,
        body.on,
        &body.note,
    )
    .await?;
    Ok(changed(&household, version))
}

/// Lift a municipality's question of a household, so later runs may propose it there
/// again: national, from the version read.
#[utoipa::path(delete, path = "/scenarios/{scenario}/households/{id}/exclusions/{municipality}", tag = "households",
    operation_id = "liftExclusion",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id"),
           ("municipality" = String, Path, description = "Municipality code"),
           ("If-Match" = String, Header, description = "Version the change is based on")),
    responses((status = 200, body = VersionOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 412, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody),
              (status = 428, body = crate::ErrorBody)))]
pub async fn lift_exclusion(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id, municipality)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let version = household_version(&headers)?;
    let household = household_id(&id)?;
    let municipality: MunicipalityCode = parse_field(&municipality, "municipality")?;
    let version = households::lift_exclusion(
        &state.store,
        &principal,
        &scenario,
        &household,
        version,
        &municipality,
    )
    .await?;
    Ok(changed(&household, version))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub version: i64,
    /// registered, corrected, proposed, superseded, accepted, questioned, approved,
    /// moved_in, moved_elsewhere, withdrawn, exclusion_lifted.
    pub step: String,
    pub state: HouseholdStateName,
    pub municipality: Option<String>,
    pub dwelling: Option<String>,
    pub run: Option<i64>,
    /// YYYY-MM-DD of a move.
    pub on: Option<String>,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<HouseholdEvent> for EventOut {
    fn from(e: HouseholdEvent) -> Self {
        EventOut {
            version: e.version,
            step: e.step,
            state: e.state.into(),
            municipality: e.municipality.map(|m| m.to_string()),
            dwelling: e.dwelling.map(|d| d.to_string()),
            run: e.run,
            on: e.on.map(|d| d.to_string()),
            note: e.note,
            recorded_by: e.recorded_by,
            recorded_at: e.recorded_at.to_rfc3339(),
        }
    }
}

/// A household's history, oldest first: national, or a municipality it was proposed to
/// or placed in. Audited.
#[utoipa::path(get, path = "/scenarios/{scenario}/households/{id}/history", tag = "households",
    operation_id = "householdHistory",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id")),
    responses((status = 200, body = Vec<EventOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
) -> ApiResult<axum::Json<Vec<EventOut>>> {
    let household = household_id(&id)?;
    let events =
        households::household_history(&state.store, &principal, &scenario, &household).await?;
    Ok(axum::Json(events.into_iter().map(EventOut::from).collect()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeTotalOut {
    pub intake_category: IntakeCategory,
    pub state: HouseholdStateName,
    pub households: u32,
    pub persons: u32,
}

/// The year's intake by category and where it stands (waiting, proposed, placed,
/// moved in, ...): national. Counts only.
#[utoipa::path(get, path = "/scenarios/{scenario}/intake", tag = "households",
    operation_id = "intakeTotals",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<IntakeTotalOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn totals(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<axum::Json<Vec<IntakeTotalOut>>> {
    let totals = intake::intake_totals(&state.store, &principal, &scenario).await?;
    Ok(axum::Json(
        totals
            .into_iter()
            .map(|t| IntakeTotalOut {
                intake_category: t.category.into(),
                state: t.state.into(),
                households: t.households,
                persons: t.persons,
            })
            .collect(),
    ))
}

/// Largest intake file taken: a year's intake as CSV is about 1 MB.
pub const MAX_INTAKE_FILE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IntakeFileQuery {
    /// The file's name: `.xlsx` for a workbook (sheets households and persons), otherwise
    /// households CSV (comma or, as Excel writes it in Nordic locales, semicolon).
    pub name: String,
}

/// One problem of an intake file, at its row and column.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileProblem {
    pub file: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

/// Why an intake file was refused: every problem, and nothing was registered.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileRefusal {
    pub code: crate::error::ErrorCode,
    pub message: String,
    pub errors: Vec<FileProblem>,
}

/// The answer to an intake file's problems: 422 listing each of them.
pub(crate) fn file_refusal(errors: Vec<landa_bundle::BundleError>) -> Response {
    let refusal = FileRefusal {
        code: crate::error::ErrorCode::InvalidFile,
        message: format!(
            "the file has {} error{}; nothing was registered",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ),
        errors: errors
            .into_iter()
            .map(|e| FileProblem {
                file: e.file,
                row: e.row,
                column: e.column,
                message: e.message,
            })
            .collect(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(refusal)).into_response()
}

/// Registers an uploaded intake file through the application core: the number
/// registered, or the file's problems.
pub(crate) async fn register_file(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    name: &str,
    bytes: &[u8],
) -> ApiResult<Result<usize, Vec<landa_bundle::BundleError>>> {
    landa_app::access::require_national_in(&state.store, principal, scenario).await?;
    let municipalities = state.store.municipalities(scenario).await?;
    let batch = match landa_bundle::read_intake_bytes(name, bytes, None, &municipalities) {
        Ok(batch) => batch,
        Err(errors) => return Ok(Err(errors)),
    };
    file_outcome(intake::register_intake_file(&state.store, principal, scenario, &batch).await)
}

/// A file command's outcome: how many it wrote, or the file's problems; a refusal of the
/// command itself (who may, the year) is an error.
pub(crate) fn file_outcome(
    outcome: Result<usize, intake::IntakeFileError>,
) -> ApiResult<Result<usize, Vec<landa_bundle::BundleError>>> {
    match outcome {
        Ok(written) => Ok(Ok(written)),
        Err(intake::IntakeFileError::File(errors)) => Ok(Err(errors)),
        Err(intake::IntakeFileError::Refused(error)) => Err(error.into()),
    }
}

/// 201 with `written` made into its body, or 422 with the file's problems.
pub(crate) fn file_answer<T: Serialize>(
    outcome: Result<usize, Vec<landa_bundle::BundleError>>,
    written: impl FnOnce(usize) -> T,
) -> Response {
    match outcome {
        Ok(count) => (StatusCode::CREATED, axum::Json(written(count))).into_response(),
        Err(errors) => file_refusal(errors),
    }
}

/// Register the households of a file (the body: households CSV, or an .xlsx workbook with
/// its persons), all or nothing: national. A refused file answers 422 with every problem
/// at its row and column.
#[utoipa::path(post, path = "/scenarios/{scenario}/intake-files", tag = "households",
    operation_id = "registerIntakeFile",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           IntakeFileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The file's bytes"),
    responses((status = 201, body = RegistrationOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 413, body = crate::ErrorBody), (status = 422, body = FileRefusal)))]
pub async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    crate::extract::Query(query): crate::extract::Query<IntakeFileQuery>,
    bytes: axum::body::Bytes,
) -> ApiResult<Response> {
    let outcome = register_file(&state, &principal, &scenario, &query.name, &bytes).await?;
    Ok(file_answer(outcome, |registered| RegistrationOut {
        registered,
    }))
}
