//! The one error body of the API: `{"code", "message", "field"}` with a fitting status.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use landa_app::{AppError, FieldPath};
use landa_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// Stable machine-readable error codes: a client matches on these, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A request field (body member, query or path parameter) holds no valid value.
    InvalidField,
    /// Valid JSON of the wrong shape: a wrong type, an unknown or missing member.
    InvalidBody,
    MalformedJson,
    NotJson,
    BodyTooLarge,
    InvalidPath,
    InvalidQuery,
    NulCharacter,
    Unauthenticated,
    /// A change by session without its X-CSRF-Token, or one from another site.
    Csrf,
    Forbidden,
    NotFound,
    /// The change is based on a version that is no longer current.
    VersionConflict,
    /// The change needs `If-Match` with the version it is based on.
    IfMatchRequired,
    Conflict,
    /// The placement run is not done yet.
    NotDone,
    /// An uploaded file has errors, each named by its row and column.
    InvalidFile,
    RateLimited,
    Internal,
}

/// What went wrong, for people and programs alike.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// What went wrong and what to do about it.
    pub message: String,
    /// The request field at fault, where one is: a JSON member path such as
    /// `requests[0].municipality`, or a path or query parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "requests[0].municipality")]
    pub field: Option<FieldPath>,
}

/// An error answer: a status with an `ErrorBody`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Seconds to wait before trying again (sent as Retry-After), for 429.
    pub retry_after: Option<u64>,
    /// The message is in the web user's language (a page wrote it); otherwise it is in
    /// English, as the API writes every message, and a page marks it so.
    pub localized: bool,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                field: None,
            },
            retry_after: None,
            localized: false,
        }
    }

    /// The same error, its message written by a page in the user's language.
    pub fn localized(mut self) -> ApiError {
        self.localized = true;
        self
    }

    /// A request field that does not hold a valid value.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidField,
            message,
        );
        error.body.field = Some(FieldPath::new(field));
        error
    }

    /// The field at fault, as the web pages match it against their form fields.
    pub fn field_name(&self) -> Option<&str> {
        self.body.field.as_ref().map(FieldPath::as_str)
    }

    /// The error at the form input that holds a whole list: `ranking[2]` becomes
    /// `ranking`, as a page has one input for the list (the message names the entry).
    pub fn at_list_input(mut self) -> ApiError {
        if let Some(list) = self
            .field_name()
            .and_then(|field| field.split_once('['))
            .map(|(list, _)| FieldPath::new(list))
        {
            self.body.field = Some(list);
        }
        self
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "log in (POST /api/v1/auth/login) or send an API token as 'Authorization: Bearer <token>'",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!(%error, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "the server could not complete the request; it is logged",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.body.code;
        let mut response = (self.status, axum::Json(self.body)).into_response();
        // For the metrics, which count refusals by their reason.
        response.extensions_mut().insert(code);
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
            AppError::Unauthenticated(message) => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated,
                message,
            ),
            AppError::Forbidden(message) => ApiError::forbidden(message),
            AppError::NotFound(message) => ApiError::not_found(message),
            AppError::Invalid { field, message } => ApiError::field(field.as_str(), message),
            AppError::Stale(message) => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                ErrorCode::VersionConflict,
                message,
            ),
            AppError::Conflict(message) => {
                ApiError::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
            }
            AppError::TooManyAttempts(seconds) => {
                let mut error = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::RateLimited,
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
        let (status, code) = match rejection.status() {
            // Valid JSON of the wrong shape (types, values, unknown or missing members).
            StatusCode::UNPROCESSABLE_ENTITY => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidBody)
            }
            StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge)
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::NotJson)
            }
            _ => (StatusCode::BAD_REQUEST, ErrorCode::MalformedJson),
        };
        let mut error = ApiError::new(status, code, rejection.body_text());
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            if let Some(serde) = source::<serde_path_to_error::Error<serde_json::Error>>(&rejection)
            {
                error.locate(serde.path(), serde.inner());
            }
        }
        error
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidPath,
            rejection.body_text(),
        )
    }
}

/// A query parameter that holds no valid value is a 422 naming it, like a body member.
impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            rejection.body_text(),
        );
        if let Some(serde) =
            source::<serde_path_to_error::Error<serde_urlencoded::de::Error>>(&rejection)
        {
            error.locate(serde.path(), serde.inner());
        }
        error
    }
}

impl ApiError {
    /// Makes a deserialization error the invalid field it names, with serde's message
    /// (e.g. "unknown variant `acepted`, expected `accepted` or `questioned`").
    fn locate(&mut self, path: &serde_path_to_error::Path, inner: &impl std::fmt::Display) {
        let message = inner.to_string();
        if let Some(field) = field_of(&path.to_string(), &message) {
            self.status = StatusCode::UNPROCESSABLE_ENTITY;
            self.body.code = ErrorCode::InvalidField;
            self.body.message = format!("{field}: {message}");
            self.body.field = Some(field);
        }
    }
}

/// The first error of type `T` in the chain of `error`'s sources (axum wraps serde's).
fn source<'a, T: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}

/// The field a deserialization error is at: its path (`.` for the top level), with the
/// member that a "missing field `x`" or "unknown field `x`" message names added.
fn field_of(path: &str, message: &str) -> Option<FieldPath> {
    let member = message
        .contains("field `")
        .then(|| message.split('`').nth(1))
        .flatten();
    match (path, member) {
        (".", None) => None,
        (".", Some(member)) => Some(FieldPath::new(member)),
        (path, Some(member)) if !path.ends_with(member) => {
            Some(FieldPath::new(path).member(member))
        }
        (path, _) => Some(FieldPath::new(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_errors_name_their_field() {
        let field = |path, message| field_of(path, message).map(|f| f.to_string());
        assert_eq!(
            field(".", "unknown field `persns`, expected one of `persons`"),
            Some("persns".into())
        );
        assert_eq!(
            field(".", "missing field `year` at line 1"),
            Some("year".into())
        );
        assert_eq!(
            field("requests[0]", "missing field `persons` at line 1 column 9"),
            Some("requests[0].persons".into())
        );
        assert_eq!(
            field(
                "response",
                "unknown variant `acepted`, expected `accepted` or `questioned`"
            ),
            Some("response".into())
        );
        assert_eq!(field(".", "expected value at line 1 column 2"), None);
    }
}
