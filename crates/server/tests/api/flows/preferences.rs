//! Preferences in a run: national keeps a household's ranking, a municipality sets the
//! groups it is prepared for first, and a run honours them by the mechanism it names,
//! from the API and from the forms, each change audited and each refusal changing nothing.

use crate::support::*;
use axum::http::{Method, StatusCode};
use landa_testing::on_each_engine;
use serde_json::{json, Value};

/// The page at `path` as the session of `cookie` sees it, with its status.
async fn page(server: &TestServer, path: &str, cookie: &str) -> (StatusCode, String) {
    let answer = server.send(page_get(path, Some(cookie))).await;
    (
        answer.status,
        answer.body.as_str().unwrap_or_default().to_owned(),
    )
}

async fn put_ranking_and_criteria(
    server: &TestServer,
    uri: &str,
    ranking: Value,
    criteria: Value,
) -> Answer {
    server
        .call(
            Caller::National,
            Method::PUT,
            uri,
            Some(json!({"ranking": ranking, "criteria": criteria})),
            &[],
        )
        .await
}

#[tokio::test]
async fn a_households_ranking_and_a_municipalitys_priorities_shape_the_run_that_honours_them() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let household = server.household.clone();
        let ranking = format!("/api/v1/scenarios/{SCENARIO}/households/{household}/preferences");
        let put_ranking = |caller, codes: Value| {
            let (server, ranking) = (&server, &ranking);
            async move {
                server
                    .call(caller, Method::PUT, ranking, Some(json!({"ranking": codes})), &[])
                    .await
            }
        };

        // National ranks Falun first, then Borlänge.
        let set = put_ranking(Caller::National, json!([OWN_MUNICIPALITY, OTHER_MUNICIPALITY])).await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
        let read = server.get(Caller::National, &ranking).await;
        assert_eq!(
            read.body["ranking"],
            json!([{"municipality": OWN_MUNICIPALITY, "rank": 1}, {"municipality": OTHER_MUNICIPALITY, "rank": 2}])
        );
        // Each bad entry is refused at its place, and the ranking stays as it was.
        for (codes, field) in [
            (json!([OWN_MUNICIPALITY, "9999"]), "ranking[1]"),
            (json!([OWN_MUNICIPALITY, OWN_MUNICIPALITY]), "ranking[1]"),
            (json!(["Falun"]), "ranking[0]"),
        ] {
            let refused = put_ranking(Caller::National, codes.clone()).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{codes}: {}", refused.body);
            assert_eq!(refused.body["field"], field, "{}", refused.body);
        }
        assert_eq!(server.get(Caller::National, &ranking).await.body, read.body);
        // A household's wishes are national's to keep: a municipality neither reads nor sets them.
        assert_eq!(server.get(Caller::MunicipalityOwn, &ranking).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            put_ranking(Caller::MunicipalityOwn, json!([OWN_MUNICIPALITY])).await.status,
            StatusCode::FORBIDDEN
        );
        let unknown = server
            .get(Caller::National, &format!("/api/v1/scenarios/{SCENARIO}/households/nobody/preferences"))
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);

        // Falun says it is prepared for large families first, then households with ties.
        let priorities = format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/priorities");
        let groups = server
            .call(Caller::MunicipalityOwn, Method::PUT, &priorities,
                  Some(json!({"priorities": ["large_families", "ties"]})), &[])
            .await;
        assert_eq!(groups.status, StatusCode::OK, "{}", groups.body);
        let seen_by_region = server.get(Caller::RegionOwn, &priorities).await;
        assert_eq!(
            seen_by_region.body,
            json!([{"priority": "large_families", "rank": 1}, {"priority": "ties", "rank": 2}])
        );
        let wrong = server
            .call(Caller::MunicipalityOwn, Method::PUT, &priorities,
                  Some(json!({"priorities": ["ties", "pets"]})), &[])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
        assert_eq!(wrong.body["field"], "priorities[1]");
        let other = server
            .call(Caller::MunicipalityOther, Method::PUT, &priorities,
                  Some(json!({"priorities": ["single_adults"]})), &[])
            .await;
        assert_eq!(other.status, StatusCode::FORBIDDEN, "no municipality sets another's priorities");
        assert_eq!(server.get(Caller::RegionOwn, &priorities).await.body, seen_by_region.body);

        // Every change is audited with what it was before; reading a ranking too.
        let audit = server.audit_entries().await;
        let changed: Vec<_> = audit.iter()
            .filter(|e| e.resource.ends_with("/preferences") && e.detail.starts_with("ranking"))
            .collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(
            changed[0].detail,
            format!("ranking [{OWN_MUNICIPALITY}, {OTHER_MUNICIPALITY}], criteria []; was ranking [], criteria []")
        );
        assert!(audit.iter().any(|e| e.resource == ranking && e.action == "read"), "the read of a ranking is audited");
        assert!(audit.iter().any(|e| e.resource.ends_with("/priorities") && e.actor == "municipality-own"
            && e.detail == "priorities [large_families, ties], was []"));

        // Each mechanism runs from the API and says what it did in its certificate.
        let runs = format!("/api/v1/scenarios/{SCENARIO}/placement-runs");
        for (body, said) in [
            (json!({"mechanism": "stable"}), "stable"),
            (json!({"mechanism": "weighted", "preference_weight": 1.0}), "weighted (λ = 1)"),
            (json!({"mechanism": "minimum_outcome", "outcome_share": 0.9}), "at least"),
        ] {
            let mut body = body;
            body["time_limit_seconds"] = json!(2);
            let started = server.post(Caller::National, &runs, body.clone()).await;
            assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
            assert_eq!(started.body["mechanism"], body["mechanism"]);
            let id = started.body["id"].as_i64().unwrap();
            let run = format!("{runs}/{id}");
            let ended = server.run_ended(Caller::National, &run).await;
            assert_eq!(ended["status"], "done", "{ended}");
            let message = ended["message"].as_str().unwrap();
            assert!(message.contains(said) && message.contains("households rank municipalities"), "{message}");
            assert!(message.contains("blocking pairs (justified envy)"), "{message}");
            // The ranking household's explanation names the choice it got.
            let why = server.get(Caller::National, &format!("{run}/explanations/{household}")).await;
            assert_eq!(why.status, StatusCode::OK, "{}", why.body);
            let placed = why.body["alternatives"].as_array().unwrap().iter()
                .find(|a| a["standing"] == "placed").cloned().unwrap_or_default();
            let detail = placed["detail"].as_str().unwrap_or_default();
            assert!(detail.contains("choice") || detail.contains("outside its ranking"), "{}", why.body);
        }
        for (body, field) in [
            (json!({"mechanism": "stable", "preference_weight": 1.0}), "preference_weight"),
            (json!({"mechanism": "minimum_outcome", "outcome_share": 1.5}), "outcome_share"),
            (json!({"mechanism": "weighted", "preference_weight": -1}), "preference_weight"),
            (json!({"outcome_share": 0.9}), "outcome_share"),
        ] {
            let refused = server.post(Caller::National, &runs, body.clone()).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", refused.body);
            assert_eq!(refused.body["field"], field, "{}", refused.body);
        }
        let lottery = server.post(Caller::National, &runs, json!({"mechanism": "lottery"})).await;
        assert_eq!(lottery.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", lottery.body);

        // The forms: national's run form keeps a refused share at its field; the household's
        // page shows its ranking and refuses an unknown code at the field, the entry kept;
        // Falun's decision tab does the same for its priorities.
        let (cookie, csrf) = server.session("national").await;
        let refused = server
            .send(form_post(&format!("/app/{SCENARIO}/placement-runs"), &cookie, &[
                ("csrf_token", &csrf), ("method", "optimal"), ("time_limit_seconds", "2"),
                ("mechanism", "minimum_outcome"), ("outcome_share", "2"),
            ]))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.body.as_str().unwrap();
        assert!(html.contains(r#"id="outcome_share-error""#) && html.contains(r#"value="minimum_outcome" selected"#), "{html}");
        let household_page = format!("/app/{SCENARIO}/households/{household}");
        let (status, html) = page(&server, &household_page, &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&format!(r#"value="{OWN_MUNICIPALITY}, {OTHER_MUNICIPALITY}""#)), "{html}");
        let bad = server
            .send(form_post(&format!("{household_page}/step"), &cookie, &[
                ("csrf_token", &csrf), ("step", "ranking"), ("version", "0"), ("ranking", "2080, 9999"),
            ]))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.body.as_str().unwrap();
        assert!(html.contains(r#"id="ranking-error""#) && html.contains(r#"value="2080, 9999""#), "{html}");
        let good = server
            .send(form_post(&format!("{household_page}/step"), &cookie, &[
                ("csrf_token", &csrf), ("step", "ranking"), ("version", "0"), ("ranking", OTHER_MUNICIPALITY),
            ]))
            .await;
        assert_eq!(good.status, StatusCode::SEE_OTHER);
        assert_eq!(
            server.get(Caller::National, &ranking).await.body["ranking"],
            json!([{"municipality": OTHER_MUNICIPALITY, "rank": 1}])
        );
        // A household that cannot rank weighs criteria instead; they make the ranking runs
        // honour, shown on its page. A bad criterion or weight is refused at its field.
        let weighs = put_ranking_and_criteria(&server, &ranking, json!([]),
            json!([{"criterion": "city", "weight": 2}, {"criterion": "work", "weight": 0.5}])).await;
        assert_eq!(weighs.status, StatusCode::OK, "{}", weighs.body);
        let made = weighs.body["from_criteria"].as_array().unwrap();
        assert_eq!(made.len(), 5, "{}", weighs.body);
        assert_eq!(made[0]["rank"], 1);
        let (_, html) = page(&server, &household_page, &cookie).await;
        assert!(html.contains(r#"value="city=2, work=0.5""#), "{html}");
        assert!(html.contains(made[0]["municipality"].as_str().unwrap()), "{html}");
        for (criteria, field) in [
            (json!([{"criterion": "pets", "weight": 1}]), "criteria[0]"),
            (json!([{"criterion": "tie", "weight": 0}]), "criteria[0].weight"),
            (json!([{"criterion": "tie", "weight": 1}, {"criterion": "tie", "weight": 2}]), "criteria[1]"),
        ] {
            let refused = put_ranking_and_criteria(&server, &ranking, json!([]), criteria).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
            assert_eq!(refused.body["field"], field, "{}", refused.body);
        }
        let bad = server
            .send(form_post(&format!("{household_page}/step"), &cookie, &[
                ("csrf_token", &csrf), ("step", "ranking"), ("version", "0"), ("ranking", ""),
                ("criteria", "tie=lots"),
            ]))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.body.as_str().unwrap();
        assert!(html.contains(r#"id="criteria-error""#) && html.contains(r#"value="tie=lots""#), "{html}");
        let (cookie, csrf) = server.session("municipality-own").await;
        let falun = format!("/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}");
        let refused = server
            .send(form_post(&format!("{falun}/priorities"), &cookie, &[
                ("csrf_token", &csrf), ("priorities", "single_adults, pets"),
            ]))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.body.as_str().unwrap();
        assert!(html.contains(r#"id="priorities-error""#) && html.contains(r#"value="single_adults, pets""#), "{html}");
        let saved = server
            .send(form_post(&format!("{falun}/priorities"), &cookie, &[
                ("csrf_token", &csrf), ("priorities", "single_adults; need:interpreter"),
            ]))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let (_, html) = page(&server, &format!("{falun}?tab=decision"), &cookie).await;
        assert!(html.contains("<code>need:interpreter</code>"), "{html}");
    })
    .await;
}
