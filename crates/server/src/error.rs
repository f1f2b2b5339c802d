//! The one error body of the API: `{"code", "message", "field"}` with a fitting status.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use landa_app::AppError;
use landa_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong, for people and programs alike.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid_field`, `forbidden`, `version_conflict`.
    pub code: &'static str,
    /// What went wrong and what to do about it.
    pub message: String,
    /// The request field (JSON member, path or query parameter) at fault, where one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// An error answer: a status with an `ErrorBody`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Seconds to wait before trying again (sent as Retry-After), for 429.
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                field: None,
            },
            retry_after: None,
        }
    }

    /// A request field that does not hold a valid value.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message);
        error.body.field = Some(field.to_owned());
        error
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "log in (POST /api/v1/auth/login) or send an API token as 'Authorization: Bearer <token>'",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!(%error, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not complete the request; it is logged",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// A store error means what the application core says it means.
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError::from(AppError::from(error))
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        match error {
            AppError::Unauthenticated(message) => {
                ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
            }
            AppError::Forbidden(message) => ApiError::forbidden(message),
            AppError::NotFound(message) => ApiError::not_found(message),
            AppError::Invalid { field, message } => ApiError::field(field.as_str(), message),
            AppError::Stale(message) => {
                ApiError::new(StatusCode::PRECONDITION_FAILED, "version_conflict", message)
            }
            AppError::Conflict(message) => ApiError::new(StatusCode::CONFLICT, "conflict", message),
            AppError::TooManyAttempts(seconds) => {
                let mut error = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!(
                        "too many failed logins; try again in {} minutes",
                        seconds.div_ceil(60)
                    ),
                );
                error.retry_after = Some(seconds);
                error
            }
            AppError::Store(error) => ApiError::internal(error),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let status = match rejection.status() {
            // Valid JSON of the wrong shape (types, unknown or missing members).
            StatusCode::UNPROCESSABLE_ENTITY => StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        };
        let code = match status {
            StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
            StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "not_json",
            _ => "malformed_json",
        };
        let mut error = ApiError::new(status, code, rejection.body_text());
        error.body.field = field_in_serde_message(&rejection.body_text());
        error
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_path",
            rejection.body_text(),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        let text = rejection.body_text();
        let mut error = ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", text.clone());
        error.body.field = field_in_serde_message(&text);
        error
    }
}

/// The member serde names in "unknown field `x`" or "missing field `x`", or the path
/// before ": " in a message like "requests[0].persons: invalid type".
fn field_in_serde_message(message: &str) -> Option<String> {
    let quoted = message.split('`').nth(1);
    if message.contains("field `") {
        return quoted.map(str::to_owned);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_name_their_field() {
        assert_eq!(
            field_in_serde_message(
                "Failed to deserialize: unknown field `persns`, expected one of `persons`"
            ),
            Some("persns".into())
        );
        assert_eq!(
            field_in_serde_message("missing field `year` at line 1"),
            Some("year".into())
        );
        assert_eq!(
            field_in_serde_message("expected value at line 1 column 2"),
            None
        );
    }
}
