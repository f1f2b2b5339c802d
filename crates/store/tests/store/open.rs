//! Opening a store: where it lives, and that what was committed is there on reopening.

use crate::fixtures::sample_scenario;
use crate::setup;
use landa_store::{Engine, ImportMode, Location, Store, StoreError, SQLITE_FILE_NAME};
use landa_testing::on_each_engine;

#[tokio::test]
async fn committed_data_survives_closing_and_reopening() {
    on_each_engine(|location| async move {
        let scenario = sample_scenario("durable");
        {
            let store = Store::open(&location).await.unwrap();
            store
                .import_scenario(&scenario, ImportMode::New, &setup())
                .await
                .unwrap();
        }
        // Opening again runs the migrations again; they must find nothing to do.
        let store = Store::open(&location).await.unwrap();
        assert_eq!(store.load_scenario("durable").await.unwrap(), scenario);
    })
    .await;
}

#[tokio::test]
async fn a_data_directory_is_created_with_the_sqlite_file_inside() {
    let parent = tempfile::tempdir().unwrap();
    let directory = parent.path().join("nested").join("landa-data");
    let store = Store::open(&Location::DataDir(directory.clone()))
        .await
        .unwrap();
    assert!(directory.join(SQLITE_FILE_NAME).is_file());
    assert_eq!(
        store.engine(),
        &Engine::Sqlite {
            path: directory.join(SQLITE_FILE_NAME)
        }
    );
    assert!(store.engine().to_string().starts_with("SQLite ("));
}

#[tokio::test]
async fn the_engine_is_shown_without_the_password() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let shown = store.engine().to_string();
        if let Location::Url(url) = &location {
            assert!(shown.starts_with("PostgreSQL ("), "{shown}");
            assert!(shown.contains("/landa_test_"), "{shown}");
            if let Some(password) = url::Url::parse(url).unwrap().password() {
                assert!(!shown.contains(password));
            }
        }
    })
    .await;
}

#[tokio::test]
async fn an_unknown_url_scheme_is_refused_by_name() {
    let error = Store::open(&Location::Url("mysql://localhost/landa".into()))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::UnsupportedUrl(ref url) if url.contains("mysql")));
}

#[tokio::test]
async fn loading_a_missing_scenario_names_it() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let error = store.load_scenario("nowhere").await.unwrap_err();
        assert_eq!(error.to_string(), "no scenario named 'nowhere'");
    })
    .await;
}
