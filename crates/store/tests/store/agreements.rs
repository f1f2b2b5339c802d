//! Agreements are kept as versions: each save adds one, earlier ones stay readable, and a
//! save based on an old version is refused.

use crate::setup;
use landa_followup::read_agreement;
use landa_store::{Store, StoreError};
use landa_testing::on_each_engine;

fn vagen_in() -> landa_followup::Agreement {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/agreements/vagen-in.toml"
    );
    read_agreement("vagen-in.toml", &std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn every_save_is_a_new_version_and_stale_saves_are_refused() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let first = vagen_in();
        assert_eq!(
            store
                .save_agreement(
                    &first,
                    "lansstyrelsen",
                    "entered from the evaluation",
                    Some(0),
                    &setup()
                )
                .await
                .unwrap(),
            1
        );
        let mut second = first.clone();
        second.revision_started = Some(landa_followup::Date(
            chrono::NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
        ));
        assert_eq!(
            store
                .save_agreement(
                    &second,
                    "lansstyrelsen",
                    "revision started",
                    Some(1),
                    &setup()
                )
                .await
                .unwrap(),
            2
        );
        // A save based on version 1 would overwrite version 2.
        let stale = store
            .save_agreement(&first, "someone", "old copy", Some(1), &setup())
            .await;
        assert!(
            matches!(stale, Err(StoreError::VersionConflict { current: 2, .. })),
            "{stale:?}"
        );
        assert_eq!(
            store.agreement("vagen-in", None).await.unwrap(),
            (second.clone(), 2)
        );
        assert_eq!(
            store.agreement("vagen-in", Some(1)).await.unwrap(),
            (first, 1)
        );
        assert!(matches!(
            store.agreement("vagen-in", Some(3)).await,
            Err(StoreError::NotFound(_))
        ));
        let versions = store.agreement_versions("vagen-in").await.unwrap();
        let notes: Vec<&str> = versions.iter().map(|v| v.note.as_str()).collect();
        assert_eq!(notes, ["entered from the evaluation", "revision started"]);
        assert_eq!(store.agreements().await.unwrap(), vec![(second, 2)]);
    })
    .await;
}
