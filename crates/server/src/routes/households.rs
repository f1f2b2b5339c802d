//! Households and persons: personal data. National reads all, a municipality those
//! placed in or proposed to it, a region counts only; every read is audited.

use crate::access::{personal_data_scope, Scope};
use crate::audit::{self, Action};
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Page, Paging, Path, Query};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use landa_store::HouseholdRecord;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Most household ids named in one audit entry; a longer list is summarised by count.
const AUDITED_IDS: usize = 50;

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    pub id: String,
    pub birth_year: u16,
    /// f, m or x.
    pub sex: String,
    /// none, primary, secondary, tertiary or unknown.
    pub education: String,
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
    /// Municipality of the latest placement run (proposal).
    pub proposed_to: Option<String>,
    /// Municipality of the latest approved run (anvisning / utsøking).
    pub placed_in: Option<String>,
}

impl From<HouseholdRecord> for HouseholdOut {
    fn from(record: HouseholdRecord) -> Self {
        let h = record.household;
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
                .into_iter()
                .map(|p| PersonOut {
                    id: p.id.to_string(),
                    birth_year: p.birth_year,
                    sex: p.sex.to_string(),
                    education: p.education.to_string(),
                    languages: p.languages.iter().map(ToString::to_string).collect(),
                })
                .collect(),
            proposed_to: record.proposed_to.as_ref().map(ToString::to_string),
            placed_in: record.placed_in.as_ref().map(ToString::to_string),
        }
    }
}

/// Households with their persons: national sees all, a municipality those proposed to
/// or placed in it. Audited.
#[utoipa::path(get, path = "/scenarios/{scenario}/households", tag = "households",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"), Paging),
    responses((status = 200, body = Page<HouseholdOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Query(paging): Query<Paging>,
) -> ApiResult<Json<Page<HouseholdOut>>> {
    let visible_to = personal_data_scope(&principal)?;
    paging.limit()?;
    let records = state
        .store
        .household_records(&scenario, visible_to.as_ref())
        .await?;
    let page = paging.page(records)?;
    let ids: Vec<&str> = page.items.iter().map(|r| r.household.id.as_str()).collect();
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
        items: page.items.into_iter().map(HouseholdOut::from).collect(),
        total: page.total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// One household with its persons. Not found unless the caller may see it. Audited.
#[utoipa::path(get, path = "/scenarios/{scenario}/households/{id}", tag = "households",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Household id")),
    responses((status = 200, body = HouseholdOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
) -> ApiResult<Json<HouseholdOut>> {
    Ok(Json(
        household_of(&state, &principal, &scenario, &id).await?,
    ))
}

/// One household with its persons, if the caller may see it; the read is audited.
pub(crate) async fn household_of(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: &str,
) -> ApiResult<HouseholdOut> {
    let visible_to = personal_data_scope(principal)?;
    let record = state
        .store
        .household_records(scenario, visible_to.as_ref())
        .await?
        .into_iter()
        .find(|r| r.household.id.as_str() == id)
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
}

/// Counts of households per municipality, without personal data: national, regions
/// (their municipalities) and municipalities (themselves).
#[utoipa::path(get, path = "/scenarios/{scenario}/households/counts", tag = "households",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    responses((status = 200, body = Vec<HouseholdCounts>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn counts(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
) -> ApiResult<Json<Vec<HouseholdCounts>>> {
    let scope = Scope::of(&principal)?;
    let view = state.store.planning_view(&scenario, None).await?;
    let records = state.store.household_records(&scenario, None).await?;
    let mut counts: BTreeMap<String, HouseholdCounts> = BTreeMap::new();
    let mut add = |code: &landa_model::MunicipalityCode, size: u32, placed: bool| {
        let entry = counts
            .entry(code.to_string())
            .or_insert_with(|| HouseholdCounts {
                municipality: code.to_string(),
                proposed_households: 0,
                proposed_persons: 0,
                placed_households: 0,
                placed_persons: 0,
            });
        if placed {
            entry.placed_households += 1;
            entry.placed_persons += size;
        } else {
            entry.proposed_households += 1;
            entry.proposed_persons += size;
        }
    };
    for record in &records {
        let size = record.household.size();
        if let Some(code) = &record.proposed_to {
            add(code, size, false);
        }
        if let Some(code) = &record.placed_in {
            add(code, size, true);
        }
    }
    Ok(Json(
        counts
            .into_values()
            .filter(|c| {
                view.municipalities
                    .iter()
                    .find(|m| m.code.as_str() == c.municipality)
                    .is_some_and(|m| scope.covers(&m.code, Some(&m.region)))
            })
            .collect(),
    ))
}
