//! Households read by query answer exactly what the whole scenario says: a page is the
//! slice of the list, a municipality's are those approved for it or proposed to it by
//! the latest run, counts are the sums.

use crate::fixtures::generated_scenario;
use crate::setup;
use chrono::Utc;
use landa_model::{MunicipalityCode, Placement, Scenario};
use landa_store::{HouseholdCounts, ImportMode, PlacementRunRecord, Store};
use landa_testing::on_each_engine;
use std::collections::BTreeMap;
use std::time::Duration;

const SCENARIO: &str = "synthetic-se-2026-n120-s11";

/// A run placing every `every`-th household in the municipality its index picks.
fn run(scenario: &Scenario, every: usize, shift: usize) -> PlacementRunRecord {
    let placements: Vec<Placement> = scenario
        .households
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, h)| Placement {
            household: h.id.clone(),
            municipality: scenario.municipalities[(i / every + shift) % 3]
                .code
                .clone(),
            dwelling: None,
            score: 0.5,
        })
        .collect();
    PlacementRunRecord {
        method: "greedy".into(),
        objective: 0.5 * placements.len() as f64,
        bound: None,
        persons_placed: 0,
        created_at: Utc::now(),
        placements,
        alternatives: Vec::new(),
    }
}

/// Household id → municipality in `run`.
fn where_placed(run: &PlacementRunRecord) -> BTreeMap<String, MunicipalityCode> {
    run.placements
        .iter()
        .map(|p| (p.household.to_string(), p.municipality.clone()))
        .collect()
}

#[tokio::test]
async fn pages_households_and_counts_agree_with_the_whole_scenario() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.unwrap();
        let scenario = generated_scenario(120);
        assert_eq!(scenario.meta.name, SCENARIO);
        store
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        // An approved run, then a later proposal that moves some households elsewhere.
        let approved = run(&scenario, 2, 0);
        let job = store
            .queue_placement_job(
                SCENARIO,
                &landa_store::JobSpec::new("greedy", 1000),
                "test",
                &setup(),
            )
            .await
            .unwrap();
        let claimed = store
            .claim_placement_job("test", Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(claimed.id, job.id);
        store
            .complete_placement_job_with_run(job.id, "test", &approved, "done", &setup())
            .await
            .unwrap();
        store
            .approve_placement_job(job.id, "test", &setup())
            .await
            .unwrap();
        let proposed = run(&scenario, 3, 1);
        store
            .save_placement_run(SCENARIO, &proposed, &setup())
            .await
            .unwrap();
        // An approved household stays where it is: the later run proposes the others.
        let placed_in = where_placed(&approved);
        let mut proposed_to = where_placed(&proposed);
        proposed_to.retain(|id, _| !placed_in.contains_key(id));

        // The whole list, in import order, with persons in theirs.
        let all = store.household_page(SCENARIO, None, 1000, 0).await.unwrap();
        assert_eq!(all.total, 120);
        let ids: Vec<String> = all
            .records
            .iter()
            .map(|r| r.household.id.to_string())
            .collect();
        let imported: Vec<String> = scenario
            .households
            .iter()
            .map(|h| h.id.to_string())
            .collect();
        assert_eq!(ids, imported);
        for (record, household) in all.records.iter().zip(&scenario.households) {
            assert_eq!(&record.household, household);
            let members: Vec<_> = scenario
                .persons
                .iter()
                .filter(|p| p.household == household.id)
                .cloned()
                .collect();
            assert_eq!(record.persons, members, "{}", household.id);
            let id = household.id.as_str();
            assert_eq!(record.placed_in(), placed_in.get(id));
            assert_eq!(record.proposed_to(), proposed_to.get(id));
        }

        // Pages are slices of the whole list, for everyone and for one municipality.
        for municipality in [None, Some(&scenario.municipalities[1].code)] {
            let expected: Vec<&String> = ids
                .iter()
                .filter(|id| {
                    municipality.is_none_or(|code| {
                        placed_in.get(*id) == Some(code) || proposed_to.get(*id) == Some(code)
                    })
                })
                .collect();
            assert!(!expected.is_empty());
            for (limit, offset) in [(1, 0), (7, 3), (50, 40), (10, 10_000)] {
                let page = store
                    .household_page(SCENARIO, municipality, limit, offset)
                    .await
                    .unwrap();
                assert_eq!(page.total, expected.len() as u64);
                let got: Vec<String> = page
                    .records
                    .iter()
                    .map(|r| r.household.id.to_string())
                    .collect();
                let want: Vec<String> = expected
                    .iter()
                    .skip(offset as usize)
                    .take(limit as usize)
                    .map(|id| (*id).clone())
                    .collect();
                assert_eq!(got, want, "{municipality:?} limit {limit} offset {offset}");
            }
            if let Some(code) = municipality {
                let of = store.households_of(SCENARIO, code).await.unwrap();
                let got: Vec<String> = of.iter().map(|r| r.household.id.to_string()).collect();
                let want: Vec<String> = expected.iter().map(|id| (*id).clone()).collect();
                assert_eq!(got, want);
            }
        }

        // One household: found where visible, not found elsewhere or when unknown.
        let first = &all.records[0];
        let home = first.placed_in().unwrap().clone();
        let elsewhere = scenario
            .municipalities
            .iter()
            .map(|m| &m.code)
            .find(|code| Some(*code) != first.placed_in() && Some(*code) != first.proposed_to())
            .unwrap();
        let id = first.household.id.as_str();
        let seen = store
            .household_record(SCENARIO, Some(&home), id)
            .await
            .unwrap();
        assert_eq!(seen.map(|r| r.persons), Some(first.persons.clone()));
        assert!(store
            .household_record(SCENARIO, None, id)
            .await
            .unwrap()
            .is_some());
        assert!(store
            .household_record(SCENARIO, Some(elsewhere), id)
            .await
            .unwrap()
            .is_none());
        assert!(store
            .household_record(SCENARIO, None, "no-such-household")
            .await
            .unwrap()
            .is_none());

        // Counts are the sums of the lists.
        let mut expected: BTreeMap<MunicipalityCode, HouseholdCounts> = BTreeMap::new();
        for record in &all.records {
            let size = record.household.size();
            if let Some(code) = record.proposed_to() {
                let c = expected.entry(code.clone()).or_default();
                c.proposed_households += 1;
                c.proposed_persons += size;
            }
            if let Some(code) = record.placed_in() {
                let c = expected.entry(code.clone()).or_default();
                c.placed_households += 1;
                c.placed_persons += size;
                if record.household.is_unaccompanied_minor() {
                    c.placed_minors += size;
                }
            }
        }
        assert_eq!(store.household_counts(SCENARIO).await.unwrap(), expected);
    })
    .await;
}
