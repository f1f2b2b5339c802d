//! `/metrics` as Prometheus scrapes it: requests by route pattern and status, a failed
//! login, a placement job and its duration, the database pool; nothing personal.

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
