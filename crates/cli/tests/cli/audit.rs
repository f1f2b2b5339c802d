//! `landa audit`: a checkpoint kept in a file, the chain verified against it, and an
//! entry altered in the database named by `landa audit verify`.

use crate::Landa;
use landa_store::{Location, SQLITE_FILE_NAME};
use landa_testing::on_each_engine;
use sqlx::Connection;

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_is_verified_against_a_checkpoint_kept_elsewhere_and_an_alteration_is_named()
{
    on_each_engine(|location: Location| async move {
        let landa = Landa::at(&location);
        for name in ["anna", "bertil"] {
            let added = landa
                .command()
                .args(["user", "add", name, "--role", "municipality:SE:2080"])
                .env("LANDA_PASSWORD", "a long enough password")
                .output()
                .unwrap();
            assert!(added.status.success());
        }
        let kept = tempfile::tempdir().unwrap();
        let file = kept.path().join("checkpoints.csv");
        let file_arg = file.to_str().unwrap();
        assert!(landa
            .ok(&["audit", "checkpoint", "--append", file_arg])
            .starts_with("Checkpoint "));
        landa.ok(&["audit", "checkpoint", "--append", file_arg]);
        let rows = crate::csv_rows(&file);
        assert_eq!(rows.len(), 2, "one header, two checkpoints");
        assert!(landa.ok(&["audit", "checkpoints"]).lines().count() >= 3);
        let verified = landa.ok(&["audit", "verify", "--checkpoints", file_arg]);
        assert!(verified.contains("as it was written"), "{verified}");

        let bad = kept.path().join("bad.csv");
        std::fs::write(
            &bad,
            "at,entries,last_hash\n2026-12-06T21:00:00Z,3,nothex\n",
        )
        .unwrap();
        let refused = landa.run(&["audit", "verify", "--checkpoints", bad.to_str().unwrap()]);
        assert!(
            !refused.success && refused.stderr.contains("bad.csv:2:last_hash"),
            "{}",
            refused.stderr
        );

        // Past landa: the triggers dropped, anna's account creation made to read as bertil's.
        sqlx::any::install_default_drivers();
        let url = match &location {
            Location::DataDir(directory) => {
                format!("sqlite://{}", directory.join(SQLITE_FILE_NAME).display())
            }
            Location::Url(url) => url.clone(),
        };
        let mut connection = sqlx::AnyConnection::connect(&url).await.unwrap();
        let drops: &[&str] = match &location {
            Location::DataDir(_) => &["DROP TRIGGER audit_log_no_update"],
            Location::Url(_) => &["DROP TRIGGER audit_log_no_change ON audit_log"],
        };
        for statement in drops {
            sqlx::query(statement)
                .execute(&mut connection)
                .await
                .unwrap();
        }
        let altered: i64 = sqlx::query_scalar(
            "SELECT id FROM audit_log WHERE resource LIKE '%anna%' ORDER BY id LIMIT 1",
        )
        .fetch_one(&mut connection)
        .await
        .unwrap();
        sqlx::query(
            "UPDATE audit_log SET resource = REPLACE(resource, 'anna', 'bertil') WHERE id = $1",
        )
        .bind(altered)
        .execute(&mut connection)
        .await
        .unwrap();
        let caught = landa.run(&["audit", "verify", "--checkpoints", file_arg]);
        assert!(!caught.success, "an altered log fails verification");
        assert!(
            caught.stderr.contains(&format!("entry #{altered} ")),
            "{}",
            caught.stderr
        );
    })
    .await;
}
