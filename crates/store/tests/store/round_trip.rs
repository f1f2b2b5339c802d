//! What is imported comes back exactly as it went in, on both engines.

use crate::fixtures::{generated_scenario, sample_scenario};
use crate::setup;
use landa_store::{ImportMode, ScenarioCounts, Store, StoreError};
use landa_testing::on_each_engine;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[tokio::test]
async fn the_hand_written_scenario_comes_back_unchanged() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = sample_scenario("østfold-2015");
        let summary = store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        assert!(!summary.replaced);
        assert_eq!(summary.counts, ScenarioCounts::of(&scenario));
        assert_eq!(store.load_scenario("østfold-2015").await.unwrap(), scenario);
    })
    .await;
}

#[tokio::test]
async fn a_generated_national_scenario_comes_back_unchanged() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = generated_scenario(600);
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let loaded = store.load_scenario(&scenario.meta.name).await.unwrap();
        assert_eq!(loaded.households, scenario.households);
        assert_eq!(loaded.scores, scenario.scores);
        assert_eq!(loaded, scenario);
    })
    .await;
}

#[tokio::test]
async fn households_rankings_criteria_and_municipalities_priorities_are_kept_with_the_scenario() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = landa_generate::generate(&landa_generate::GenerateOptions {
            households: 300,
            seed: 11,
            with_preferences: true,
            ..Default::default()
        })
        .unwrap();
        assert!(
            !scenario.preferences.is_empty()
                && !scenario.priorities.is_empty()
                && !scenario.criteria.is_empty()
        );
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let loaded = store.load_scenario(&scenario.meta.name).await.unwrap();
        // Read back by household (or municipality) and rank: the same rows in that order.
        let key = |p: &landa_model::Preference| (p.household.to_string(), p.rank());
        let mut expected = scenario.preferences.clone();
        expected.sort_by_key(key);
        assert_eq!(loaded.preferences, expected);
        let key = |p: &landa_model::MunicipalityPriority| (p.municipality.to_string(), p.rank());
        let mut expected = scenario.priorities.clone();
        expected.sort_by_key(key);
        assert_eq!(loaded.priorities, expected);
        let key =
            |c: &landa_model::CriterionWeight| (c.household.to_string(), c.criterion.to_string());
        let mut expected = scenario.criteria.clone();
        expected.sort_by_key(key);
        let mut criteria = loaded.criteria.clone();
        criteria.sort_by_key(key);
        assert_eq!(criteria, expected);
        assert_eq!(
            loaded.rankings_from_criteria(),
            scenario.rankings_from_criteria()
        );
    })
    .await;
}

#[tokio::test]
async fn the_scenario_list_counts_what_each_scenario_holds() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let small = sample_scenario("b-small");
        let national = generated_scenario(50);
        store
            .import_scenario(&small, ImportMode::New, &setup())
            .await
            .unwrap();
        store
            .import_scenario(&national, ImportMode::New, &setup())
            .await
            .unwrap();
        let listed = store.scenarios().await.unwrap();
        assert_eq!(listed.len(), 2);
        let find = |name: &str| listed.iter().find(|s| s.name == name).unwrap();
        assert_eq!(find("b-small").counts, ScenarioCounts::of(&small));
        assert_eq!(find("b-small").national_total, Some(435));
        assert_eq!(
            find(&national.meta.name).counts,
            ScenarioCounts::of(&national)
        );
        assert_eq!(find(&national.meta.name).placement_runs, 0);
    })
    .await;
}

/// Texts travel as COPY text on PostgreSQL, where backslash, tab, newline and carriage
/// return have meanings of their own: any text (but NUL, which neither engine stores
/// the same way) comes back as it was.
#[tokio::test(flavor = "multi_thread")]
async fn any_text_comes_back_as_it_was_written() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let text = prop_oneof![any::<String>(), "[\\\\\t\n\r.Nnrt ]{0,12}"]
            .prop_map(|text| text.replace('\0', ""));
        let texts = proptest::collection::vec(text, 5);
        let runtime = tokio::runtime::Handle::current();
        let mut runner = TestRunner::new(Config::with_cases(64));
        // proptest runs each case synchronously; the store is async.
        tokio::task::block_in_place(|| {
            runner.run(&texts, |texts| {
                let mut scenario = sample_scenario("texts");
                let (regions, municipalities) = texts.split_at(scenario.regions.len());
                for (region, name) in scenario.regions.iter_mut().zip(regions) {
                    region.name.clone_from(name);
                }
                for (municipality, name) in scenario.municipalities.iter_mut().zip(municipalities) {
                    municipality.name.clone_from(name);
                }
                let loaded = runtime.block_on(async {
                    store
                        .import_scenario(&scenario, ImportMode::ReplaceDiscardingHistory, &setup())
                        .await
                        .unwrap();
                    store.load_scenario("texts").await.unwrap()
                });
                prop_assert_eq!(loaded, scenario);
                Ok(())
            })
        })
        .unwrap();
    })
    .await;
}

/// The schema's CHECK lets infinity through (it is >= 0), so reading must check again.
#[tokio::test]
async fn a_fact_edited_out_of_range_reads_as_corrupt_naming_its_column() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        store
            .import_scenario(&sample_scenario("edited"), ImportMode::New, &setup())
            .await
            .unwrap();
        let mut connection = crate::raw_connection(&location).await;
        sqlx::query("UPDATE municipalities SET reception_per_1000 = $1")
            .bind(f64::INFINITY)
            .execute(&mut connection)
            .await
            .unwrap();
        let error = store.load_scenario("edited").await.unwrap_err();
        assert!(
            matches!(&error, StoreError::Corrupt { what, .. } if what == "municipalities.reception_per_1000"),
            "{error}"
        );
    })
    .await;
}
