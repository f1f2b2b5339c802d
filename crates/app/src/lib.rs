//! landa-app: the application core. Every change is a command (a function taking the
//! caller and a typed value) that authorises through one policy (`access`), validates
//! through the model's constructors, and writes the change and its audit entry in one
//! store transaction; every read of personal data is a query that is audited before it
//! answers. The adapters (the JSON API and web pages in landa-server, the `landa`
//! command line) only parse their edge and map `AppError` to it.
//!
//! Architecture invariant: this crate knows nothing of HTTP, HTML or command-line
//! options, and no adapter decides access or validity itself.

pub mod access;
pub mod accounts;
mod actor;
pub mod agreements;
pub mod audit;
pub mod commitments;
pub mod credentials;
pub mod dwellings;
mod error;
pub mod followup;
pub mod forecast;
pub mod households;
pub mod intake;
pub mod placement;
pub mod planning;
pub mod preferences;
pub mod register;
pub mod reminders;
pub mod scenarios;
pub mod schedule;

pub use actor::{Origin, Principal};
pub use error::{AppError, AppResult, FieldPath};
