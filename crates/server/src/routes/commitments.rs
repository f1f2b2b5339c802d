//! A recurring commitment to offer homes ("one apartment a month until December"): its
//! offers are stored at once, each a dwelling available on its day.

use crate::auth::Principal;
use crate::error::ApiResult;
use crate::extract::{Json, Path};
use crate::routes::dwellings::DwellingOut;
use crate::values::Contract;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use landa_app::commitments::{commit_to_offer, Commitment};
use landa_model::{MunicipalityCode, NaiveDate};
use landa_store::DwellingRecord;
use serde::Deserialize;
use utoipa::ToSchema;

/// What is committed: homes of one kind, every few months from a first day to a last.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentIn {
    /// The offers' ids are `{prefix}-1`, `{prefix}-2`, …; none may be taken.
    pub prefix: String,
    /// Four-digit code.
    #[schema(value_type = String, pattern = "^[0-9]{4}$")]
    pub municipality: MunicipalityCode,
    /// 1 to 100.
    pub beds: u32,
    #[serde(default)]
    pub accessible: bool,
    pub contract: Contract,
    /// Monthly rent in kronor, up to 100 000.
    pub rent: Option<u32>,
    /// YYYY-MM-DD: the first offer's day.
    pub first: NaiveDate,
    /// 1 to 12 [default: 1, monthly].
    pub every_months: Option<u32>,
    /// YYYY-MM-DD: the last day an offer may fall on; at most 60 offers.
    pub until: NaiveDate,
}

impl CommitmentIn {
    pub(crate) fn commitment(&self) -> Commitment {
        Commitment {
            prefix: self.prefix.clone(),
            municipality: self.municipality.clone(),
            beds: self.beds,
            accessible: self.accessible,
            contract: self.contract.into(),
            rent: self.rent,
            first: self.first,
            every_months: self.every_months.unwrap_or(1),
            until: self.until,
        }
    }
}

/// Commits to offering homes regularly: the municipality itself or national. Every offer
/// is stored, or none.
#[utoipa::path(post, path = "/scenarios/{scenario}/dwelling-commitments", tag = "dwellings",
    operation_id = "commitToOfferDwellings",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = CommitmentIn,
    responses((status = 201, body = Vec<DwellingOut>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 409, body = crate::ErrorBody), (status = 422, body = crate::ErrorBody)))]
pub async fn commit(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<CommitmentIn>,
) -> ApiResult<(StatusCode, axum::Json<Vec<DwellingOut>>)> {
    let offers = offer_regularly(&state, &principal, &scenario, &body).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(offers.iter().map(DwellingOut::from).collect()),
    ))
}

/// The commitment through the application core.
pub(crate) async fn offer_regularly(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    body: &CommitmentIn,
) -> ApiResult<Vec<DwellingRecord>> {
    Ok(commit_to_offer(&state.store, principal, scenario, &body.commitment()).await?)
}
