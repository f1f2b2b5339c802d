//! The planning year's reminders: each role gets those of its jurisdiction, an answer
//! ends "unanswered", and bad limits are refused naming the field.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;
use serde_json::{json, Value};

fn kinds_of<'a>(body: &'a Value, municipality: Option<&str>) -> Vec<&'a str> {
    body.as_array()
        .expect("a list")
        .iter()
        .filter(|r| r["municipality"].as_str() == municipality)
        .map(|r| r["kind"].as_str().expect("a kind"))
        .collect()
}

#[tokio::test]
async fn each_role_is_reminded_of_its_own_jurisdiction_and_a_step_ends_its_reminder() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let at_year_end = format!("/api/v1/scenarios/{SCENARIO}/reminders?today=2026-12-31");
        let national = server.get(Caller::National, &at_year_end).await;
        assert_eq!(national.status, StatusCode::OK, "{}", national.body);
        // The test household was proposed to Falun by the setup's run and is unanswered;
        // households have waited since the year before. (No decision: tests/reminders.rs
        // of the app crate, since every municipality of this year has decided.)
        let own = kinds_of(&national.body, Some(OWN_MUNICIPALITY));
        assert!(own.contains(&"unanswered_proposals"), "{}", national.body);
        assert_eq!(
            kinds_of(&national.body, None),
            ["long_waiting"],
            "{}",
            national.body
        );
        let every = national.body.as_array().unwrap();
        assert!(every
            .iter()
            .all(|r| r["message"].as_str().is_some_and(|m| !m.is_empty())));
        // Most pressing kind first.
        assert_eq!(every[0]["kind"], "unanswered_proposals");

        // The municipality sees its own only; the region its municipalities', no waiting.
        let municipality = server.get(Caller::MunicipalityOwn, &at_year_end).await;
        assert_eq!(municipality.status, StatusCode::OK);
        assert!(municipality
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["municipality"] == OWN_MUNICIPALITY));
        assert!(
            kinds_of(&municipality.body, Some(OWN_MUNICIPALITY)).contains(&"unanswered_proposals")
        );
        let other = server.get(Caller::MunicipalityOther, &at_year_end).await;
        assert!(other
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["municipality"] == OTHER_MUNICIPALITY));
        assert!(!kinds_of(&other.body, Some(OTHER_MUNICIPALITY)).contains(&"unanswered_proposals"));
        let region = server.get(Caller::RegionOwn, &at_year_end).await;
        assert!(kinds_of(&region.body, None).is_empty(), "{}", region.body);
        assert!(kinds_of(&region.body, Some(OWN_MUNICIPALITY)).contains(&"unanswered_proposals"));
        assert!(region
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["municipality"]
                .as_str()
                .is_some_and(|m| m.starts_with(OWN_REGION))));
        for refused in [
            Caller::Partner,
            Caller::Administrator,
            Caller::MunicipalityNorway,
        ] {
            let answer = server.get(refused, &at_year_end).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{refused:?}");
        }

        // Not yet a week: the proposal is not overdue on the day it was made.
        let today = chrono::Local::now().date_naive();
        let now = server
            .get(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/reminders?today={today}"),
            )
            .await;
        assert!(!kinds_of(&now.body, Some(OWN_MUNICIPALITY)).contains(&"unanswered_proposals"));

        // Falun answers: the reminder ends.
        let answered = server
            .call(
                Caller::MunicipalityOwn,
                axum::http::Method::POST,
                &format!(
                    "/api/v1/scenarios/{SCENARIO}/households/{}/response",
                    server.household
                ),
                Some(json!({"response": "accepted"})),
                &[],
            )
            .await;
        assert!(answered.status.is_success(), "{}", answered.body);
        let after = server.get(Caller::MunicipalityOwn, &at_year_end).await;
        let kinds = kinds_of(&after.body, Some(OWN_MUNICIPALITY));
        assert!(!kinds.contains(&"unanswered_proposals"), "{}", after.body);

        // In Swedish, with the term of the country.
        let swedish = server
            .get(Caller::National, &format!("{at_year_end}&lang=sv"))
            .await;
        assert!(
            swedish.body.to_string().contains("anvisning"),
            "{}",
            swedish.body
        );

        // Bad limits: 422 naming the field.
        for (query, field) in [
            ("waiting_days=0", "waiting_days"),
            ("empty_days=400", "empty_days"),
            ("unanswered_days=-1", "unanswered_days"),
            ("lang=de", "lang"),
            ("today=2026-13-01", "today"),
        ] {
            let answer = server
                .get(
                    Caller::National,
                    &format!("/api/v1/scenarios/{SCENARIO}/reminders?{query}"),
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{query}: {}",
                answer.body
            );
            assert_eq!(answer.body["field"], field, "{query}: {}", answer.body);
        }
    })
    .await;
}
