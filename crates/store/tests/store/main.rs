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

/// A connection straight to the store's database, past landa, as someone with the
/// database's password has: to alter what landa would refuse to.
pub async fn raw_connection(location: &landa_store::Location) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let url = match location {
        landa_store::Location::DataDir(directory) => format!(
            "sqlite://{}",
            directory.join(landa_store::SQLITE_FILE_NAME).display()
        ),
        landa_store::Location::Url(url) => url.clone(),
    };
    sqlx::AnyConnection::connect(&url).await.unwrap()
}
