//! The distribution model over the API: a region's number over its municipalities
//! (kommuntal), or the nation's over regions and municipalities (länstal), with manual
//! adjustments and their reasons. A preview: publishing is a request round.

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::routes::known_municipality;
use crate::values::QuotaMethod;
use crate::AppState;
use axum::extract::State;
use landa_app::access::{scope_in, Scope};
use landa_model::{MunicipalityCode, RegionCode};
use landa_quota::{
    distribute_national, distribute_region, opt_in_by_decisions, units_by_region, Adjustment,
    Distribution, Method, NationalOptions, Options, Weights,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaIn {
    /// Persons to distribute, unaccompanied minors included.
    pub total: u32,
    #[serde(default)]
    pub minors: u32,
    /// Distribute this region's number over its municipalities; absent: the national
    /// total over regions, then municipalities (national only).
    #[schema(value_type = Option<String>, pattern = "^[0-9]{2}$", example = "20")]
    pub region: Option<RegionCode>,
    /// [default: hamilton]
    pub method: Option<QuotaMethod>,
    /// How much each criterion counts (normalised). [default: the country's practice:
    /// Sweden population 0.4, labour market 0.3, reception 0.3; Norway, IMDi's criteria,
    /// population 0.4, labour market 0.2, introduction results 0.2, school capacity 0.2]
    pub weights: Option<WeightsIn>,
    /// Municipal numbers fixed by hand, each with its reason; the others are re-balanced.
    #[serde(default)]
    pub adjustments: Vec<AdjustmentIn>,
    /// The fewest persons a municipality is asked for; one whose number would fall below
    /// it is asked for none and its share goes to the others. [default: 10 in Norway (IMDi
    /// sends, as a rule, no request below 10 persons), 0 in Sweden]
    pub minimum: Option<u32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightsIn {
    pub population: f64,
    pub labour_market: f64,
    pub reception: f64,
    pub housing: f64,
    /// Inhabitants times the share in work or education a year after the introduction
    /// programme (Norway's criterion). [default: 0]
    #[serde(default)]
    pub introduction_results: f64,
    /// Upper-secondary school places open to newly arrived young people (Norway's
    /// criterion). [default: 0]
    #[serde(default)]
    pub school_capacity: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentIn {
    #[schema(value_type = String, pattern = "^[0-9]{4}$", example = "2080")]
    pub municipality: MunicipalityCode,
    pub persons: u32,
    pub reason: String,
}

/// A municipality's number with how the model arrived at it.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaRow {
    #[schema(value_type = String, example = "2080")]
    pub municipality: MunicipalityCode,
    #[schema(value_type = String, example = "20")]
    pub region: RegionCode,
    pub persons: u32,
    pub unaccompanied_minors: u32,
    /// The model's number before bounds, adjustments and rounding.
    pub exact: f64,
    /// The reason of a manual adjustment that fixed the number.
    pub adjustment_reason: Option<String>,
    /// Its number would have been above 0 and below the minimum, so it is asked for none.
    pub below_minimum: bool,
    /// It is asked for unaccompanied minors: in Norway only those that said they take them
    /// or decided to settle some this year.
    pub takes_unaccompanied_minors: bool,
}

/// Preview a distribution (kommuntal): a region for its own region, national for any.
#[utoipa::path(post, path = "/scenarios/{scenario}/quota", tag = "planning",
    operation_id = "previewQuota",
    params(("scenario" = String, Path, description = "Scenario name", example = "example-2024")),
    request_body = QuotaIn,
    responses((status = 200, body = Vec<QuotaRow>), (status = 401, body = crate::ErrorBody),
              (status = 403, body = crate::ErrorBody), (status = 404, body = crate::ErrorBody),
              (status = 422, body = crate::ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    principal: Principal,
    Path(scenario): Path<String>,
    Json(body): Json<QuotaIn>,
) -> ApiResult<axum::Json<Vec<QuotaRow>>> {
    Ok(axum::Json(
        distribution(&state, &principal, &scenario, &body).await?,
    ))
}

/// The distribution `body` asks for, if the caller may make it.
pub(crate) async fn distribution(
    state: &AppState,
    principal: &Principal,
    scenario: &str,
    body: &QuotaIn,
) -> ApiResult<Vec<QuotaRow>> {
    let scope = scope_in(&state.store, principal, scenario).await?;
    let view = state.store.planning_view(scenario, None).await?;
    if body.minors > body.total {
        return Err(ApiError::field(
            "minors",
            "minors are part of total and cannot exceed it",
        ));
    }
    let method = body.method.map_or(Method::Hamilton, Method::from);
    let practice = Options::<MunicipalityCode>::for_country(view.meta.country);
    let weights = body.weights.as_ref().map_or(practice.weights, |w| Weights {
        population: w.population,
        labour_market: w.labour_market,
        reception: w.reception,
        housing: w.housing,
        introduction_results: w.introduction_results,
        school_capacity: w.school_capacity,
    });
    let mut municipal = Options::<MunicipalityCode> {
        weights,
        method,
        minimum: body.minimum.unwrap_or(practice.minimum),
        ..practice
    };
    for (index, adjustment) in body.adjustments.iter().enumerate() {
        let field = format!("adjustments[{index}].municipality");
        let code = known_municipality(adjustment.municipality.as_str(), &view)
            .map_err(|e| ApiError::field(&field, e.body.message))?
            .code
            .clone();
        if adjustment.reason.trim().is_empty() {
            return Err(ApiError::field(
                &format!("adjustments[{index}].reason"),
                "every adjustment needs its reason",
            ));
        }
        municipal.adjustments.push(Adjustment {
            key: code,
            value: adjustment.persons,
            reason: adjustment.reason.trim().to_owned(),
        });
    }
    let mut units = units_by_region(&view.regions, &view.municipalities);
    opt_in_by_decisions(&mut units, &view.decisions, view.meta.year);
    let takes_minors: BTreeSet<MunicipalityCode> = units
        .values()
        .flatten()
        .filter(|u| u.takes_unaccompanied_minors)
        .map(|u| u.key.clone())
        .collect();
    let invalid = |e: landa_quota::QuotaError| match e {
        // The value is missing in the year's data, not in the request: the field names
        // where it is missing (`municipalities.2062.reception_per_1000`), the message the
        // municipality by name too.
        landa_quota::QuotaError::MissingValue { unit, field } => {
            let name = view
                .municipalities
                .iter()
                .find(|m| m.code.as_str() == unit)
                .map_or_else(|| unit.clone(), |m| format!("{} ({unit})", m.name));
            ApiError::field(
                &format!("municipalities.{unit}.{field}"),
                format!(
                    "{name} has no {field}, which the distribution weighs (its weight is not zero)"
                ),
            )
        }
        landa_quota::QuotaError::InvalidWeight { .. } | landa_quota::QuotaError::AllWeightsZero => {
            ApiError::field("weights", e.to_string())
        }
        other => ApiError::field("total", other.to_string()),
    };
    let distributions: Vec<(RegionCode, Distribution<MunicipalityCode>)> = match &body.region {
        Some(region) => {
            let region = region.clone();
            let allowed = match &scope {
                Scope::All => true,
                Scope::Region(_, own) => own == &region,
                Scope::Municipality(..) => false,
            };
            if !allowed {
                return Err(ApiError::forbidden(format!(
                    "region {region} is not yours to distribute"
                )));
            }
            let municipalities = units.remove(&region).ok_or_else(|| {
                ApiError::field("region", format!("no region {region} in this scenario"))
            })?;
            let distribution =
                distribute_region(body.total, body.minors, &municipalities, &municipal)
                    .map_err(invalid)?;
            vec![(region, distribution)]
        }
        None => {
            if scope != Scope::All {
                return Err(ApiError::forbidden(
                    "only the national role distributes the national total; name your region",
                ));
            }
            let regional = Options::<RegionCode> {
                weights: Weights {
                    housing: 0.0,
                    ..weights
                },
                method,
                ..Default::default()
            };
            let national = distribute_national(
                body.total,
                body.minors,
                &units,
                &NationalOptions {
                    regional,
                    municipal,
                },
            )
            .map_err(invalid)?;
            national.municipal.into_iter().collect()
        }
    };
    let takes_minors = &takes_minors;
    Ok(distributions
        .iter()
        .flat_map(|(region, distribution)| {
            distribution.allocations.iter().map(move |a| QuotaRow {
                takes_unaccompanied_minors: takes_minors.contains(&a.key),
                municipality: a.key.clone(),
                region: region.clone(),
                persons: a.persons.rounded,
                unaccompanied_minors: a.unaccompanied_minors.rounded,
                exact: a.persons.exact,
                adjustment_reason: a.persons.adjustment.as_ref().map(|adj| adj.reason.clone()),
                below_minimum: a.persons.below_minimum,
            })
        })
        .collect())
}
