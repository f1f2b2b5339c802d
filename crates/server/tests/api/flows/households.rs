//! Personal data scoped to its municipality with every read audited, and a
//! municipality's answers for its households.

use crate::support::*;
use axum::http::{header, StatusCode};
use landa_testing::on_each_engine;
use serde_json::json;

#[tokio::test]
async fn personal_data_is_scoped_to_its_municipality_and_every_read_is_audited() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let household = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}",
            server.household
        );
        let own = server.get(Caller::MunicipalityOwn, &household).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        assert_eq!(own.body["proposed_to"], OWN_MUNICIPALITY);
        assert!(!own.body["persons"].as_array().unwrap().is_empty());
        let other = server.get(Caller::MunicipalityOther, &household).await;
        assert_eq!(
            other.status,
            StatusCode::NOT_FOUND,
            "another municipality cannot tell it exists"
        );
        let list = server
            .get(
                Caller::MunicipalityOther,
                &format!("/api/v1/scenarios/{SCENARIO}/households"),
            )
            .await;
        assert_eq!(list.body["total"], 0);
        let region = server.get(Caller::RegionOwn, &household).await;
        assert_eq!(region.status, StatusCode::FORBIDDEN);
        let counts = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/households/counts"),
            )
            .await;
        assert_eq!(counts.body[0]["municipality"], OWN_MUNICIPALITY);
        assert_eq!(counts.body[0]["proposed_households"], 1);
        let admin = server.get(Caller::Administrator, &household).await;
        assert_eq!(
            admin.status,
            StatusCode::FORBIDDEN,
            "administrators see no personal data"
        );

        let reads: Vec<_> = server
            .audit_entries()
            .await
            .into_iter()
            .filter(|e| e.action == "read")
            .collect();
        assert!(reads
            .iter()
            .any(|e| e.actor == "municipality-own" && e.resource.ends_with(&server.household)));
        assert!(reads
            .iter()
            .any(|e| e.actor == "municipality-other" && e.detail.starts_with("listed 0")));

        let csv = server
            .get(Caller::Administrator, "/api/v1/audit?format=csv")
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        let text = csv.body.as_str().unwrap();
        assert!(
            text.starts_with("at,actor,role,action,resource,detail,remote"),
            "{text}"
        );
        assert!(text.contains("municipality-own"));

        // The data protection officer's export: what was read or changed of one household
        // since yesterday (the test may cross midnight), by whom.
        let today = chrono::Utc::now().date_naive();
        let yesterday = today.pred_opt().unwrap();
        let of_household = server
            .get(
                Caller::Administrator,
                &format!(
                    "/api/v1/audit?resource={}&from={yesterday}&to={today}",
                    server.household
                ),
            )
            .await;
        assert_eq!(of_household.status, StatusCode::OK, "{}", of_household.body);
        let entries = of_household.body.as_array().unwrap();
        assert!(entries
            .iter()
            .any(|e| e["actor"] == "municipality-own" && e["action"] == "read"));
        assert!(entries
            .iter()
            .all(|e| e["resource"].as_str().unwrap().contains(&server.household)));
        // Reading the log is itself in the log, with what was asked.
        assert!(server
            .audit_entries()
            .await
            .iter()
            .any(|e| e.actor == "admin"
                && e.action == "read"
                && e.resource == "/api/v1/audit"
                && e.detail.contains(&format!("resource={}", server.household))));
        let before = server
            .get(Caller::Administrator, "/api/v1/audit?to=2025-12-31")
            .await;
        assert_eq!(before.body, json!([]), "nothing was done before this test");
        let backwards = server
            .get(
                Caller::Administrator,
                &format!("/api/v1/audit?from={today}&to={yesterday}"),
            )
            .await;
        assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(backwards.body["field"], "to");
    })
    .await;
}

#[tokio::test]
async fn a_municipality_answers_for_its_households_and_national_sees_the_questions() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let uri = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}/response",
            server.household
        );
        let silent = server
            .post(
                Caller::MunicipalityOwn,
                &uri,
                json!({"response": "questioned"}),
            )
            .await;
        assert_eq!(silent.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(silent.body["field"], "comment");
        let other = server
            .post(
                Caller::MunicipalityOther,
                &uri,
                json!({"response": "accepted"}),
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "not its household");
        let questioned = server
            .post(
                Caller::MunicipalityOwn,
                &uri,
                json!({"response": "questioned", "comment": "no accessible dwelling yet"}),
            )
            .await;
        assert_eq!(
            questioned.status,
            StatusCode::CREATED,
            "{}",
            questioned.body
        );
        // A question sends the household back to national: it is no longer Falun's to
        // answer for or to see, and later runs leave Falun out for it.
        let accepted = server
            .post(
                Caller::MunicipalityOwn,
                &uri,
                json!({"response": "accepted", "comment": "dwelling found"}),
            )
            .await;
        assert_eq!(accepted.status, StatusCode::NOT_FOUND, "{}", accepted.body);
        let household = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}",
            server.household
        );
        let back = server.get(Caller::National, &household).await;
        assert_eq!(back.body["state"], "waiting", "{}", back.body);
        let gone = server.get(Caller::MunicipalityOwn, &household).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        let seen = server
            .get(
                Caller::National,
                &format!("/api/v1/scenarios/{SCENARIO}/placement-responses"),
            )
            .await;
        let answers = seen.body.as_array().unwrap();
        assert_eq!(answers.len(), 1, "{}", seen.body);
        assert_eq!(answers[0]["response"], "questioned");
        assert_eq!(answers[0]["comment"], "no accessible dwelling yet");
        assert_eq!(answers[0]["responded_by"], "municipality-own");
        let history = server
            .get(Caller::MunicipalityOwn, &format!("{household}/history"))
            .await;
        assert_eq!(
            history.status,
            StatusCode::OK,
            "it still reads what it was proposed"
        );
        let steps: Vec<&str> = history
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["step"].as_str().unwrap())
            .collect();
        assert_eq!(steps, ["registered", "proposed", "questioned"]);
        let region = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/placement-responses"),
            )
            .await;
        assert_eq!(
            region.status,
            StatusCode::FORBIDDEN,
            "answers speak of households"
        );
    })
    .await;
}
