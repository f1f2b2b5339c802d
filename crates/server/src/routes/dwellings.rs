//! Dwellings offered by municipalities and housing companies: listed by scope (a housing
//! company its own), added and edited by the municipality itself, the housing company
//! that offers it or national, each edit checked against the version it was based on.

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Page, Paging, Path, Query};
use crate::routes::{etag, known_municipality, required_version};
use crate::values::{Contract, HouseholdStateName};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use landa_app::dwellings::{self, DwellingChange, SeenDwelling};
use landa_model::{Dwelling, DwellingId, MunicipalityCode, NaiveDate};
use landa_store::DwellingRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct DwellingOut {
    pub id: String,
    pub municipality: String,
    pub beds: u32,
    pub available_from: NaiveDate,
    pub accessible: bool,
    pub contract: Contract,
    /// Send back as If-Match when editing.
    pub version: u32,
    /// YYYY-MM-DD once let.
    pub let_on: Option<NaiveDate>,
    /// Monthly rent in kronor, when known.
    pub rent: Option<u32>,
    /// YYYY-MM-DD: when the first-hand contract passes to the household.
    pub passes_over_on: Option<NaiveDate>,
    /// The housing company that offers it; absent when the municipality does.
    pub offered_by: Option<String>,
    /// Its street address, when given.
    pub address: Option<String>,
    /// The household holding it (in lists): reserved by approval or let by moving in.
    pub held_by: Option<HolderOut>,
}

/// The household holding a dwelling, as its offerer needs to know it: no personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolderOut {
    pub persons: u32,
    /// `approved` (reserved) or `moved_in` (let).
    pub state: HouseholdStateName,
    /// YYYY-MM-DD of approval or moving in.
    pub since: Option<NaiveDate>,
}

impl From<&SeenDwelling> for DwellingOut {
    fn from(seen: &SeenDwelling) -> Self {
        DwellingOut {
            held_by: seen.holder.as_ref().map(|h| HolderOut {
                persons: h.persons,
                state: h.state.into(),
                since: h.since,
            }),
            ..DwellingOut::from(&seen.record)
        }
    }
}

impl From<&DwellingRecord> for DwellingOut {
    fn from(r: &DwellingRecord) -> Self {
        let d = &r.dwelling;
        DwellingOut {
            id: d.id.to_string(),
            municipality: d.municipality.to_string(),
            beds: d.beds(),
            available_from: d.available_from,
            accessible: d.accessible,
            contract: d.contract.into(),
            version: r.version,
            let_on: r.let_on,
            rent: d.rent,
            passes_over_on: d.passes_over_on(),
            offered_by: d.offered_by.clone(),
            address: d.address().map(str::to_owned),
            held_by: None,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DwellingFilter {
    /// Only this municipality's dwellings.
    #[param(value_type = Option<String>)]
    pub municipality: Option<MunicipalityCode>,
    /// Only dwellings still on offer (true) or only those let (false).
    pub available: Option<bool>,
    /// Items per page, 1 to 1000 [default: 100].
    pub limit: Option<u32>,
    /// Items to skip [default: 0].
    pub offset: Option<u64>,
}

/// Dwellings the caller may see (national all, a region its municipalities', a municipality
/// its own, a housing company those it offers), each with the household holding it.
#[utoipa::path(get, path = "/scenarios/{scenario}/dwellings", tag = "dwellings",
    operation_id = "listDwellings",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"), DwellingFilter),
    responses((status = 200, body = Page<DwellingOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Query(filter): Query<DwellingFilter>,
) -> ApiResult<Json<Page<DwellingOut>>> {
    let paging = Paging {
        limit: filter.limit,
        offset: filter.offset,
    };
    paging.limit()?;
    let only = match &filter.municipality {
        Some(text) => {
            let view = state.store.planning_view(&scenario, None).await?;
            Some(known_municipality(text.as_str(), &view)?.code.clone())
        }
        None => None,
    };
    let visible = dwellings::visible_dwellings(&state.store, &principal, &scenario, only.as_ref())
        .await?
        .iter()
        .filter(|seen| {
            filter
                .available
                .is_none_or(|available| available == seen.record.let_on.is_none())
        })
        .map(DwellingOut::from)
        .collect();
    Ok(Json(paging.page(visible)?))
}

/// One dwelling; the ETag is its version.
#[utoipa::path(get, path = "/scenarios/{scenario}/dwellings/{id}", tag = "dwellings",
    operation_id = "getDwelling",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Dwelling id")),
    responses((status = 200, body = DwellingOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let record = dwellings::visible_dwelling(&state.store, &principal, &scenario, &id).await?;
    Ok((
        [(header::ETAG, etag(record.version))],
        axum::Json(DwellingOut::from(&record)),
    )
        .into_response())
}

/// A dwelling offered, or its new state.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DwellingIn {
    /// Id, unique in the scenario (ignored when editing: the path names it).
    #[schema(value_type = Option<String>)]
    pub id: Option<DwellingId>,
    /// Four-digit code (ignored when editing: a dwelling stays where it is).
    #[schema(value_type = Option<String>, pattern = "^[0-9]{4}$")]
    pub municipality: Option<MunicipalityCode>,
    /// At least 1.
    pub beds: u32,
    /// YYYY-MM-DD.
    pub available_from: NaiveDate,
    #[serde(default)]
    pub accessible: bool,
    pub contract: Contract,
    /// YYYY-MM-DD when let; absent while on offer.
    pub let_on: Option<NaiveDate>,
    /// Monthly rent in kronor, up to 100 000: what a month empty costs.
    pub rent: Option<u32>,
    /// YYYY-MM-DD, first-hand contracts only: the day the contract the municipality holds
    /// passes to the household (not before `available_from`).
    pub passes_over_on: Option<NaiveDate>,
    /// Street address, one line of at most 200 characters; blank or absent for none.
    #[schema(max_length = 200)]
    pub address: Option<String>,
}

/// The edit a body asks for.
fn change_from(body: &DwellingIn) -> DwellingChange {
    DwellingChange {
        beds: body.beds,
        available_from: body.available_from,
        accessible: body.accessible,
        contract: body.contract.into(),
        let_on: body.let_on,
        rent: body.rent,
        passes_over_on: body.passes_over_on,
        address: body.address.clone(),
    }
}

/// Offer a dwelling: the municipality itself, a housing company serving it (the dwelling
/// then carries its name) or national.
#[utoipa::path(post, path = "/scenarios/{scenario}/dwellings", tag = "dwellings",
    operation_id = "offerDwelling",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = DwellingIn,
    responses((status = 201, body = DwellingOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<DwellingIn>,
) -> ApiResult<Response> {
    let record = offer(&state, &principal, &scenario, &body).await?;
    Ok((
        StatusCode::CREATED,
        [(header::ETAG, etag(record.version))],
        axum::Json(DwellingOut::from(&record)),
    )
        .into_response())
}

/// Offers a dwelling through the application core.
pub(crate) async fn offer(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    body: &DwellingIn,
) -> ApiResult<DwellingRecord> {
    let municipality = body
        .municipality
        .clone()
        .ok_or_else(|| ApiError::field("municipality", "municipality is required"))?;
    let id = body
        .id
        .clone()
        .ok_or_else(|| ApiError::field("id", "id is required"))?;
    let change = change_from(body);
    let dwelling = dwellings::with_terms(
        Dwelling::new(
            id,
            municipality,
            change.beds,
            change.available_from,
            change.accessible,
            change.contract,
        )
        .map_err(|e| ApiError::field("beds", e.to_string()))?,
        change.rent,
        change.passes_over_on,
        change.address.as_deref(),
    )?;
    Ok(
        dwellings::offer_dwelling(&state.store, principal, scenario, dwelling, change.let_on)
            .await?,
    )
}

/// Edit a dwelling or mark it let. `If-Match` with the version read is required: an
/// edit based on an older version is refused (412).
#[utoipa::path(put, path = "/scenarios/{scenario}/dwellings/{id}", tag = "dwellings",
    operation_id = "updateDwelling",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024"),
           ("id" = String, Path, description = "Dwelling id"),
           ("If-Match" = String, Header, description = "Version the edit is based on")),
    request_body = DwellingIn,
    responses((status = 200, body = DwellingOut), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 412, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody),
              (status = 428, body = crate::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path((scenario, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<DwellingIn>,
) -> ApiResult<Response> {
    let expected = required_version(&headers, "dwelling", "its ETag")?;
    let record = edit(&state, &principal, &scenario, &id, &body, expected).await?;
    Ok((
        [(header::ETAG, etag(record.version))],
        axum::Json(DwellingOut::from(&record)),
    )
        .into_response())
}

/// Edits a dwelling (or marks it let) through the application core, if it is still at
/// version `expected`.
pub(crate) async fn edit(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    id: &str,
    body: &DwellingIn,
    expected: u32,
) -> ApiResult<DwellingRecord> {
    let change = change_from(body);
    Ok(dwellings::edit_dwelling(&state.store, principal, scenario, id, change, expected).await?)
}
