//! A store made by the previous release (fixtures/previous-release, see its README) opens
//! with this one: the migrations run forward, its data reads, its audit log is chained;
//! and a migration that fails leaves the store as it was.

use crate::raw_connection;
use landa_store::{AuditEntry, Location, Store, SQLITE_FILE_NAME};
use landa_testing::on_each_engine;
use sqlx::AnyConnection;
use std::path::PathBuf;

const SCENARIO: &str = "example-2024";
/// The last migration of the previous release.
const PREVIOUS_VERSION: i64 = 17;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/previous-release")
        .join(name)
}

/// Puts the previous release's store at `location`, without opening it with this one.
fn load_previous_release(location: &Location) {
    match location {
        Location::DataDir(dir) => {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::copy(fixture("landa.sqlite"), dir.join(SQLITE_FILE_NAME)).unwrap();
        }
        Location::Url(url) => {
            let restored = std::process::Command::new("pg_restore")
                .args(["--no-owner", "--no-privileges", "--exit-on-error"])
                .arg(format!("--dbname={url}"))
                .arg(fixture("landa.dump"))
                .output()
                .expect("pg_restore runs");
            assert!(
                restored.status.success(),
                "{}",
                String::from_utf8_lossy(&restored.stderr)
            );
        }
    }
}

async fn latest_migration(connection: &mut AnyConnection) -> i64 {
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(connection)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_store_of_the_previous_release_opens_with_this_one() {
    on_each_engine(|location| async move {
        load_previous_release(&location);
        let mut connection = raw_connection(&location).await;
        assert_eq!(latest_migration(&mut connection).await, PREVIOUS_VERSION);
        let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&mut connection)
            .await
            .unwrap();

        let store = Store::open(&location).await.expect("this release opens it");
        assert!(latest_migration(&mut connection).await > PREVIOUS_VERSION);
        let scenario = store.load_scenario(SCENARIO).await.unwrap();
        assert_eq!(scenario.households.len(), 12);
        assert!(store.account("anna").await.unwrap().is_some());
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        assert_eq!(verified.first_break, None);
        assert_eq!(
            verified.entries, entries as u64,
            "the old entries are chained"
        );
        store
            .append_audit(&AuditEntry::system("officer", "read", "/after", ""))
            .await
            .unwrap();
        assert_eq!(
            store.verify_audit_chain(&[]).await.unwrap().first_break,
            None
        );
    })
    .await;
}

#[tokio::test]
async fn a_migration_that_fails_leaves_the_store_as_it_was() {
    on_each_engine(|location| async move {
        load_previous_release(&location);
        let mut connection = raw_connection(&location).await;
        // A table in the way of the next migration, as a hand-made change could leave.
        sqlx::query("CREATE TABLE audit_chain (note TEXT)")
            .execute(&mut connection)
            .await
            .unwrap();
        let error = Store::open(&location).await.unwrap_err();
        assert!(error.to_string().contains("migration"), "{error}");
        assert_eq!(latest_migration(&mut connection).await, PREVIOUS_VERSION);
        // The migration's first steps (a column added, a trigger replaced) were undone.
        let hashed = sqlx::query("SELECT hash FROM audit_log")
            .fetch_all(&mut connection)
            .await;
        assert!(hashed.is_err(), "the audit log has no hash column");
        let refused = sqlx::query("DELETE FROM audit_log")
            .execute(&mut connection)
            .await;
        assert!(refused.is_err(), "the append-only triggers are still there");

        sqlx::query("DROP TABLE audit_chain")
            .execute(&mut connection)
            .await
            .unwrap();
        let store = Store::open(&location)
            .await
            .expect("opens once the way is clear");
        assert!(store.load_scenario(SCENARIO).await.is_ok());
    })
    .await;
}
