use thiserror::Error;

/// Why a raw value is not a valid domain value. The message says what was expected,
/// so importers can put it next to a file, row and column without rewording.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct ValueError(pub String);

impl ValueError {
    pub fn expected(what: &str, got: &str) -> Self {
        ValueError(format!("expected {what}, got '{got}'"))
    }
}
