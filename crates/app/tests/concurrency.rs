//! Many writers on one scenario at once, each on a store of its own as separate server
//! processes would be: every command succeeds or is refused for a real conflict (an id
//! that really exists, a version that really moved), never with a database error.

use landa_app::{AppError, AppResult, Origin, Principal};
use landa_model::{
    Contract, Dwelling, MunicipalDecision, MunicipalRequest, MunicipalityCode, RequestRound,
    Scenario,
};
use landa_store::{AuditEntry, ImportMode, Location, Store};
use landa_testing::on_each_engine;
use std::future::Future;
use tokio::task::JoinSet;

const SCENARIO: &str = "concurrency";
/// Stores on the one database: the processes.
const PROCESSES: usize = 3;
/// Municipalities writing at once, and what each of them writes.
const MUNICIPALITIES: usize = 8;
const DECISION_WRITERS: usize = 4;
const DWELLINGS_EACH: usize = 3;
const ROUNDS: u32 = 4;
const AGREEMENTS: usize = 6;
const JOBS: usize = 4;

fn national() -> Principal {
    Principal::account(
        "national",
        "national:SE".parse().unwrap(),
        Origin::default(),
    )
}

fn municipality(code: &MunicipalityCode) -> Principal {
    let role = format!("municipality:SE:{code}").parse().unwrap();
    Principal::account(format!("municipality-{code}"), role, Origin::default())
}

fn agreement(id: &str) -> landa_followup::Agreement {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/agreements/vagen-in.toml"
    );
    let text = std::fs::read_to_string(path).expect("data/agreements/vagen-in.toml");
    let mut agreement = landa_followup::read_agreement(path, &text).expect("a valid agreement");
    agreement.id = id.to_owned();
    agreement
}

fn dwelling(id: &str, municipality: &MunicipalityCode) -> Dwelling {
    Dwelling::new(
        id.parse().unwrap(),
        municipality.clone(),
        4,
        "2026-05-01".parse().unwrap(),
        false,
        Contract::FirstHand,
    )
    .unwrap()
}

fn decision(year: i32, municipality: &MunicipalityCode, persons: u32) -> MunicipalDecision {
    MunicipalDecision {
        year,
        municipality: municipality.clone(),
        persons,
        unaccompanied_minors: 0,
        body: None,
        decided_on: None,
        registration_number: None,
        document_url: None,
    }
}

/// A fresh store holding a small synthetic Swedish year as `SCENARIO`.
async fn seeded(location: &Location) -> Scenario {
    let store = Store::open(location).await.expect("store");
    let mut scenario = landa_generate::generate(&landa_generate::GenerateOptions {
        households: 20,
        seed: 5,
        ..Default::default()
    })
    .expect("a synthetic scenario");
    scenario.meta.name = SCENARIO.to_owned();
    let setup = AuditEntry::system("test setup", "create", "/", "fixture");
    store
        .import_scenario(&scenario, ImportMode::New, &setup)
        .await
        .expect("import");
    scenario
}

/// Writes started at once, each on the next store, labelled for the failure message.
struct Writers {
    stores: Vec<Store>,
    tasks: JoinSet<(String, AppResult<()>)>,
}

impl Writers {
    fn spawn<F, Fut, T>(&mut self, label: String, write: F)
    where
        F: FnOnce(Store) -> Fut,
        Fut: Future<Output = AppResult<T>> + Send + 'static,
    {
        let store = self.stores[self.tasks.len() % self.stores.len()].clone();
        let write = write(store);
        self.tasks
            .spawn(async move { (label, write.await.map(|_| ())) });
    }

    /// Every outcome, each with its label.
    async fn outcomes(mut self) -> Vec<(String, AppResult<()>)> {
        let mut outcomes = Vec::new();
        while let Some(outcome) = self.tasks.join_next().await {
            outcomes.push(outcome.expect("a writer panicked"));
        }
        outcomes
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_on_one_scenario_all_succeed() {
    on_each_engine(|location| async move {
        let scenario = seeded(&location).await;
        let year = scenario.meta.year;
        let mut stores = Vec::new();
        for _ in 0..PROCESSES {
            stores.push(Store::open(&location).await.expect("store"));
        }
        let codes: Vec<MunicipalityCode> = scenario
            .municipalities
            .iter()
            .take(MUNICIPALITIES)
            .map(|m| m.code.clone())
            .collect();
        let mut writers = Writers {
            stores: stores.clone(),
            tasks: JoinSet::new(),
        };
        for round in 1..=ROUNDS {
            let requests = codes
                .iter()
                .map(|code| MunicipalRequest {
                    municipality: code.clone(),
                    persons: 10 * round,
                    unaccompanied_minors: 0,
                })
                .collect();
            let round = RequestRound {
                year,
                round: 100 + round,
                sent_on: None,
                sent_by: "Migrationsverket".to_owned(),
                requests,
            };
            writers.spawn(format!("round {}", round.round), |store| async move {
                landa_app::planning::publish_round(&store, &national(), SCENARIO, round).await
            });
        }
        for code in &codes {
            for writer in 0..DECISION_WRITERS {
                let principal = if writer % 2 == 0 {
                    municipality(code)
                } else {
                    national()
                };
                let decision = decision(year, code, 10 + writer as u32);
                let today = chrono::Utc::now().date_naive();
                writers.spawn(format!("decision {code} #{writer}"), |store| async move {
                    landa_app::planning::register_decision(
                        &store, &principal, SCENARIO, decision, None, today,
                    )
                    .await
                });
            }
            for index in 0..DWELLINGS_EACH {
                let dwelling = dwelling(&format!("new-{code}-{index}"), code);
                let principal = municipality(code);
                writers.spawn(format!("dwelling {}", dwelling.id), |store| async move {
                    landa_app::dwellings::offer_dwelling(
                        &store, &principal, SCENARIO, dwelling, None,
                    )
                    .await
                });
            }
        }
        for index in 0..AGREEMENTS {
            let agreement = agreement(&format!("concurrent-{index}"));
            writers.spawn(format!("agreement {}", agreement.id), |store| async move {
                landa_app::agreements::save_agreement(&store, &national(), &agreement, "new", 0)
                    .await
            });
        }
        for index in 0..JOBS {
            writers.spawn(format!("placement job {index}"), |store| async move {
                landa_app::placement::start_run(
                    &store,
                    &national(),
                    SCENARIO,
                    "greedy",
                    1.0,
                    Default::default(),
                )
                .await
            });
        }
        let failures: Vec<String> = writers
            .outcomes()
            .await
            .into_iter()
            .filter_map(|(label, outcome)| outcome.err().map(|e| format!("{label}: {e:?}")))
            .collect();
        assert!(
            failures.is_empty(),
            "refused writes:\n{}",
            failures.join("\n")
        );

        // Everything written is there, once, and in order.
        let store = &stores[0];
        let rounds = store.request_rounds(SCENARIO).await.unwrap();
        let new_rounds = rounds.iter().filter(|r| r.round > 100).count();
        assert_eq!(new_rounds, ROUNDS as usize);
        for code in &codes {
            let history = store.decision_history(SCENARIO, code).await.unwrap();
            let versions: Vec<u32> = history
                .iter()
                .filter(|v| v.decision.year == year)
                .map(|v| v.version)
                .collect();
            let first_new = versions.len() - DECISION_WRITERS;
            assert_eq!(
                versions[first_new..],
                (first_new as u32 + 1..=versions.len() as u32).collect::<Vec<_>>()[..],
                "{code}"
            );
        }
        let dwellings = store.dwellings(SCENARIO, None).await.unwrap();
        let new_dwellings = dwellings
            .iter()
            .filter(|d| d.dwelling.id.as_str().starts_with("new-"))
            .count();
        assert_eq!(new_dwellings, MUNICIPALITIES * DWELLINGS_EACH);
        assert_eq!(store.agreements().await.unwrap().len(), AGREEMENTS);
        let jobs = store.placement_jobs(SCENARIO).await.unwrap();
        assert_eq!(jobs.len(), JOBS);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_new_id_written_at_once_is_taken_once_and_refused_once() {
    on_each_engine(|location| async move {
        let scenario = seeded(&location).await;
        let code = scenario.municipalities[0].code.clone();
        let mut writers = Writers {
            stores: vec![
                Store::open(&location).await.expect("store"),
                Store::open(&location).await.expect("store"),
            ],
            tasks: JoinSet::new(),
        };
        for writer in 0..2 {
            let dwelling = dwelling("twice", &code);
            let principal = municipality(&code);
            writers.spawn(format!("dwelling #{writer}"), |store| async move {
                landa_app::dwellings::offer_dwelling(&store, &principal, SCENARIO, dwelling, None)
                    .await
            });
            let agreement = agreement("twice");
            writers.spawn(format!("agreement #{writer}"), |store| async move {
                landa_app::agreements::save_agreement(&store, &national(), &agreement, "new", 0)
                    .await
            });
        }
        let outcomes = writers.outcomes().await;
        for kind in ["dwelling", "agreement"] {
            let of_kind: Vec<&AppResult<()>> = outcomes
                .iter()
                .filter(|(label, _)| label.starts_with(kind))
                .map(|(_, outcome)| outcome)
                .collect();
            let taken = of_kind.iter().filter(|o| o.is_ok()).count();
            let refused = of_kind
                .iter()
                .filter(|o| matches!(o, Err(AppError::Conflict(_) | AppError::Stale(_))))
                .count();
            assert_eq!((taken, refused), (1, 1), "{kind}: {outcomes:?}");
        }
    })
    .await;
}
