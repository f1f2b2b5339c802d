//! Households and persons: personal data. National reads all, a municipality those
//! placed in or proposed to it, a region counts only; every read is audited.

use crate::audit::{self, Action};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Page, Paging, Path, Query};
use crate::values::{Answer, EducationLevel, HouseholdStateName, IntakeCategory, Sex};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use landa_app::access::{personal_data_scope_in, scope_in};
use landa_store::{HouseholdRecord, PlacementResponse};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// Most household ids named in one audit entry; a longer list is summarised by count.
const AUDITED_IDS: usize = 50;

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    pub id: String,
    pub birth_year: u16,
    pub sex: Sex,
    pub education: EducationLevel,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdOut {
    pub id: String,
    pub adults: u32,
    pub children: u32,
    pub unaccompanied_minor: bool,
    /// YYYY-MM-DD: residence permit or registration date.
    pub waiting_since: String,
    /// Municipality the household has a tie to (relatives, work, studies).
    pub tie: Option<String>,
    /// Special needs, as capacity service names.
    pub needs: Vec<String>,
    pub persons: Vec<PersonOut>,
    pub intake_category: IntakeCategory,
    /// The municipality a self-settled household lives in.
    pub settled_in: Option<String>,
    /// YYYY-MM-DD: residence permit granted.
    pub permit_date: Option<String>,
    /// Where the household stands in the year.
    pub state: HouseholdStateName,
    /// The municipality of its state: proposed to, approved for, living in, moved from.
    pub state_municipality: Option<String>,
    /// The dwelling reserved for or let to it.
    pub dwelling: Option<String>,
    /// Municipality of the open proposal (proposed or accepted, not yet approved).
    pub proposed_to: Option<String>,
    /// Municipality it is placed in (anvisning / utsøking approved, or moved in).
    pub placed_in: Option<String>,
    /// The version a change is made from (also the ETag).
    pub version: i64,
}

impl From<HouseholdRecord> for HouseholdOut {
    fn from(record: HouseholdRecord) -> Self {
        let h = &record.household;
        HouseholdOut {
            id: h.id.to_string(),
            adults: h.adults(),
            children: h.children(),
            unaccompanied_minor: h.is_unaccompanied_minor(),
            waiting_since: h.waiting_since.to_string(),
            tie: h.tie.as_ref().map(ToString::to_string),
            needs: h.needs.iter().map(ToString::to_string).collect(),
            persons: record
                .persons
                .iter()
                .map(|p| PersonOut {
                    id: p.id.to_string(),
                    birth_year: p.birth_year,
                    sex: p.sex.into(),
                    education: p.education.into(),
                    languages: p.languages.iter().map(ToString::to_string).collect(),
                })
                .collect(),
            proposed_to: record.proposed_to().map(ToString::to_string),
            placed_in: record.placed_in().map(ToString::to_string),
            intake_category: h.intake.category().into(),
            settled_in: h.intake.settled_in().map(ToString::to_string),
            permit_date: h.permit_date.map(|d| d.to_string()),
            state: record.state.name().into(),
            state_municipality: record.state.municipality().map(ToString::to_string),
            dwelling: record.state.holds_dwelling().map(ToString::to_string),
            version: record.version,
        }
    }
}

/// Households with their persons: national sees all, a municipality those proposed to
/// or placed in it. Audited.
#[utoipa::path(get, path = "/scenarios/{scenario}/households", tag = "households",
    operation_id = "listHouseholds",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"), Paging),
    responses((status = 200, body = Page<HouseholdOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Query(paging): Query<Paging>,
) -> ApiResult<Json<Page<HouseholdOut>>> {
    let visible_to = personal_data_scope_in(&state.store, &principal, &scenario).await?;
    let page = state
        .store
        .household_page(
            &scenario,
            visible_to.as_ref(),
            paging.limit()?,
            paging.offset(),
        )
        .await?;
    let ids: Vec<&str> = page
        .records
        .iter()
        .map(|r| r.household.id.as_str())
        .collect();
    let detail = if ids.len() <= AUDITED_IDS {
        format!("listed {} households: {}", ids.len(), ids.join(", "))
    } else {
        format!(
            "listed {} households from {} to {}",
            ids.len(),
            ids.first().unwrap_or(&""),
            ids.last().unwrap_or(&"")
        )
    };
    audit::record(
        &state,
        &principal,
        Action::Read,
        &format!("/api/v1/scenarios/{scenario}/households"),
        detail,
    )
    .await?;
    Ok(Json(Page {
        items: page.records.into_iter().map(HouseholdOut::from).collect(),
        total: page.total,
        limit: paging.limit()?,
        offset: paging.offset(),
    }))
}

/// One household with its persons. Not found unless the caller may see it. Audited.
#[utoipa::path(get, path = "/scenarios/{scenario}/households/{id}", tag = "households",
    operation_id = "getHousehold",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id")),
    responses((status = 200, body = HouseholdOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let household = household_of(&state, &principal, &scenario, &id).await?;
    Ok((
        [(
            axum::http::header::ETAG,
            crate::routes::etag(household.version),
        )],
        Json(household),
    )
        .into_response())
}

/// One household with its persons, if the caller may see it; the read is audited.
pub(crate) async fn household_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: &str,
) -> ApiResult<HouseholdOut> {
    let visible_to = personal_data_scope_in(&state.store, principal, scenario).await?;
    let record = state
        .store
        .household_record(scenario, visible_to.as_ref(), id)
        .await?
        // The same answer whether the household does not exist or is another
        // municipality's: its existence is personal data too.
        .ok_or_else(|| ApiError::not_found(format!("no household {id} that you may see")))?;
    audit::record(
        state,
        principal,
        Action::Read,
        &format!("/api/v1/scenarios/{scenario}/households/{id}"),
        "read household and persons",
    )
    .await?;
    Ok(HouseholdOut::from(record))
}

/// Households and persons proposed to and placed in one municipality.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdCounts {
    pub municipality: String,
    pub proposed_households: u32,
    pub proposed_persons: u32,
    pub placed_households: u32,
    pub placed_persons: u32,
    /// Of those placed, the households that have moved in.
    pub moved_in_households: u32,
    pub moved_in_persons: u32,
}

/// The household counts of the municipalities the caller may see (no personal data).
pub(crate) async fn counts_in_scope(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
) -> ApiResult<Vec<(landa_model::MunicipalityCode, landa_store::HouseholdCounts)>> {
    let scope = scope_in(&state.store, principal, scenario).await?;
    let regions: HashMap<_, _> = state
        .store
        .municipalities(scenario)
        .await?
        .into_iter()
        .map(|m| (m.code, m.region))
        .collect();
    let counts = state.store.household_counts(scenario).await?;
    Ok(counts
        .into_iter()
        .filter(|(code, _)| scope.covers(code, regions.get(code)))
        .collect())
}

/// Counts of households per municipality, without personal data: national, regions
/// (their municipalities) and municipalities (themselves).
#[utoipa::path(get, path = "/scenarios/{scenario}/households/counts", tag = "households",
    operation_id = "countHouseholds",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<HouseholdCounts>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn counts(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Json<Vec<HouseholdCounts>>> {
    Ok(Json(
        counts_in_scope(&state, &principal, &scenario)
            .await?
            .into_iter()
            .map(|(code, c)| HouseholdCounts {
                municipality: code.to_string(),
                proposed_households: c.proposed_households,
                proposed_persons: c.proposed_persons,
                placed_households: c.placed_households,
                placed_persons: c.placed_persons,
                moved_in_households: c.moved_in_households,
                moved_in_persons: c.moved_in_persons,
            })
            .collect(),
    ))
}

/// A municipality's answer to a household proposed to or placed in it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseIn {
    pub response: Answer,
    /// Why it is questioned (required then), or a note.
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseOut {
    pub household: String,
    pub municipality: String,
    pub response: Answer,
    pub comment: String,
    pub responded_by: String,
    pub responded_at: String,
}

impl From<&PlacementResponse> for ResponseOut {
    fn from(r: &PlacementResponse) -> Self {
        ResponseOut {
            household: r.household.to_string(),
            municipality: r.municipality.to_string(),
            response: Answer::of(r.accepted),
            comment: r.comment.clone(),
            responded_by: r.responded_by.clone(),
            responded_at: r.responded_at.to_rfc3339(),
        }
    }
}

/// Accept or question a household proposed to or placed in the caller's municipality.
#[utoipa::path(post, path = "/scenarios/{scenario}/households/{id}/response", tag = "households",
    operation_id = "respondToPlacement",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id")),
    request_body = ResponseIn,
    responses((status = 201, body = ResponseOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn respond(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
    crate::extract::Json(body): crate::extract::Json<ResponseIn>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let out = answer(&state, &principal, &scenario, &id, &body).await?;
    Ok((axum::http::StatusCode::CREATED, Json(out)).into_response())
}

/// Records the municipality's answer to one of its households.
pub(crate) async fn answer(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: &str,
    body: &ResponseIn,
) -> ApiResult<ResponseOut> {
    let response = landa_app::households::answer_placement(
        &state.store,
        principal,
        scenario,
        id,
        body.response == Answer::Accepted,
        &body.comment,
    )
    .await?;
    Ok(ResponseOut::from(&response))
}

/// The latest answers to placements: national all, a municipality its own.
#[utoipa::path(get, path = "/scenarios/{scenario}/placement-responses", tag = "households",
    operation_id = "listPlacementResponses",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<ResponseOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn responses(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Json<Vec<ResponseOut>>> {
    Ok(Json(responses_of(&state, &principal, &scenario).await?))
}

/// The latest answers the caller may see. Answers speak of households, so they follow
/// the personal-data rule (national, or the municipality itself) and are audited.
pub(crate) async fn responses_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
) -> ApiResult<Vec<ResponseOut>> {
    let visible_to = personal_data_scope_in(&state.store, principal, scenario).await?;
    let answers = state
        .store
        .placement_responses(scenario, visible_to.as_ref())
        .await?;
    audit::record(
        state,
        principal,
        Action::Read,
        &format!("/api/v1/scenarios/{scenario}/placement-responses"),
        format!("read {} placement responses", answers.len()),
    )
    .await?;
    Ok(answers.iter().map(ResponseOut::from).collect())
}
