//! `landa demo`: besides the years to plan, Swedish years already settled, their
//! households moved in and their integration register recorded from the synthetic
//! history's outcomes, so that the register's indicators have figures from the start.

use crate::Landa;
use landa_model::{Activity, Checkpoint, Country};
use landa_testing::on_each_engine;

#[tokio::test]
async fn the_demo_holds_settled_years_whose_register_is_the_synthetic_historys() {
    on_each_engine(|location| async move {
        let landa = Landa::at(&location);
        let printed = landa.ok(&["demo", "--no-serve"]);
        assert!(printed.contains("synthetic-se-2024-settled"), "{printed}");
        let store = landa_store::Store::open(&location).await.unwrap();
        let facts = store
            .status_facts("synthetic-se-2024-settled")
            .await
            .unwrap();
        // What the generator drew for the year, with the demo's seed and today.
        let drawn = landa_generate::settled_years(
            &landa_generate::GenerateOptions {
                country: Country::Sweden,
                seed: 2026,
                year: 2025,
                ..Default::default()
            },
            2,
            400,
            chrono::Utc::now().date_naive(),
        )
        .unwrap()
        .pop()
        .unwrap();
        let working_after_a_year = |activities: Vec<Activity>| {
            activities
                .into_iter()
                .filter(|a| a.is_work_or_education())
                .count()
        };
        let stored = working_after_a_year(
            facts
                .iter()
                .filter(|f| f.status.checkpoint == Checkpoint::SettledYears(1))
                .map(|f| f.status.activity)
                .collect(),
        );
        let expected = working_after_a_year(
            drawn
                .register
                .iter()
                .flat_map(|r| &r.statuses)
                .filter(|s| s.checkpoint == Checkpoint::SettledYears(1))
                .map(|s| s.activity)
                .collect(),
        );
        assert!(expected > 0);
        assert_eq!(
            stored, expected,
            "the store holds the register the history drew"
        );
        assert_eq!(
            facts.len(),
            drawn
                .register
                .iter()
                .map(|r| r.statuses.len())
                .sum::<usize>(),
            "every status of a moved-in household is counted"
        );

        // A second run keeps what is stored rather than writing it twice.
        landa.ok(&["demo", "--no-serve"]);
        let again = store
            .status_facts("synthetic-se-2024-settled")
            .await
            .unwrap();
        assert_eq!(again.len(), facts.len());
    })
    .await;
}
