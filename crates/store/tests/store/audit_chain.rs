//! The audit log's hash chain against someone who goes around landa: with the
//! append-only triggers dropped, an entry changed, one removed, the last ones removed
//! with the head rewritten, and the checkpoints removed too; each is caught and named.

use crate::{raw_connection, setup};
use landa_store::{AuditEntry, AuditFilter, ChainBreak, Location, Store};
use landa_testing::on_each_engine;
use sqlx::AnyConnection;

/// A store with six entries of its own beside the import's, and their ids in order.
async fn store_with_entries(location: &Location) -> (Store, Vec<i64>) {
    let store = Store::open(location).await.unwrap();
    store
        .import_scenario(
            &crate::fixtures::sample_scenario("chained"),
            landa_store::ImportMode::New,
            &setup(),
        )
        .await
        .unwrap();
    for n in 1..=6 {
        store
            .append_audit(&AuditEntry {
                remote: (n % 2 == 0).then(|| "10.0.0.7".to_owned()),
                request_id: (n % 3 == 0).then(|| format!("request-{n}")),
                ..AuditEntry::system("officer", "read", &format!("/households/H{n}"), "")
            })
            .await
            .unwrap();
    }
    let mut connection = raw_connection(location).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM audit_log ORDER BY id")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    (store, ids)
}

/// Drops the triggers that keep the audit log append-only, as the database's owner could.
async fn drop_triggers(connection: &mut AnyConnection, location: &Location) {
    let statements: &[&str] = match location {
        Location::DataDir(_) => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        Location::Url(_) => &["DROP TRIGGER audit_log_no_change ON audit_log"],
    };
    for statement in statements {
        sqlx::query(statement)
            .execute(&mut *connection)
            .await
            .unwrap();
    }
}

async fn execute(connection: &mut AnyConnection, sql: &str, id: i64) {
    sqlx::query(sql)
        .bind(id)
        .execute(&mut *connection)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_log_as_written_verifies_and_the_triggers_still_refuse_changes() {
    on_each_engine(|location| async move {
        let (store, ids) = store_with_entries(&location).await;
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        assert_eq!(verified.first_break, None);
        assert_eq!(verified.entries, ids.len() as u64);
        let checkpoint = store.record_audit_checkpoint().await.unwrap();
        assert_eq!(checkpoint.entries, ids.len() as u64);
        let mut connection = raw_connection(&location).await;
        let refused = sqlx::query("UPDATE audit_log SET detail = 'x' WHERE id = $1")
            .bind(ids[1])
            .execute(&mut connection)
            .await;
        assert!(refused.is_err(), "the trigger refuses a change");
        let verified = store.verify_audit_chain(&[checkpoint]).await.unwrap();
        assert_eq!((verified.first_break, verified.checkpoints), (None, 2));
    })
    .await;
}

#[tokio::test]
async fn an_entry_changed_behind_landas_back_is_named() {
    on_each_engine(|location| async move {
        let (store, ids) = store_with_entries(&location).await;
        let mut connection = raw_connection(&location).await;
        drop_triggers(&mut connection, &location).await;
        let changed = ids[ids.len() - 3];
        execute(
            &mut connection,
            "UPDATE audit_log SET resource = '/households/nobody' WHERE id = $1",
            changed,
        )
        .await;
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        match verified.first_break {
            Some(ChainBreak::Entry { id, position, .. }) => {
                assert_eq!((id, position), (changed, ids.len() as u64 - 2));
            }
            other => panic!("expected the changed entry, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_request_id_taken_off_an_entry_is_named() {
    on_each_engine(|location| async move {
        let (store, ids) = store_with_entries(&location).await;
        // The third of the six entries, the first with a request id.
        let changed = ids[ids.len() - 4];
        let mut connection = raw_connection(&location).await;
        let request_id: Option<String> =
            sqlx::query_scalar("SELECT request_id FROM audit_log WHERE id = $1")
                .bind(changed)
                .fetch_one(&mut connection)
                .await
                .unwrap();
        assert_eq!(request_id.as_deref(), Some("request-3"));
        drop_triggers(&mut connection, &location).await;
        execute(
            &mut connection,
            "UPDATE audit_log SET request_id = NULL WHERE id = $1",
            changed,
        )
        .await;
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        assert!(
            matches!(verified.first_break, Some(ChainBreak::Entry { id, .. }) if id == changed),
            "{:?}",
            verified.first_break
        );
    })
    .await;
}

#[tokio::test]
async fn an_entry_removed_from_the_middle_is_named_by_the_one_after_it() {
    on_each_engine(|location| async move {
        let (store, ids) = store_with_entries(&location).await;
        let mut connection = raw_connection(&location).await;
        drop_triggers(&mut connection, &location).await;
        execute(
            &mut connection,
            "DELETE FROM audit_log WHERE id = $1",
            ids[2],
        )
        .await;
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        match &verified.first_break {
            Some(ChainBreak::Entry { id, after_id, .. }) => {
                assert_eq!((*id, *after_id), (ids[3], Some(ids[1])));
            }
            other => panic!("expected the entry after the gap, got {other:?}"),
        }
        let said = verified.first_break.unwrap().to_string();
        assert!(
            said.contains(&format!("after #{} was removed", ids[1])),
            "{said}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_last_entries_removed_are_caught_by_the_head_then_by_a_checkpoint_kept_elsewhere() {
    on_each_engine(|location| async move {
        let (store, ids) = store_with_entries(&location).await;
        let exported = store.record_audit_checkpoint().await.unwrap();
        let mut connection = raw_connection(&location).await;
        drop_triggers(&mut connection, &location).await;
        let kept = ids[ids.len() - 3];
        execute(&mut connection, "DELETE FROM audit_log WHERE id > $1", kept).await;
        let remaining = ids.len() as u64 - 2;
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        assert_eq!(
            verified.first_break,
            Some(ChainBreak::Length {
                entries: remaining,
                expected: ids.len() as u64,
                source: "the chain's head".to_owned(),
            })
        );

        // The head rewritten to the shortened log: the recorded checkpoint still counts more.
        let last_hash: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE id = $1")
            .bind(kept)
            .fetch_one(&mut connection)
            .await
            .unwrap();
        sqlx::query("UPDATE audit_chain SET entries = $1, last_hash = $2")
            .bind(remaining as i64)
            .bind(last_hash)
            .execute(&mut connection)
            .await
            .unwrap();
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        assert!(
            matches!(&verified.first_break, Some(ChainBreak::Length { source, .. }) if source.starts_with("the checkpoint recorded")),
            "{:?}",
            verified.first_break
        );

        // The recorded checkpoints removed too: only the one kept elsewhere tells.
        sqlx::query("DELETE FROM audit_checkpoints")
            .execute(&mut connection)
            .await
            .unwrap();
        assert_eq!(store.verify_audit_chain(&[]).await.unwrap().first_break, None);
        let verified = store.verify_audit_chain(&[exported]).await.unwrap();
        assert!(
            matches!(&verified.first_break, Some(ChainBreak::Length { source, expected, .. })
                if source.starts_with("the checkpoint kept elsewhere") && *expected == ids.len() as u64),
            "{:?}",
            verified.first_break
        );
    })
    .await;
}

#[tokio::test]
async fn entries_written_before_the_chain_began_are_chained_when_the_store_opens() {
    on_each_engine(|location| async move {
        let (store, ids) = store_with_entries(&location).await;
        drop(store);
        // As a store of the release before the chain: no hashes, the head at its start.
        let mut connection = raw_connection(&location).await;
        drop_triggers(&mut connection, &location).await;
        sqlx::query("UPDATE audit_log SET hash = NULL")
            .execute(&mut connection)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE audit_chain SET entries = 0, \
             last_hash = '0000000000000000000000000000000000000000000000000000000000000000'",
        )
        .execute(&mut connection)
        .await
        .unwrap();
        let store = Store::open(&location).await.unwrap();
        store
            .append_audit(&AuditEntry::system("officer", "read", "/after", ""))
            .await
            .unwrap();
        let verified = store.verify_audit_chain(&[]).await.unwrap();
        assert_eq!(verified.first_break, None);
        assert_eq!(verified.entries, ids.len() as u64 + 1);
    })
    .await;
}

#[tokio::test]
async fn a_checkpoint_falls_due_a_day_after_the_last_when_the_log_grew() {
    on_each_engine(|location| async move {
        let (store, _) = store_with_entries(&location).await;
        let day = chrono::Duration::days(1);
        let now = chrono::Utc::now();
        let first = store
            .record_audit_checkpoint_when_due(now, day)
            .await
            .unwrap();
        assert!(first.is_some(), "the first is due at once");
        let later = now + chrono::Duration::hours(25);
        assert_eq!(
            store
                .record_audit_checkpoint_when_due(later, day)
                .await
                .unwrap(),
            None,
            "not due when the log has not grown"
        );
        store
            .append_audit(&AuditEntry::system("officer", "read", "/households/H7", ""))
            .await
            .unwrap();
        assert_eq!(
            store
                .record_audit_checkpoint_when_due(now, day)
                .await
                .unwrap(),
            None,
            "not due within the day"
        );
        let due = store
            .record_audit_checkpoint_when_due(later, day)
            .await
            .unwrap();
        assert_eq!(due.map(|c| c.entries), Some(first.unwrap().entries + 1));
        assert_eq!(store.audit_checkpoints().await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn the_export_by_record_ignores_case_and_takes_wildcards_literally_on_both_engines() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        for resource in [
            "/households/H_1",
            "/households/HX1",
            "/households/h_12/persons/P1",
        ] {
            store
                .append_audit(&AuditEntry::system("officer", "read", resource, ""))
                .await
                .unwrap();
        }
        let found = |record: &'static str| {
            let store = store.clone();
            async move {
                let filter = AuditFilter {
                    resource: Some(record),
                    ..AuditFilter::default()
                };
                let mut resources: Vec<String> = store
                    .audit_entries(&filter, 100, 0)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|entry| entry.resource)
                    .collect();
                resources.sort();
                resources
            }
        };
        assert_eq!(
            found("h_1").await,
            ["/households/H_1", "/households/h_12/persons/P1"]
        );
        assert_eq!(found("%").await, Vec::<String>::new());
        assert_eq!(found("hx1").await, ["/households/HX1"]);
    })
    .await;
}
