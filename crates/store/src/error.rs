use std::path::PathBuf;
use thiserror::Error;

/// Why a store operation failed. Each variant says what was being done and with what,
/// so a caller can show it without rewording.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "unsupported database URL scheme in '{0}': expected postgres://, postgresql:// or sqlite:"
    )]
    UnsupportedUrl(String),
    #[error("cannot apply the schema migrations: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{action}: {source}")]
    Database {
        action: &'static str,
        source: sqlx::Error,
    },
    #[error("a scenario named '{0}' already exists; import it with Replace to overwrite it")]
    ScenarioExists(String),
    #[error("no scenario named '{0}'")]
    ScenarioNotFound(String),
    #[error("municipality {municipality} is not in scenario '{scenario}'")]
    UnknownMunicipality {
        scenario: String,
        municipality: String,
    },
    #[error("scenario '{scenario}' already has request round {round} of {year}; rounds are never overwritten, send a new round number")]
    RoundExists {
        scenario: String,
        year: i32,
        round: u32,
    },
    #[error("an account named '{0}' already exists")]
    AccountExists(String),
    #[error("no account named '{0}'")]
    AccountNotFound(String),
    /// A record looked up by key is not there, e.g. "dwelling D1 in scenario 'x'".
    #[error("no {0}")]
    NotFound(String),
    /// A change was based on a version that is no longer the current one: someone else
    /// changed the record in between.
    #[error("{what} is at version {current}, not {expected}: it was changed meanwhile; read it again and redo the change")]
    VersionConflict {
        what: String,
        expected: u32,
        current: u32,
    },
    /// The change is not allowed in the record's current state, e.g. approving a failed run.
    #[error("{0}")]
    Conflict(String),
    /// The value handed in cannot be stored as it is (e.g. a score that is not a number).
    #[error("{what}: {message}")]
    Invalid { what: String, message: String },
    /// A backup or restore could not be made; says why and what to do instead.
    #[error("{0}")]
    Backup(String),
    /// A stored value does not make a valid domain value: the database was edited by hand
    /// or by an incompatible version.
    #[error("stored {what} is not valid: {message}")]
    Corrupt { what: String, message: String },
}

impl StoreError {
    /// Adapter for `map_err` that names the action that failed.
    pub(crate) fn database(action: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |source| StoreError::Database { action, source }
    }
}

/// True when `error` is the database refusing a reference to a row that does not exist.
pub(crate) fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.is_foreign_key_violation())
}

/// True when `error` is the database refusing a duplicate key.
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}
