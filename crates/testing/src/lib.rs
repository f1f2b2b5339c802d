//! landa-testing: the engines each storage test runs on: SQLite always, PostgreSQL when
//! reachable. A dev-dependency only.
//!
//! PostgreSQL is found at `LANDA_TEST_DATABASE_URL`, by default
//! `postgres://postgres@127.0.0.1:5432/postgres`. Each test gets its own database
//! `landa_test_<random>`, dropped afterwards, so tests run in parallel. When PostgreSQL
//! cannot be reached the test says `SKIPPED on PostgreSQL: <reason>` and passes on SQLite
//! alone, unless `LANDA_REQUIRE_POSTGRES=1` (as in CI) makes that a failure.

use landa_store::Location;
use sqlx::{Connection, Executor, PgConnection};
use std::future::Future;
use std::time::Duration;

const ADMIN_URL_VAR: &str = "LANDA_TEST_DATABASE_URL";
const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const REQUIRE_POSTGRES_VAR: &str = "LANDA_REQUIRE_POSTGRES";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Runs `test` against a fresh SQLite store, then against a fresh PostgreSQL database.
pub async fn on_each_engine<F, Fut>(test: F)
where
    F: Fn(Location) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let directory = tempfile::tempdir().expect("a temporary directory");
    test(Location::DataDir(directory.path().to_owned())).await;
    on_postgres(test).await;
}

/// Runs `test` against a fresh PostgreSQL database, or says why it cannot (a failure with
/// `LANDA_REQUIRE_POSTGRES=1`).
pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Location) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    match TestDatabase::create().await {
        Ok(database) => {
            // Run on a task so that a failing test still drops its database.
            let outcome = tokio::spawn(test(Location::Url(database.url.clone()))).await;
            database.drop().await;
            if let Err(error) = outcome {
                match error.try_into_panic() {
                    Ok(panic) => std::panic::resume_unwind(panic),
                    Err(error) => panic!("the test on PostgreSQL did not finish: {error}"),
                }
            }
        }
        Err(reason) if std::env::var(REQUIRE_POSTGRES_VAR).as_deref() == Ok("1") => {
            panic!("PostgreSQL is required ({REQUIRE_POSTGRES_VAR}=1) but {reason}")
        }
        Err(reason) => eprintln!("SKIPPED on PostgreSQL: {reason}"),
    }
}

/// A PostgreSQL database of one test's own.
pub struct TestDatabase {
    admin: PgConnection,
    name: String,
    pub url: String,
}

impl TestDatabase {
    /// Creates an empty database; `Err` says why PostgreSQL cannot be used.
    pub async fn create() -> Result<TestDatabase, String> {
        let admin_url =
            std::env::var(ADMIN_URL_VAR).unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());
        let mut url = url::Url::parse(&admin_url)
            .map_err(|e| format!("{ADMIN_URL_VAR} is not a URL: {e}"))?;
        let mut admin = tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect(&admin_url))
            .await
            .map_err(|_| format!("no answer from {} within {CONNECT_TIMEOUT:?}", shown(&url)))?
            .map_err(|e| format!("cannot connect to {}: {e}", shown(&url)))?;
        let name = format!("landa_test_{:016x}", rand::random::<u64>());
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .map_err(|e| format!("cannot create database {name}: {e}"))?;
        url.set_path(&name);
        Ok(TestDatabase {
            admin,
            name,
            url: url.to_string(),
        })
    }

    pub async fn drop(mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(error) = self.admin.execute(sql.as_str()).await {
            eprintln!("could not drop test database {}: {error}", self.name);
        }
    }
}

/// Host and database of a URL, without credentials.
fn shown(url: &url::Url) -> String {
    format!(
        "{}:{}{}",
        url.host_str().unwrap_or_default(),
        url.port().unwrap_or(5432),
        url.path()
    )
}
