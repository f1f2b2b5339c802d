//! Integration tests of landa-store. Every test runs on SQLite in a temporary directory
//! and on a fresh PostgreSQL database (see `engines`).

mod agreements;
mod audit_chain;
mod backup;
mod concurrency;
mod fixtures;
mod history;
mod households;
mod import;
mod jobs;
mod municipality_year;
mod open;
mod round_trip;
mod schema;
mod upgrade;

/// The audit entry of the changes these tests make straight on the store.
pub fn setup() -> landa_store::AuditEntry {
    landa_store::AuditEntry::system("store test", "create", "/", "fixture")
}
