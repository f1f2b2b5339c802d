//! Public figures: no login, counts below five hidden and not derivable.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;
use serde_json::Value;

#[tokio::test]
async fn public_figures_need_no_login_and_hide_counts_below_five() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let summary = format!("/api/v1/public/scenarios/{SCENARIO}/summary");
        let answer = server.get(Caller::Anonymous, &summary).await;
        assert_eq!(answer.status, StatusCode::OK);
        let by_municipality = server
            .get(Caller::Anonymous, &format!("{summary}?region={OWN_REGION}"))
            .await;
        assert_eq!(by_municipality.status, StatusCode::OK);
        let municipality_rows = by_municipality.body.as_array().unwrap();
        // The region's municipalities, then the region's total, which the nation-wide
        // summary also lists.
        assert!(municipality_rows
            .iter()
            .any(|r| r["code"] == OWN_MUNICIPALITY));
        let region_total = municipality_rows.last().unwrap();
        assert_eq!(region_total["code"], OWN_REGION);
        let region_row = answer
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == OWN_REGION);
        assert_eq!(Some(region_total), region_row);
        let unknown = server
            .get(Caller::Anonymous, &format!("{summary}?region=99"))
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        let rows = answer
            .body
            .as_array()
            .unwrap()
            .iter()
            .chain(municipality_rows);
        assert!(answer.body.as_array().unwrap().len() > 1);
        let mut seen_suppressed = false;
        for row in rows {
            for field in [
                "requested",
                "decided",
                "placed",
                "placed_unaccompanied_minors",
                "municipalities_without_decision",
            ] {
                match &row[field] {
                    Value::Number(n) => {
                        let n = n.as_u64().unwrap();
                        assert!(n == 0 || n >= 5, "{field} = {n} in {row}");
                    }
                    Value::String(s) => {
                        assert!(s == "<5" || s == "..", "{field} = {s} in {row}");
                        seen_suppressed = true;
                    }
                    other => panic!("{field} is {other}"),
                }
            }
        }
        // The fixture places one household of at most a few persons in Falun.
        assert!(
            seen_suppressed,
            "a small count is suppressed: {}",
            answer.body
        );
        let households = server
            .get(
                Caller::Anonymous,
                &format!("/api/v1/scenarios/{SCENARIO}/households"),
            )
            .await;
        assert_eq!(households.status, StatusCode::UNAUTHORIZED);
    })
    .await;
}

/// The published number of a count, None when it is suppressed.
fn exact(row: &Value, field: &str) -> Option<u64> {
    row[field].as_u64()
}

const PUBLIC_COUNTS: [&str; 5] = [
    "requested",
    "decided",
    "placed",
    "placed_unaccompanied_minors",
    "municipalities_without_decision",
];

#[tokio::test]
async fn a_suppressed_count_cannot_be_worked_out_from_its_total() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let summary = format!("/api/v1/public/scenarios/{SCENARIO}/summary");
        let region = server
            .get(Caller::Anonymous, &format!("{summary}?region={OWN_REGION}"))
            .await;
        let (_, municipalities) = region.body.as_array().unwrap().split_last().unwrap();
        // Falun decides 3 persons, every other municipality of the region 20 or more.
        let year = server
            .store
            .planning_view(SCENARIO, None)
            .await
            .unwrap()
            .meta
            .year;
        for (index, row) in municipalities.iter().enumerate() {
            let code = row["code"].as_str().unwrap();
            let persons = if code == OWN_MUNICIPALITY {
                3
            } else {
                20 + index as u32
            };
            let decision = landa_model::MunicipalDecision {
                year,
                municipality: code.parse().unwrap(),
                persons,
                unaccompanied_minors: 0,
                body: None,
                decided_on: None,
                registration_number: None,
                document_url: None,
            };
            server
                .store
                .record_decision(SCENARIO, &decision, "test", None, &setup())
                .await
                .unwrap();
        }
        let region = server
            .get(Caller::Anonymous, &format!("{summary}?region={OWN_REGION}"))
            .await;
        let (total, municipalities) = region.body.as_array().unwrap().split_last().unwrap();
        let falun = municipalities
            .iter()
            .find(|r| r["code"] == OWN_MUNICIPALITY)
            .unwrap();
        assert_eq!(falun["decided"], "<5");
        let others: Option<u64> = municipalities
            .iter()
            .filter(|r| r["code"] != OWN_MUNICIPALITY)
            .map(|r| exact(r, "decided"))
            .sum();
        if let (Some(total), Some(others)) = (exact(total, "decided"), others) {
            panic!(
                "the region's {total} minus its other municipalities' {others} gives back \
                 Falun's {}",
                total - others
            );
        }
        // No relation (a total and its parts) of any count has one suppressed cell alone,
        // in the region's table or the nation's.
        let nation = server.get(Caller::Anonymous, &summary).await;
        for rows in [
            region.body.as_array().unwrap(),
            nation.body.as_array().unwrap(),
        ] {
            for field in PUBLIC_COUNTS {
                let suppressed: Vec<&Value> =
                    rows.iter().filter(|r| exact(r, field).is_none()).collect();
                assert_ne!(suppressed.len(), 1, "{field}: {suppressed:?}");
            }
        }
    })
    .await;
}
