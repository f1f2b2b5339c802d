//! Bad input gets a 4xx with a useful message naming the field, and writes nothing.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use landa_testing::on_each_engine;
use serde_json::json;

fn decisions_uri(code: &str) -> String {
    format!("/api/v1/scenarios/{SCENARIO}/municipalities/{code}/decisions")
}

#[tokio::test]
async fn bad_requests_are_refused_with_the_field_named_and_nothing_written() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let own = OWN_MUNICIPALITY.parse().unwrap();
        let before = server.store.decision_history(SCENARIO, &own).await.unwrap();
        let rounds_before = server.store.request_rounds(SCENARIO).await.unwrap();
        let cases: Vec<(&str, String, String, StatusCode, Option<&str>)> = vec![
            (
                "malformed JSON",
                decisions_uri(OWN_MUNICIPALITY),
                "{\"persons\": 12,".into(),
                StatusCode::BAD_REQUEST,
                None,
            ),
            (
                "wrong type",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": "twelve"}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            ),
            (
                "negative number",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": -3}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            ),
            (
                "unknown field",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": 3, "persns": 4}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("persns"),
            ),
            (
                "missing field",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"body": "municipal_council"}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("persons"),
            ),
            (
                "minors above persons",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": 3, "unaccompanied_minors": 4}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("unaccompanied_minors"),
            ),
            (
                "invalid date",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": 3, "decided_on": "2026-02-30"}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("decided_on"),
            ),
            (
                "invalid municipality code",
                decisions_uri("208"),
                json!({"persons": 3}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("municipality"),
            ),
            (
                "unknown municipality",
                decisions_uri("9999"),
                json!({"persons": 3}).to_string(),
                StatusCode::NOT_FOUND,
                None,
            ),
            (
                "unknown scenario",
                format!("/api/v1/scenarios/nowhere/municipalities/{OWN_MUNICIPALITY}/decisions"),
                json!({"persons": 3}).to_string(),
                StatusCode::NOT_FOUND,
                None,
            ),
            (
                "year out of range",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": 3, "year": 99999}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("year"),
            ),
            (
                "round naming an unknown municipality",
                format!("/api/v1/scenarios/{SCENARIO}/request-rounds"),
                json!({"year": 2026, "round": 7, "sent_by": "x", "requests": [
                    {"municipality": OWN_MUNICIPALITY, "persons": 5, "unaccompanied_minors": 0},
                    {"municipality": "0000", "persons": 5, "unaccompanied_minors": 0}]})
                .to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("requests[1].municipality"),
            ),
            (
                "oversized body",
                decisions_uri(OWN_MUNICIPALITY),
                format!(
                    "{{\"persons\": 3, \"registration_number\": \"{}\"}}",
                    "x".repeat(landa_server::MAX_BODY_BYTES)
                ),
                StatusCode::PAYLOAD_TOO_LARGE,
                None,
            ),
        ];
        for (what, uri, body, expected, field) in cases {
            let request = Request::builder()
                .method(Method::POST)
                .uri(&uri)
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", server.token_of(Caller::National)),
                )
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap();
            let answer = server.send(request).await;
            assert_eq!(answer.status, expected, "{what}: {}", answer.body);
            assert!(
                answer.body["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{what}: the error says what went wrong: {}",
                answer.body
            );
            assert!(answer.body["code"].is_string(), "{what}: {}", answer.body);
            if let Some(field) = field {
                assert_eq!(answer.body["field"], field, "{what}: {}", answer.body);
            }
        }
        assert_eq!(
            server.store.decision_history(SCENARIO, &own).await.unwrap(),
            before
        );
        assert_eq!(
            server.store.request_rounds(SCENARIO).await.unwrap(),
            rounds_before
        );
    })
    .await;
}

#[tokio::test]
async fn a_body_that_is_not_json_and_bad_paging_are_refused() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let request = Request::builder()
            .method(Method::POST)
            .uri(decisions_uri(OWN_MUNICIPALITY))
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", server.token_of(Caller::National)),
            )
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("persons=3"))
            .unwrap();
        assert_eq!(
            server.send(request).await.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        for query in [
            "limit=0",
            "limit=5000",
            "limit=ten",
            "offset=-1",
            "colour=blue",
        ] {
            let answer = server
                .get(
                    Caller::National,
                    &format!("/api/v1/scenarios/{SCENARIO}/households?{query}"),
                )
                .await;
            assert!(
                answer.status.is_client_error(),
                "{query}: {}",
                answer.status
            );
            assert!(
                answer.body["message"].is_string(),
                "{query}: {}",
                answer.body
            );
        }
        let answer = server
            .get(
                Caller::National,
                &format!("/api/v1/scenarios/{SCENARIO}/placement-runs/not-a-number"),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    })
    .await;
}
