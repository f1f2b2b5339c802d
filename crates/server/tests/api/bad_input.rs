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
                "malformed code in a body",
                format!("/api/v1/scenarios/{SCENARIO}/request-rounds"),
                json!({"year": 2026, "round": 7, "sent_by": "x", "requests": [
                    {"municipality": "208", "persons": 5, "unaccompanied_minors": 0}]})
                .to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("requests[0].municipality"),
            ),
            (
                "malformed date in a body",
                format!("/api/v1/scenarios/{SCENARIO}/request-rounds"),
                json!({"year": 2026, "round": 7, "sent_by": "x", "sent_on": "tomorrow",
                    "requests": []})
                .to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("sent_on"),
            ),
            (
                "empty deciding body",
                decisions_uri(OWN_MUNICIPALITY),
                json!({"persons": 3, "body": " "}).to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("body"),
            ),
            (
                "missing member of an array item",
                format!("/api/v1/scenarios/{SCENARIO}/request-rounds"),
                json!({"year": 2026, "round": 7, "sent_by": "x", "requests": [
                    {"municipality": OWN_MUNICIPALITY, "unaccompanied_minors": 0}]})
                .to_string(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("requests[0].persons"),
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

#[tokio::test]
async fn a_value_outside_an_enum_is_refused_with_the_values_it_may_take() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let runs = format!("/api/v1/scenarios/{SCENARIO}/placement-runs");
        let response = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}/response",
            server.household
        );
        let dwellings = format!("/api/v1/scenarios/{SCENARIO}/dwellings");
        let jobs_before = server.store.placement_jobs(SCENARIO).await.unwrap().len();
        let dwelling = |contract: &str| {
            json!({"id": "d-new", "municipality": OWN_MUNICIPALITY, "beds": 2,
                "available_from": "2026-03-01", "contract": contract})
        };
        let cases = [
            (
                Caller::National,
                &runs,
                json!({"method": "fastest"}),
                "method",
                "greedy",
            ),
            // Only the spelling the document shows.
            (
                Caller::National,
                &runs,
                json!({"method": "Optimal"}),
                "method",
                "optimal",
            ),
            (
                Caller::MunicipalityOwn,
                &response,
                json!({"response": "acepted"}),
                "response",
                "questioned",
            ),
            (
                Caller::National,
                &dwellings,
                dwelling("rented"),
                "contract",
                "first_hand",
            ),
            (
                Caller::National,
                &dwellings,
                json!({"id": "d-new", "municipality": "20800", "beds": 2,
                    "available_from": "2026-03-01", "contract": "sublet"}),
                "municipality",
                "4-digit",
            ),
            (
                Caller::National,
                &dwellings,
                json!({"id": "d-new", "municipality": OWN_MUNICIPALITY, "beds": 2,
                    "available_from": "1 March", "contract": "sublet"}),
                "available_from",
                "available_from",
            ),
        ];
        for (caller, uri, body, field, named) in cases {
            let answer = server.post(caller, uri, body.clone()).await;
            assert_eq!(
                (
                    answer.status,
                    answer.body["code"].as_str(),
                    answer.body["field"].as_str()
                ),
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some("invalid_field"),
                    Some(field)
                ),
                "{body}: {}",
                answer.body
            );
            let message = answer.body["message"].as_str().unwrap();
            assert!(message.contains(named), "{body}: {message}");
        }
        assert_eq!(
            server.store.placement_jobs(SCENARIO).await.unwrap().len(),
            jobs_before
        );
        assert!(server.store.dwelling(SCENARIO, "d-new").await.is_err());

        let audit = server
            .get(Caller::Administrator, "/api/v1/audit?format=xml")
            .await;
        assert_eq!(
            (audit.status, audit.body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("format")),
            "{}",
            audit.body
        );
        assert!(audit.body["message"].as_str().unwrap().contains("csv"));
    })
    .await;
}

#[tokio::test]
async fn a_page_form_with_a_value_the_api_refuses_comes_back_with_the_error_at_its_field() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (cookie, csrf) = server.session("municipality-own").await;
        let answer = server
            .send(form_post(
                &format!("/app/{SCENARIO}/households/{}/response", server.household),
                &cookie,
                &[
                    ("csrf_token", &csrf),
                    ("response", "maybe"),
                    ("comment", ""),
                ],
            ))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = answer.body.as_str().unwrap();
        assert!(
            page.contains("expected one of accepted, questioned"),
            "{page}"
        );

        let offer = server
            .send(form_post(
                &format!("/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dwellings"),
                &cookie,
                &[
                    ("csrf_token", &csrf),
                    ("dwelling_id", "d-form"),
                    ("beds", "2"),
                    ("available_from", "2026-03-01"),
                    ("contract", "rented"),
                ],
            ))
            .await;
        assert_eq!(offer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = offer.body.as_str().unwrap();
        assert!(
            page.contains("expected one of first_hand, sublet"),
            "{page}"
        );
        assert!(server.store.dwelling(SCENARIO, "d-form").await.is_err());
    })
    .await;
}
