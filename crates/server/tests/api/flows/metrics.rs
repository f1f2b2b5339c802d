//! `/metrics` as Prometheus scrapes it: requests by route pattern and status, a failed
//! login, refusals by reason, a placement job and its duration, the year's gaps, the
//! database pool; nothing personal. And the request id that ties a request's answer, its
//! log lines and its audit entries together; and readiness.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;
use serde_json::json;
use std::time::Duration;

/// The value of the sample `name{labels}` in a scrape.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

#[tokio::test]
async fn a_scrape_counts_requests_by_route_a_failed_login_and_placement_jobs() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let listed = server.get(Caller::National, "/api/v1/scenarios").await;
        assert_eq!(listed.status, StatusCode::OK);
        let household = format!("/api/v1/scenarios/{SCENARIO}/households/{}", server.household);
        let refused = server.get(Caller::Administrator, &household).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let wrong = server.send(login_request("national", "not the password")).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        super::year::run_with(&server, json!({"method": "greedy"})).await;

        let mut text = String::new();
        for _ in 0..100 {
            let scrape = server.get(Caller::Anonymous, "/metrics").await;
            assert_eq!(scrape.status, StatusCode::OK);
            text = scrape.body.as_str().unwrap().to_owned();
            // The worker counts the job just after the store says it is done.
            if sample(&text, "landa_placement_job_duration_seconds_count{outcome=\"done\"}").is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let series = |s: &str| sample(&text, s).unwrap_or_else(|| panic!("no {s} in\n{text}"));
        assert!(series("landa_http_requests_total{method=\"GET\",route=\"/api/v1/scenarios\",status=\"200\"}") >= 1.0);
        assert!(series("landa_http_requests_total{method=\"GET\",route=\"/api/v1/scenarios/{scenario}/households/{id}\",status=\"403\"}") >= 1.0);
        assert!(series("landa_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/scenarios\"}") >= 1.0);
        assert_eq!(series("landa_login_failures_total"), 1.0);
        assert!(series("landa_refusals_total{reason=\"forbidden\"}") >= 1.0);
        // The gaps as `landa gaps` shows them.
        let stage = |stage: &str| {
            series(&format!(
                "landa_settlement_persons{{scenario=\"{SCENARIO}\",stage=\"{stage}\"}}"
            ))
        };
        assert!(stage("requested") >= stage("decided") && stage("decided") >= 1.0);
        // The run is a proposal, not yet approved: nobody is placed.
        assert_eq!(stage("placed"), 0.0);
        assert_eq!(stage("remaining"), stage("decided"));
        series(&format!(
            "landa_municipalities_without_decision{{scenario=\"{SCENARIO}\"}}"
        ));
        assert!(series("landa_placement_jobs{status=\"done\"}") >= 1.0);
        assert!(series("landa_placement_job_duration_seconds_count{outcome=\"done\"}") >= 1.0);
        assert!(series("landa_database_connections{state=\"idle\"}") >= 0.0);
        assert!(
            !text.contains(&server.household),
            "a scrape names routes by their pattern, never a household"
        );
    })
    .await;
}

#[tokio::test]
async fn a_request_id_is_answered_and_written_into_the_audit_entries() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let household = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}",
            server.household
        );
        // A proxy's id is kept; one that could forge a log line is replaced.
        let given = server
            .call(
                Caller::National,
                axum::http::Method::GET,
                &household,
                None,
                &[("x-request-id", "proxy-7f3a")],
            )
            .await;
        assert_eq!(given.status, StatusCode::OK);
        assert_eq!(given.headers["x-request-id"], "proxy-7f3a");
        let forged = server
            .call(
                Caller::National,
                axum::http::Method::GET,
                &household,
                None,
                &[("x-request-id", "a b=c")],
            )
            .await;
        let new_id = forged.headers["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(new_id.len(), 32, "{new_id}");
        assert!(new_id.chars().all(|c| c.is_ascii_hexdigit()));
        let refused = server.get(Caller::Administrator, &household).await;
        let refused_id = refused.headers["x-request-id"].to_str().unwrap().to_owned();

        let entries = server.audit_entries().await;
        let of = |id: &str| {
            entries
                .iter()
                .filter(|e| e.request_id.as_deref() == Some(id))
                .collect::<Vec<_>>()
        };
        let read = of("proxy-7f3a");
        assert_eq!(read.len(), 1, "{entries:#?}");
        assert_eq!(read[0].action, "read");
        assert_eq!(read[0].resource, household);
        assert_eq!(of(&new_id).len(), 1);
        assert_eq!(of(&refused_id)[0].action, "refused");
        // The administrator's export shows it, and the chain still holds.
        let export = server
            .get(Caller::Administrator, "/api/v1/audit?limit=500")
            .await;
        assert!(export
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["request_id"] == "proxy-7f3a"));
        let verified = server
            .store
            .verify_audit_chain(&[])
            .await
            .expect("verified");
        assert_eq!(verified.first_break, None);
    })
    .await;
}

#[tokio::test]
async fn ready_while_the_store_answers_and_the_worker_works() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let ready = server.get(Caller::Anonymous, "/ready").await;
        assert_eq!(ready.status, StatusCode::OK, "{:?}", ready.body);
        assert_eq!(ready.body, "ready");
    })
    .await;
}
