//! Dwelling lists: paged, filtered and kept to their jurisdiction.

use crate::support::*;
use axum::http::StatusCode;
use landa_testing::on_each_engine;

#[tokio::test]
async fn dwelling_lists_page_filter_and_stay_in_their_jurisdiction() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let list = |query: &str| format!("/api/v1/scenarios/{SCENARIO}/dwellings?{query}");
        let page = server
            .get(Caller::MunicipalityOwn, &list("available=true&limit=1"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
        let total = page.body["total"].as_u64().unwrap();
        assert!(total >= 1);
        let all = server
            .get(Caller::MunicipalityOwn, &list("limit=1000"))
            .await;
        assert!(all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["municipality"] == OWN_MUNICIPALITY));
        let let_only = server
            .get(Caller::MunicipalityOwn, &list("available=false"))
            .await;
        assert_eq!(let_only.body["total"], 0, "nothing is let yet");
        let other = server
            .get(Caller::MunicipalityOther, &list("limit=1000"))
            .await;
        assert!(other.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["municipality"] == OTHER_MUNICIPALITY));
        let forbidden = server
            .get(
                Caller::MunicipalityOther,
                &list(&format!("municipality={OWN_MUNICIPALITY}")),
            )
            .await;
        assert!(
            forbidden.status == StatusCode::FORBIDDEN || forbidden.status == StatusCode::NOT_FOUND
        );
    })
    .await;
}

/// A dwelling's terms: its rent prices its empty days, and a first-hand contract that is
/// to pass to the household is reminded of ahead; bad terms are refused at their field
/// and nothing is stored.
#[tokio::test]
async fn a_dwellings_rent_and_contract_passing_over_reach_the_reminders() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let offer = format!("/api/v1/scenarios/{SCENARIO}/dwellings");
        let body = |id: &str, contract: &str, rent: u32, passes_over_on: &str| {
            serde_json::json!({"id": id, "municipality": OWN_MUNICIPALITY, "beds": 4,
                "available_from": "2026-01-01", "contract": contract, "rent": rent,
                "passes_over_on": passes_over_on})
        };
        for (refused, field) in [
            (
                body("terms-1", "sublet", 6000, "2026-12-20"),
                "passes_over_on",
            ),
            (
                body("terms-1", "first_hand", 6000, "2025-12-31"),
                "passes_over_on",
            ),
            (body("terms-1", "first_hand", 600_000, "2026-12-20"), "rent"),
            (
                serde_json::json!({"id": "terms-1", "municipality": OWN_MUNICIPALITY, "beds": 4,
                    "available_from": "2026-01-01", "contract": "sublet",
                    "address": "Åsgatan 12\nFalun"}),
                "address",
            ),
            (
                serde_json::json!({"id": "terms-1", "municipality": OWN_MUNICIPALITY, "beds": 4,
                    "available_from": "1900-01-01", "contract": "sublet"}),
                "available_from",
            ),
        ] {
            let answer = server.post(Caller::MunicipalityOwn, &offer, refused).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                answer.body
            );
            assert_eq!(answer.body["field"], field, "{}", answer.body);
        }
        let missing = server
            .get(Caller::MunicipalityOwn, &format!("{offer}/terms-1"))
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "nothing was stored");

        let offered = server
            .post(
                Caller::MunicipalityOwn,
                &offer,
                body("terms-1", "first_hand", 6000, "2026-12-20"),
            )
            .await;
        assert_eq!(offered.status, StatusCode::CREATED, "{}", offered.body);
        assert_eq!(offered.body["rent"], 6000);
        assert_eq!(offered.body["passes_over_on"], "2026-12-20");
        assert!(offered.body["address"].is_null(), "none given");
        // An address given later is kept by every later edit, such as marking it let.
        let dwelling = format!("{offer}/terms-1");
        let mut edited = body("terms-1", "first_hand", 6000, "2026-12-20");
        edited["address"] = "  Åsgatan 12, 791 71 Falun ".into();
        let put = |body: serde_json::Value, version: u32| {
            let (server, dwelling) = (&server, &dwelling);
            async move {
                let if_match = format!("\"{version}\"");
                server
                    .call(
                        Caller::MunicipalityOwn,
                        axum::http::Method::PUT,
                        dwelling,
                        Some(body),
                        &[("if-match", if_match.as_str())],
                    )
                    .await
            }
        };
        let answer = put(edited.clone(), 1).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body["address"], "Åsgatan 12, 791 71 Falun");
        edited["let_on"] = "2026-02-01".into();
        let let_ = put(edited, 2).await;
        assert_eq!(
            let_.body["address"], "Åsgatan 12, 791 71 Falun",
            "{}",
            let_.body
        );

        let reminders = server
            .get(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/reminders?today=2026-12-01"),
            )
            .await;
        let of = |kind: &str| {
            reminders
                .body
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["kind"] == kind)
                .cloned()
        };
        let passing = of("passing_over").expect("the contract passing over in 19 days");
        assert_eq!(passing["count"], 1);
        assert_eq!(passing["since"], "2026-12-20");
        // Empty since 1 January: 334 days of 6 000 kr a month, beside the imported ones.
        let empty = of("empty_dwellings").expect("empty dwellings");
        assert!(
            empty["message"]
                .as_str()
                .unwrap()
                .contains(" kr in rent so far"),
            "{empty}"
        );
        let later = server
            .get(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/reminders?today=2026-10-01"),
            )
            .await;
        assert!(
            later
                .body
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["kind"] != "passing_over"),
            "not yet within 30 days: {}",
            later.body
        );
    })
    .await;
}

/// "One apartment a month until December": the commitment's offers are stored at once,
/// each available on its day, or none when one of them cannot be.
#[tokio::test]
async fn a_commitment_to_offer_homes_monthly_stores_every_offer_or_none() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let commit = format!("/api/v1/scenarios/{SCENARIO}/dwelling-commitments");
        let body = |prefix: &str, every_months: u32, until: &str| {
            serde_json::json!({"prefix": prefix, "municipality": OWN_MUNICIPALITY, "beds": 3,
                "contract": "first_hand", "rent": 6500, "first": "2026-02-01",
                "every_months": every_months, "until": until})
        };
        for (refused, field) in [
            (body("bostad", 0, "2026-12-31"), "every_months"),
            (body("bostad", 1, "2026-01-15"), "until"),
            (body("bostad", 1, "2035-12-31"), "until"),
        ] {
            let answer = server.post(Caller::MunicipalityOwn, &commit, refused).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                answer.body
            );
            assert_eq!(answer.body["field"], field, "{}", answer.body);
        }
        let other = server
            .post(
                Caller::MunicipalityOther,
                &commit,
                body("bostad", 1, "2026-12-31"),
            )
            .await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "not its municipality");

        let list = |query: &str| format!("/api/v1/scenarios/{SCENARIO}/dwellings?{query}");
        let before = server
            .get(Caller::MunicipalityOwn, &list("limit=1"))
            .await
            .body["total"]
            .as_u64()
            .unwrap();
        let committed = server
            .post(
                Caller::MunicipalityOwn,
                &commit,
                body("bostad", 1, "2026-12-31"),
            )
            .await;
        assert_eq!(committed.status, StatusCode::CREATED, "{}", committed.body);
        let offers = committed.body.as_array().unwrap();
        assert_eq!(offers.len(), 11, "February to December");
        assert_eq!(offers[0]["id"], "bostad-1");
        assert_eq!(offers[10]["available_from"], "2026-12-01");
        assert!(offers
            .iter()
            .all(|d| d["rent"] == 6500 && d["municipality"] == OWN_MUNICIPALITY));
        let after = server
            .get(Caller::MunicipalityOwn, &list("limit=1"))
            .await
            .body["total"]
            .as_u64()
            .unwrap();
        assert_eq!(after, before + 11);

        // A second commitment whose third offer's id is taken stores nothing.
        let taken = server
            .post(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/dwellings"),
                serde_json::json!({"id": "hem-3", "municipality": OWN_MUNICIPALITY, "beds": 2,
                    "available_from": "2026-01-01", "contract": "sublet"}),
            )
            .await;
        assert_eq!(taken.status, StatusCode::CREATED, "{}", taken.body);
        let clash = server
            .post(Caller::National, &commit, body("hem", 2, "2026-12-31"))
            .await;
        assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
        let unchanged = server
            .get(Caller::MunicipalityOwn, &list("limit=1"))
            .await
            .body["total"]
            .as_u64()
            .unwrap();
        assert_eq!(
            unchanged,
            after + 1,
            "only the single offer; none of the commitment's"
        );
        assert!(server
            .audit_entries()
            .await
            .iter()
            .any(
                |e| e.resource.ends_with("/dwelling-commitments") && e.detail.contains("11 offers")
            ));
    })
    .await;
}

/// A refused form on the municipality page comes back with the error at the top and at
/// its field, and with what was entered; the commitment's fields are apart from the
/// single offer's of the same name.
#[tokio::test]
async fn a_refused_dwelling_form_keeps_its_entries() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (cookie, csrf) = server.session("municipality-own").await;
        let offer = format!("/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dwellings");
        let refused = server
            .send(form_request(
                &offer,
                Some(&cookie),
                &format!("csrf_token={csrf}&dwelling_id=kept-1&beds=0&available_from=2026-05-01&contract=sublet&rent=7200&passes_over_on="),
            ))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.body.as_str().unwrap();
        assert!(html.contains("error-summary"), "{html}");
        assert!(
            html.find("error-summary").unwrap() < html.find("id=\"beds\"").unwrap(),
            "the summary comes first"
        );
        for kept in ["value=\"kept-1\"", "value=\"0\"", "value=\"2026-05-01\"", "value=\"7200\""] {
            assert!(html.contains(kept), "{kept} kept");
        }
        let marked: Vec<&str> = html
            .match_indices("aria-invalid=\"true\"")
            .map(|(at, _)| &html[at.saturating_sub(120)..at])
            // The style sheet names the attribute too.
            .filter(|before| before.contains("<input"))
            .collect();
        assert_eq!(marked.len(), 1, "one field marked: {marked:?}");

        let commit = format!("/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dwelling-commitments");
        let refused = server
            .send(form_request(
                &commit,
                Some(&cookie),
                &format!("csrf_token={csrf}&prefix=monthly&commitment_beds=0&contract=first_hand&commitment_rent=6500&first=2026-02-01&every_months=1&until=2026-12-31"),
            ))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.body.as_str().unwrap();
        assert!(html.contains("id=\"commitment_beds\"") && html.contains("commitment_beds-error"), "{html}");
        assert!(!html.contains("id=\"beds-error\""), "not at the single offer's beds");
        assert!(html.contains("value=\"monthly\"") && html.contains("value=\"2026-12-31\""));
        let saved = server
            .send(form_request(
                &commit,
                Some(&cookie),
                &format!("csrf_token={csrf}&prefix=monthly&commitment_beds=3&contract=first_hand&commitment_rent=6500&first=2026-02-01&every_months=1&until=2026-12-31"),
            ))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let offered = server
            .get(Caller::MunicipalityOwn, &format!("/api/v1/scenarios/{SCENARIO}/dwellings/monthly-11"))
            .await;
        assert_eq!(offered.body["available_from"], "2026-12-01", "{}", offered.body);
    })
    .await;
}

/// A housing company offers homes in the municipality it serves and nowhere else; they
/// carry its name, the municipality sees them among its own, and the company sees only
/// its own, with whether a household holds one but nothing about who.
#[tokio::test]
async fn a_housing_company_offers_where_it_serves_and_sees_only_its_own() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let dwellings = format!("/api/v1/scenarios/{SCENARIO}/dwellings");
        let offer = |id: &str, municipality: &str| {
            serde_json::json!({"id": id, "municipality": municipality, "beds": 3,
                "available_from": "2026-03-01", "contract": "first_hand", "rent": 7200})
        };
        let made = server
            .post(
                Caller::Housing,
                &dwellings,
                offer("koppar-1", OWN_MUNICIPALITY),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        assert_eq!(made.body["offered_by"], HOUSING);
        let elsewhere = server
            .post(
                Caller::Housing,
                &dwellings,
                offer("koppar-2", OTHER_MUNICIPALITY),
            )
            .await;
        assert_eq!(
            elsewhere.status,
            StatusCode::FORBIDDEN,
            "{}",
            elsewhere.body
        );
        assert!(server.store.dwelling(SCENARIO, "koppar-2").await.is_err());
        let commitment = server
            .post(
                Caller::Housing,
                &format!("/api/v1/scenarios/{SCENARIO}/dwelling-commitments"),
                serde_json::json!({"prefix": "koppar-month", "municipality": OWN_MUNICIPALITY,
                    "beds": 2, "contract": "sublet", "first": "2026-02-01", "until": "2026-04-30"}),
            )
            .await;
        assert_eq!(
            commitment.status,
            StatusCode::CREATED,
            "{}",
            commitment.body
        );

        // The company's list: its four offers only, not the municipality's own.
        let own = server
            .get(Caller::Housing, &format!("{dwellings}?limit=1000"))
            .await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        let items = own.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 4, "{}", own.body);
        assert!(items.iter().all(|d| d["offered_by"] == HOUSING));
        let of_other = server
            .get(
                Caller::Housing,
                &format!("{dwellings}?municipality={OTHER_MUNICIPALITY}"),
            )
            .await;
        assert_eq!(of_other.status, StatusCode::FORBIDDEN);
        let municipality = server
            .get(Caller::MunicipalityOwn, &format!("{dwellings}?limit=1000"))
            .await;
        let seen = municipality.body["items"].as_array().unwrap();
        assert!(seen.iter().any(|d| d["id"] == "koppar-1"));
        assert!(seen.iter().any(|d| d["offered_by"].is_null()));
        let theirs = server
            .get(Caller::Housing, &format!("{dwellings}/{}", server.dwelling))
            .await;
        assert_eq!(theirs.status, StatusCode::FORBIDDEN);

        // It edits its own; the name stays.
        let edited = server
            .call(
                Caller::Housing,
                axum::http::Method::PUT,
                &format!("{dwellings}/koppar-1"),
                Some(
                    serde_json::json!({"beds": 4, "available_from": "2026-03-15",
                    "contract": "first_hand", "rent": 7400}),
                ),
                &[("if-match", "\"1\"")],
            )
            .await;
        assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
        assert_eq!(edited.body["offered_by"], HOUSING);
        assert_eq!(edited.body["beds"], 4);

        // Once a household is placed in it, the company sees it reserved; households stay
        // out of its reach.
        let household = server.household_holding("koppar-1").await;
        let own = server
            .get(Caller::Housing, &format!("{dwellings}?limit=1000"))
            .await;
        let held = own.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == "koppar-1")
            .unwrap();
        assert_eq!(held["held_by"]["state"], "approved", "{held}");
        let household = server
            .get(
                Caller::Housing,
                &format!("/api/v1/scenarios/{SCENARIO}/households/{household}"),
            )
            .await;
        assert_eq!(household.status, StatusCode::FORBIDDEN);
    })
    .await;
}
