//! Imports are all or nothing: a refused or failing import leaves the store as it was.

use crate::fixtures::{generated_scenario, parse, sample_scenario};
use crate::setup;
use landa_store::{ImportMode, Store, StoreError};
use landa_testing::on_each_engine;

#[tokio::test]
async fn a_second_import_under_the_same_name_is_refused_and_changes_nothing() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let first = sample_scenario("same");
        store
            .import_scenario(&first, ImportMode::New, &setup())
            .await
            .unwrap();
        let mut second = sample_scenario("same");
        second.dwellings.truncate(1);
        let error = store
            .import_scenario(&second, ImportMode::New, &setup())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::ScenarioExists(ref name) if name == "same"));
        assert_eq!(store.load_scenario("same").await.unwrap(), first);
    })
    .await;
}

#[tokio::test]
async fn replace_swaps_the_whole_scenario() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        store
            .import_scenario(&sample_scenario("swap"), ImportMode::New, &setup())
            .await
            .unwrap();
        let mut smaller = sample_scenario("swap");
        smaller.persons.clear();
        smaller.dwellings.clear();
        let summary = store
            .import_scenario(&smaller, ImportMode::Replace, &setup())
            .await
            .unwrap();
        assert!(summary.replaced);
        assert_eq!(store.load_scenario("swap").await.unwrap(), smaller);
        assert_eq!(store.scenarios().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_failure_late_in_the_import_rolls_everything_back() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let original = sample_scenario("kept");
        store
            .import_scenario(&original, ImportMode::New, &setup())
            .await
            .unwrap();
        // A dwelling in a municipality the scenario does not have: the database refuses
        // it only after regions, municipalities, households and persons were written.
        let mut broken = sample_scenario("kept");
        broken.dwellings[1].municipality = parse("9999");
        let error = store
            .import_scenario(&broken, ImportMode::Replace, &setup())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::Database { .. }), "{error}");
        assert_eq!(store.load_scenario("kept").await.unwrap(), original);

        broken.meta.name = "never".into();
        store
            .import_scenario(&broken, ImportMode::New, &setup())
            .await
            .unwrap_err();
        let names: Vec<String> = store
            .scenarios()
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["kept"]);
    })
    .await;
}

#[tokio::test]
async fn values_that_could_not_come_back_are_refused_before_writing() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let mut twice = sample_scenario("twice");
        let again = twice.decisions[0].clone();
        twice.decisions.push(again);
        let error = store
            .import_scenario(&twice, ImportMode::New, &setup())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("given twice"), "{error}");

        let mut dangling = sample_scenario("dangling");
        dangling
            .scores
            .push(landa_model::Score::new(parse("h-404"), parse("0101"), 1.0).unwrap());
        let error = store
            .import_scenario(&dangling, ImportMode::New, &setup())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("household 'h-404'"), "{error}");

        // The schema leaves a score's pair unique to this check (no index on it).
        let mut scored_twice = sample_scenario("scored-twice");
        let first = scored_twice.scores[0].clone();
        scored_twice.scores.push(first);
        let error = store
            .import_scenario(&scored_twice, ImportMode::New, &setup())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("a second time"), "{error}");
        assert!(store.scenarios().await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_failure_after_the_bulk_rows_leaves_no_row_and_no_audit_entry() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let mut broken = generated_scenario(300);
        // The same round twice: refused by the database only after every household,
        // person and score was written (through COPY on PostgreSQL).
        let round = broken.request_rounds[0].clone();
        broken.request_rounds.push(round);
        let error = store
            .import_scenario(&broken, ImportMode::New, &setup())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::RoundExists { .. }), "{error}");
        assert!(store.scenarios().await.unwrap().is_empty());
        assert!(store
            .audit_entries(&landa_store::AuditFilter::default(), 10, 0)
            .await
            .unwrap()
            .is_empty());

        // Nothing of the failed import is in the way of importing it whole.
        broken.request_rounds.pop();
        store
            .import_scenario(&broken, ImportMode::New, &setup())
            .await
            .unwrap();
        assert_eq!(
            store.load_scenario(&broken.meta.name).await.unwrap(),
            broken
        );
        assert_eq!(
            store
                .audit_entries(&landa_store::AuditFilter::default(), 10, 0)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}
