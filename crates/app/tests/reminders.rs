//! A municipality asked for a number without a registered decision is a reminder for
//! national, its region and itself, until it registers one; limits out of range are
//! refused naming their field.

use landa_app::planning::register_decision;
use landa_app::reminders::{planning_reminders, PlanningReminderKind, ReminderDays};
use landa_app::{AppError, Origin, Principal};
use landa_followup::Lang;
use landa_model::{MunicipalDecision, MunicipalityCode};
use landa_store::{AuditEntry, ImportMode, Store};
use landa_testing::on_each_engine;

const SCENARIO: &str = "reminders";

fn principal(role: &str) -> Principal {
    Principal::account(
        role.replace(':', "-"),
        role.parse().unwrap(),
        Origin::default(),
    )
}

fn without_decision(found: &[landa_app::reminders::PlanningReminder]) -> Vec<(String, u32)> {
    found
        .iter()
        .filter(|r| r.kind == PlanningReminderKind::NoDecision)
        .map(|r| (r.municipality.as_ref().unwrap().to_string(), r.count))
        .collect()
}

#[tokio::test]
async fn a_municipality_without_a_decision_is_reminded_until_it_registers_one() {
    on_each_engine(|location| async move {
        let store = Store::open(&location).await.expect("store");
        let mut scenario = landa_generate::generate(&landa_generate::GenerateOptions {
            households: 20,
            seed: 5,
            ..Default::default()
        })
        .expect("a synthetic scenario");
        scenario.meta.name = SCENARIO.to_owned();
        // Two municipalities of different regions were asked and have not answered.
        let asked: Vec<(MunicipalityCode, u32)> = scenario.request_rounds[0]
            .requests
            .iter()
            .filter(|r| r.persons > 0)
            .map(|r| (r.municipality.clone(), r.persons))
            .collect();
        let region_of = |code: &MunicipalityCode| {
            scenario
                .municipalities
                .iter()
                .find(|m| &m.code == code)
                .unwrap()
                .region
                .clone()
        };
        let first = asked[0].clone();
        let second = asked
            .iter()
            .find(|(code, _)| region_of(code) != region_of(&first.0))
            .unwrap()
            .clone();
        scenario
            .decisions
            .retain(|d| d.municipality != first.0 && d.municipality != second.0);
        let year = scenario.meta.year;
        let today = chrono::NaiveDate::from_ymd_opt(year, 3, 1).unwrap();
        let first_region = region_of(&first.0);
        let setup = AuditEntry::system("test setup", "create", "/", "fixture");
        store
            .import_scenario(&scenario, ImportMode::New, &setup)
            .await
            .expect("import");
        let remind = |who: Principal, lang| {
            let store = store.clone();
            async move {
                planning_reminders(&store, &who, SCENARIO, today, ReminderDays::default(), lang)
                    .await
                    .expect("the reminders")
            }
        };

        let national = remind(principal("national:SE"), Lang::En).await;
        let mut expected = vec![
            (first.0.to_string(), first.1),
            (second.0.to_string(), second.1),
        ];
        expected.sort();
        assert_eq!(without_decision(&national), expected);
        let region = remind(principal(&format!("region:SE:{first_region}")), Lang::En).await;
        assert_eq!(without_decision(&region), [(first.0.to_string(), first.1)]);
        let own = principal(&format!("municipality:SE:{}", first.0));
        let swedish = remind(own.clone(), Lang::Sv).await;
        assert_eq!(without_decision(&swedish), [(first.0.to_string(), first.1)]);
        assert!(
            swedish[0].message.contains("kommuntal"),
            "{}",
            swedish[0].message
        );

        register_decision(
            &store,
            &own,
            SCENARIO,
            MunicipalDecision {
                year,
                municipality: first.0.clone(),
                persons: first.1,
                unaccompanied_minors: 0,
                body: None,
                decided_on: None,
                registration_number: None,
                document_url: None,
            },
            None,
            today,
        )
        .await
        .expect("the decision is registered");
        let national = remind(principal("national:SE"), Lang::En).await;
        assert_eq!(
            without_decision(&national),
            [(second.0.to_string(), second.1)]
        );

        let refused = planning_reminders(
            &store,
            &principal("national:SE"),
            SCENARIO,
            today,
            ReminderDays {
                empty: 0,
                ..ReminderDays::default()
            },
            Lang::En,
        )
        .await;
        match refused {
            Err(AppError::Invalid { field, .. }) => assert_eq!(field.to_string(), "empty_days"),
            other => panic!("expected empty_days refused, got {other:?}"),
        }
        let partner = planning_reminders(
            &store,
            &principal("partner:SE:arbetsformedlingen"),
            SCENARIO,
            today,
            ReminderDays::default(),
            Lang::En,
        )
        .await;
        assert!(
            matches!(partner, Err(AppError::Forbidden(_))),
            "{partner:?}"
        );
    })
    .await;
}
