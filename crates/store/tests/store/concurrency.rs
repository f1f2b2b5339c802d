//! Reads and writes side by side on two stores of one database, as two processes would.

use crate::fixtures::sample_scenario;
use crate::setup;
use landa_model::{MunicipalRequest, RequestRound};
use landa_store::{ImportMode, Store};
use landa_testing::on_each_engine;

const ROUNDS: u32 = 40;

/// A read of several statements sees one state: never a round's requests without the
/// round (on PostgreSQL each statement of a READ COMMITTED transaction sees anew).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_sees_one_state_while_rounds_are_published() {
    on_each_engine(|location| async move {
        let writer = Store::open(&location).await.unwrap();
        let reader = Store::open(&location).await.unwrap();
        let scenario = sample_scenario("torn");
        writer
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let requests: Vec<MunicipalRequest> = scenario
            .municipalities
            .iter()
            .map(|m| MunicipalRequest {
                municipality: m.code.clone(),
                persons: 5,
                unaccompanied_minors: 0,
            })
            .collect();
        let publishing = tokio::spawn(async move {
            for round in 1..=ROUNDS {
                let round = RequestRound {
                    year: 2016,
                    round,
                    sent_on: None,
                    sent_by: "IMDi".to_owned(),
                    requests: requests.clone(),
                };
                writer
                    .add_request_round("torn", &round, &setup())
                    .await
                    .unwrap();
            }
        });
        let mut reads = 0;
        while !publishing.is_finished() {
            let rounds = reader.request_rounds("torn").await.unwrap();
            assert!(rounds.iter().all(|r| !r.requests.is_empty()), "{rounds:?}");
            reads += 1;
        }
        publishing.await.unwrap();
        assert!(reads > 0);
    })
    .await;
}
