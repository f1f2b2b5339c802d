//! Concurrent edits of decisions and dwellings: detected, never overwritten.

use crate::support::*;
use axum::http::{header, Method, StatusCode};
use landa_testing::on_each_engine;
use serde_json::json;

#[tokio::test]
async fn concurrent_edits_are_detected_instead_of_overwritten() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let uri =
            format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/decisions");
        let history = server.get(Caller::MunicipalityOwn, &uri).await;
        let etag = history.headers[header::ETAG].to_str().unwrap().to_owned();
        let body = || Some(json!({"persons": 30}));
        let first = server
            .call(
                Caller::MunicipalityOwn,
                Method::POST,
                &uri,
                body(),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        let stale = server
            .call(
                Caller::National,
                Method::POST,
                &uri,
                body(),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(
            stale.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            stale.body
        );
        assert_eq!(stale.body["code"], "version_conflict");

        let dwelling = format!("/api/v1/scenarios/{SCENARIO}/dwellings/{}", server.dwelling);
        let edit = json!({"beds": 6, "available_from": "2026-05-01", "contract": "first_hand"});
        let unconditional = server
            .call(
                Caller::MunicipalityOwn,
                Method::PUT,
                &dwelling,
                Some(edit.clone()),
                &[],
            )
            .await;
        assert_eq!(unconditional.status, StatusCode::PRECONDITION_REQUIRED);
        let read = server.get(Caller::MunicipalityOwn, &dwelling).await;
        let version = read.headers[header::ETAG].to_str().unwrap().to_owned();
        let edited = server
            .call(
                Caller::MunicipalityOwn,
                Method::PUT,
                &dwelling,
                Some(edit.clone()),
                &[("if-match", &version)],
            )
            .await;
        assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
        assert_eq!(edited.body["beds"], 6);
        let lost_update = server
            .call(
                Caller::National,
                Method::PUT,
                &dwelling,
                Some(json!({"beds": 2, "available_from": "2026-05-01", "contract": "sublet"})),
                &[("if-match", &version)],
            )
            .await;
        assert_eq!(lost_update.status, StatusCode::PRECONDITION_FAILED);
        let now = server.get(Caller::National, &dwelling).await;
        assert_eq!(now.body["beds"], 6, "the first edit stands");
    })
    .await;
}
