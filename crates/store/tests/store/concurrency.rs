//! Reads and writes side by side on two stores of one database, as two processes would.

use crate::fixtures::sample_scenario;
use crate::setup;
use landa_model::{CriterionWeight, MunicipalRequest, Preference, RequestRound};
use landa_store::{AuditEntry, AuditFilter, ImportMode, Store};
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

const WRITES: u32 = 15;

/// Two writers (two processes) replace one household's preferences at once: each audit
/// entry names what its write replaced, read in the write's transaction, so the entries
/// chain and none names a state that another write had already replaced.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_write_of_a_households_preferences_names_what_it_replaced() {
    on_each_engine(|location| async move {
        let first = Store::open(&location).await.unwrap();
        let second = Store::open(&location).await.unwrap();
        let scenario = sample_scenario("wishes");
        first
            .import_scenario(&scenario, ImportMode::New, &setup())
            .await
            .unwrap();
        let household = scenario.households[0].id.clone();
        let code = scenario.municipalities[0].code.clone();
        const RECORD: &str = "/wishes/of-the-first-household";
        let write = |store: Store, writer: u32| {
            let (household, code) = (household.clone(), code.clone());
            tokio::spawn(async move {
                for i in 1..=WRITES {
                    // Each write's weight names it: writer 1's are 41 to 55, writer 2's 81 to 95.
                    let mark = f64::from(writer * 40 + i);
                    let ranking = [Preference::new(household.clone(), code.clone(), 1).unwrap()];
                    let weighed =
                        [
                            CriterionWeight::new(household.clone(), "work".parse().unwrap(), mark)
                                .unwrap(),
                        ];
                    store
                        .set_household_preferences(
                            "wishes",
                            &household,
                            &ranking,
                            &weighed,
                            |_, before| {
                                let was = before.first().map_or(0.0, CriterionWeight::weight);
                                AuditEntry::system(
                                    "writer",
                                    "update",
                                    RECORD,
                                    &format!("{mark} was {was}"),
                                )
                            },
                        )
                        .await
                        .unwrap();
                }
            })
        };
        let (one, two) = (write(first.clone(), 1), write(second.clone(), 2));
        one.await.unwrap();
        two.await.unwrap();
        let filter = AuditFilter {
            resource: Some(RECORD),
            ..AuditFilter::default()
        };
        let entries = first.audit_entries(&filter, 1000, 0).await.unwrap();
        assert_eq!(entries.len() as u32, 2 * WRITES);
        let mut last = 0.0;
        for entry in entries.iter().rev() {
            let (now, was) = entry
                .detail
                .split_once(" was ")
                .expect("'<now> was <before>'");
            assert_eq!(was.parse::<f64>().unwrap(), last, "{entries:#?}");
            last = now.parse().unwrap();
        }
        let (_, stored) = second
            .household_preferences("wishes", &household)
            .await
            .unwrap();
        assert_eq!(
            stored[0].weight(),
            last,
            "the last entry names what is stored"
        );
    })
    .await;
}
