//! Extractors that answer bad input with the API's error body instead of axum's plain text.

use crate::error::ApiError;
use axum::extract::{FromRequest, FromRequestParts};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A JSON request body.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

/// Answers with `T` as JSON, like `axum::Json`.
impl<T: Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Query parameters.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Most items one page holds.
pub const MAX_PAGE: u32 = 1000;
const DEFAULT_PAGE: u32 = 100;

/// Paging of a list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items per page, 1 to 1000 [default: 100].
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// Items to skip [default: 0].
    #[param(minimum = 0)]
    pub offset: Option<u64>,
}

impl Paging {
    pub fn limit(&self) -> Result<u32, ApiError> {
        match self.limit.unwrap_or(DEFAULT_PAGE) {
            0 => Err(ApiError::field("limit", "limit must be at least 1")),
            limit if limit > MAX_PAGE => Err(ApiError::field(
                "limit",
                format!("limit must be at most {MAX_PAGE}"),
            )),
            limit => Ok(limit),
        }
    }

    /// Items to skip, at most what the databases count in (a signed 64-bit integer).
    pub fn offset(&self) -> u64 {
        self.offset.unwrap_or(0).min(i64::MAX as u64)
    }

    /// The page of `items` this paging selects, with the total.
    pub fn page<T>(&self, items: Vec<T>) -> Result<Page<T>, ApiError> {
        let limit = self.limit()?;
        let offset = self.offset();
        let total = items.len() as u64;
        let items = items
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit as usize)
            .collect();
        Ok(Page {
            items,
            total,
            limit,
            offset,
        })
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items in the whole list (after filtering).
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}
