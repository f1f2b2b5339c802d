//! A region's distribution with the model, published as a request round.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;
use serde_json::{json, Value};

#[tokio::test]
async fn a_region_distributes_its_number_with_the_model_and_publishes_it_as_a_round() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let preview = server
            .post(
                Caller::RegionOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/quota"),
                json!({"total": 300, "minors": 20, "region": OWN_REGION,
                       "adjustments": [{"municipality": OWN_MUNICIPALITY, "persons": 90, "reason": "new housing in Falun"}]}),
            )
            .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let rows = preview.body.as_array().unwrap();
        let persons: u64 = rows.iter().map(|r| r["persons"].as_u64().unwrap()).sum();
        let minors: u64 = rows.iter().map(|r| r["unaccompanied_minors"].as_u64().unwrap()).sum();
        assert_eq!((persons, minors), (300, 20), "the numbers add up to the region's");
        assert!(rows.iter().all(|r| r["region"] == OWN_REGION));
        let falun = rows.iter().find(|r| r["municipality"] == OWN_MUNICIPALITY).unwrap();
        assert_eq!(falun["persons"], 90);
        assert_eq!(falun["adjustment_reason"], "new housing in Falun");

        let requests: Vec<Value> = rows
            .iter()
            .map(|r| json!({"municipality": r["municipality"], "persons": r["persons"], "unaccompanied_minors": r["unaccompanied_minors"]}))
            .collect();
        let round = server
            .post(
                Caller::RegionOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/request-rounds"),
                json!({"year": 2026, "round": 2, "sent_by": "Länsstyrelsen Dalarna", "requests": requests}),
            )
            .await;
        assert_eq!(round.status, StatusCode::CREATED, "{}", round.body);
        let dashboard = server
            .get(Caller::MunicipalityOwn, &format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dashboard"))
            .await;
        assert_eq!(dashboard.body["requested"], 90, "{}", dashboard.body);
        let elsewhere = server
            .post(
                Caller::RegionOther,
                &format!("/api/v1/scenarios/{SCENARIO}/quota"),
                json!({"total": 300, "region": OWN_REGION}),
            )
            .await;
        assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    })
    .await;
}
