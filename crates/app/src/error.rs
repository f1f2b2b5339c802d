//! Why a command or query was refused, in terms of the application, not of HTTP: the
//! adapters map each kind to their edge (a status and JSON for the API, the form again
//! with the message at the field for the web, a line with the place for the CLI).

use landa_store::StoreError;
use std::fmt;
use thiserror::Error;

/// The place of a bad value in what the caller sent: a JSON member path such as
/// `requests[2].persons`, a form field, or a command-line option.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct FieldPath(String);

impl FieldPath {
    pub fn new(path: impl Into<String>) -> FieldPath {
        FieldPath(path.into())
    }

    /// The member `name` under this path, e.g. `requests[0]` + `persons`.
    pub fn member(&self, name: &str) -> FieldPath {
        FieldPath(format!("{}.{name}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A refusal, each kind with what to tell the user.
#[derive(Debug, Error)]
pub enum AppError {
    /// Who the caller is could not be established (a wrong password, an unknown token).
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller may not do or see this. Nothing was changed.
    #[error("{0}")]
    Forbidden(String),
    /// What was asked for is not there (or not there for this caller's country).
    #[error("{0}")]
    NotFound(String),
    /// A value does not pass its rule; `field` names where it was sent.
    #[error("{field}: {message}")]
    Invalid { field: FieldPath, message: String },
    /// The change is based on a version that is no longer current.
    #[error("{0}")]
    Stale(String),
    /// The change does not fit the record's current state (a duplicate, a run not done).
    #[error("{0}")]
    Conflict(String),
    /// Too many failed attempts; try again after this many seconds.
    #[error("too many failed logins; try again in {0} seconds")]
    TooManyAttempts(u64),
    /// The store failed for a reason no user can act on.
    #[error(transparent)]
    Store(StoreError),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError::Forbidden(message.into())
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: FieldPath::new(field),
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        let message = error.to_string();
        match error {
            StoreError::ScenarioNotFound(_)
            | StoreError::NotFound(_)
            | StoreError::AccountNotFound(_) => AppError::NotFound(message),
            StoreError::UnknownMunicipality { .. } => AppError::invalid("municipality", message),
            StoreError::VersionConflict { .. } => AppError::Stale(message),
            StoreError::ScenarioExists(_)
            | StoreError::RoundExists { .. }
            | StoreError::AccountExists(_)
            | StoreError::Conflict(_) => AppError::Conflict(message),
            StoreError::Invalid { what, message } => AppError::Invalid {
                field: FieldPath::new(what),
                message,
            },
            other => AppError::Store(other),
        }
    }
}
