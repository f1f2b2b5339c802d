//! Agreements: kept by their region, seen by their parties, followed up, and kept up
//! to date from their page.

use super::with_cookie;
use crate::support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use landa_testing::on_each_engine;
use serde_json::{json, Value};

#[tokio::test]
async fn agreements_are_kept_by_their_region_seen_by_their_parties_and_followed_up() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let path = format!("/api/v1/agreements/{AGREEMENT}");
        let read = server.get(Caller::RegionOwn, &path).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(read.headers[header::ETAG], "\"1\"");
        let mut agreement = read.body["agreement"].clone();

        // Without If-Match, with a stale one, or with a broken reference: refused, unchanged.
        agreement["revision_started"] = json!("2020-06-01");
        let body = json!({"agreement": agreement, "note": "revision started"});
        let put = |headers: &'static [(&'static str, &'static str)], body: Value| {
            let server = &server;
            let path = path.clone();
            async move {
                server
                    .call(Caller::RegionOwn, Method::PUT, &path, Some(body), headers)
                    .await
            }
        };
        assert_eq!(
            put(&[], body.clone()).await.status,
            StatusCode::PRECONDITION_REQUIRED
        );
        assert_eq!(
            put(&[("if-match", "\"7\"")], body.clone()).await.status,
            StatusCode::PRECONDITION_FAILED
        );
        let mut broken = body.clone();
        broken["agreement"]["goals"][0]["theme"] = json!("no-such-theme");
        let refused = put(&[("if-match", "\"1\"")], broken).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["field"], "agreement.goals[0].theme");
        assert_eq!(
            server
                .store
                .agreement_versions(AGREEMENT)
                .await
                .unwrap()
                .len(),
            1
        );

        let saved = put(&[("if-match", "\"1\"")], body).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert_eq!(saved.body["version"], 2);
        assert!(server
            .audit_entries()
            .await
            .iter()
            .any(|e| e.resource == path && e.detail == "version 2: revision started"));

        // Another region may neither change nor see it; a municipality outside it does
        // not see it; the partner in it does.
        let other = server.get(Caller::RegionOther, &path).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        assert_eq!(
            server.get(Caller::MunicipalityOther, &path).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            server.get(Caller::Partner, &path).await.status,
            StatusCode::OK
        );

        // With its revision started it no longer expired unrevised; its signatories
        // still have no registered decisions.
        let follow_up = server
            .get(
                Caller::MunicipalityOwn,
                &format!("{path}/follow-up?today=2026-11-23"),
            )
            .await;
        let kinds: Vec<&str> = follow_up.body["reminders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert!(!kinds.contains(&"expired_without_revision"), "{kinds:?}");
        assert!(kinds.contains(&"no_decision_registered"), "{kinds:?}");
        assert!(follow_up.body["goals"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["status"] == "not_measurable"));

        // Vägen in's follow-up is published: anyone may read its report.
        let public = server
            .get(
                Caller::Anonymous,
                &format!("/api/v1/public/agreements/{AGREEMENT}/report?year=2021&format=json"),
            )
            .await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body["findings"].as_array().unwrap().len() >= 3);
        let html = server
            .get(
                Caller::Anonymous,
                &format!("/api/v1/public/agreements/{AGREEMENT}/report"),
            )
            .await;
        assert!(html.body.as_str().unwrap().contains("none registered"));
        // The published list downloads as CSV, like every table of the UI.
        let csv = server
            .send(
                Request::builder()
                    .uri("/public/agreements?download=agreements&format=csv")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(
            csv.body.as_str().unwrap().contains(AGREEMENT),
            "{}",
            csv.body
        );
        // For Excel in Swedish and Norwegian settings: a byte-order mark and `;`, so that
        // the file opens in columns with å, ä and ö intact.
        let excel = server
            .send(
                Request::builder()
                    .uri("/public/agreements?download=agreements&format=csv-excel")
                    .header(header::COOKIE, "landa_lang=sv")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let text = excel.body.as_str().unwrap();
        assert!(text.starts_with('\u{feff}'), "{text}");
        let header = text.lines().next().unwrap();
        assert!(header.contains(';') && !header.contains(','), "{header}");
        assert!(text.contains("Vägen in"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn a_new_agreement_follows_its_municipalities_decisions_from_the_planning_data() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let agreement = json!({
            "id": "falun-2026", "title": "Lokal överenskommelse Falun 2026-2027",
            "kind": "local_development_agreement", "country": "se", "region": OWN_REGION,
            "valid_from": "2026-01-01", "valid_until": "2027-12-31",
            "parties": [{"id": "falun", "name": "Falu kommun", "kind": "municipality",
                         "municipality": OWN_MUNICIPALITY,
                         "decision": {"body": "kommunstyrelsen", "date": "2026-02-01",
                                      "registration_number": "KS 2026/12"}}],
            "themes": [{"id": "housing", "name": "Vägen till bostad"}],
            "goals": [{"id": "decide", "theme": "housing", "owner": "falun",
                       "text": "Falun beslutar hela kommuntalet"}],
            "indicators": [{"id": "decided-share", "goal": "decide", "name": "Andel av kommuntalet beslutad",
                            "unit": "share", "target": 1.0, "target_date": "2027-12-31",
                            "computed": "share_of_quota_decided"}],
        });
        let created = server
            .call(
                Caller::RegionOwn,
                Method::PUT,
                "/api/v1/agreements/falun-2026",
                Some(json!({"agreement": agreement, "note": "signed"})),
                &[("if-match", "\"0\"")],
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);

        let dashboard = server
            .get(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dashboard"),
            )
            .await
            .body;
        let expected = dashboard["decided"].as_f64().unwrap() / dashboard["requested"].as_f64().unwrap();
        let follow_up = server
            .get(Caller::MunicipalityOwn, "/api/v1/agreements/falun-2026/follow-up")
            .await;
        assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.body);
        let indicator = &follow_up.body["goals"][0]["indicators"][0];
        let latest = indicator["latest"][1].as_f64().expect("a computed value");
        assert!((latest - expected).abs() < 1e-9, "{latest} vs {expected}");
        assert_ne!(follow_up.body["goals"][0]["status"], "not_measurable");
        // The computed value is not written into the agreement itself.
        let stored = server.store.agreement("falun-2026", None).await.unwrap().0;
        assert!(stored.values.is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_agreement_is_kept_up_to_date_entry_by_entry_from_its_page() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (cookie, csrf) = server.session("region-own").await;
        let page = format!("/app/agreements/{AGREEMENT}");
        let versions = || async {
            server
                .store
                .agreement_versions(AGREEMENT)
                .await
                .unwrap()
                .len()
        };
        let stored = || async { server.store.agreement(AGREEMENT, None).await.unwrap().0 };
        let without_decision = |a: &landa_followup::Agreement| {
            a.signatories().filter(|p| p.decision.is_none()).count()
        };
        let before = without_decision(&stored().await);
        let send = |version: &str, entry: &str, fields: &[(&str, &str)]| {
            let mut all = vec![
                ("csrf_token", csrf.as_str()),
                ("version", version),
                ("entry", entry),
            ];
            all.extend_from_slice(fields);
            server.send(form_post(&page, &cookie, &all))
        };

        // A signatory's formal decision: a new version, audited like every save.
        let decision = [
            ("party", "falun"),
            ("body", "Kommunstyrelsen"),
            ("date", "2015-09-01"),
            ("registration_number", "KS 2015/321"),
        ];
        let saved = send("1", "decision", &decision).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(versions().await, 2);
        let agreement = stored().await;
        assert_eq!(without_decision(&agreement), before - 1);
        assert_eq!(
            agreement
                .party("falun")
                .unwrap()
                .decision
                .as_ref()
                .unwrap()
                .registration_number
                .as_deref(),
            Some("KS 2015/321")
        );
        let audited = server.audit_entries().await;
        assert!(
            audited
                .iter()
                .any(|e| e.resource == format!("/api/v1/agreements/{AGREEMENT}")
                    && e.detail
                        .starts_with("version 2: formal decision of Falu kommun registered")),
            "{audited:?}"
        );

        // The same form again on the version it was shown with: stale, refused on the page
        // with what was entered kept; nothing saved.
        let stale = send(
            "1",
            "decision",
            &[
                ("party", "mora"),
                ("body", "Kommunstyrelsen"),
                ("date", "2015-10-01"),
                ("registration_number", "KS 2015/99"),
            ],
        )
        .await;
        assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
        let html = stale.body.as_str().unwrap();
        assert!(html.contains("id=\"decision-error\""), "{html}");
        assert!(html.contains("Someone saved a newer version"), "{html}");
        assert!(html.contains("KS 2015/99"), "what was entered is kept");
        assert_eq!(versions().await, 2);

        // Bad fields: an action's due date that is no date, an action without a responsible
        // party, a goal owned by no party; each shown next to its field with what was
        // entered kept, and nothing saved.
        let refusals = [
            (
                "action",
                vec![
                    ("activity", "Kartlägg praktikplatser"),
                    ("theme", "arbete"),
                    ("due", "31.12.2026"),
                    ("responsible", "arbetsformedlingen"),
                ],
                "action-due",
            ),
            (
                "action",
                vec![
                    ("activity", "Kartlägg praktikplatser"),
                    ("responsible", ""),
                    ("due", "2026-12-31"),
                ],
                "action-responsible",
            ),
            (
                "goal",
                vec![
                    ("text", "Fler i arbete"),
                    ("theme", "arbete"),
                    ("owner", "no-such-party"),
                ],
                "goal-owner",
            ),
        ];
        for (entry, fields, field) in &refusals {
            let refused = send("2", entry, fields).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            let html = refused.body.as_str().unwrap();
            assert!(html.contains(&format!("id=\"{field}-error\"")), "{html}");
            assert!(
                html.contains(&format!("value=\"{}\"", fields[0].1)),
                "{html}"
            );
        }
        assert_eq!(versions().await, 2);

        // Every section, one version each.
        let body = stored().await.bodies[0].id.clone();
        let scheme_count = stored().await.funding_schemes.len();
        let entries: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (
                "goal",
                vec![
                    ("theme", "arbete"),
                    ("text", "Fler nyanlända i arbete"),
                    ("owner", "region-dalarna"),
                ],
            ),
            (
                "indicator",
                vec![
                    ("id", ""),
                    ("goal", "fler-nyanlanda-i-arbete"),
                    ("name", "Andel i arbete efter 3 år"),
                    ("unit", "share"),
                    ("direction", "increase"),
                    ("baseline", "0,24"),
                    ("target", "0.5"),
                    ("target_date", "2027-12-31"),
                    ("source", "SCB"),
                    ("owner", "region-dalarna"),
                ],
            ),
            (
                "action",
                vec![
                    ("activity", "Kartlägg praktikplatser"),
                    ("theme", "arbete"),
                    ("responsible", "arbetsformedlingen"),
                    ("contact", "Anna"),
                    ("due", "2026-12-31"),
                ],
            ),
            (
                "progress",
                vec![
                    ("action", "kartlagg-praktikplatser"),
                    ("status", "ongoing"),
                    ("result", ""),
                ],
            ),
            (
                "meeting",
                vec![
                    ("body", body.as_str()),
                    ("date", "2021-05-10"),
                    ("minutes", "Dnr 2021/17"),
                    ("decisions", "Starta revideringen\nBjud in civilsamhället"),
                ],
            ),
            (
                "scheme",
                vec![
                    ("name", "Länsstyrelsens utvecklingsmedel"),
                    ("funder", "lansstyrelsen-dalarna"),
                    ("purpose", ""),
                ],
            ),
            (
                "project",
                vec![
                    ("scheme", "lansstyrelsens-utvecklingsmedel"),
                    ("name", "Språkcafé"),
                    ("municipality", "2080"),
                    ("amount", "250 000"),
                    ("from", "2026-01-01"),
                    ("until", "2026-12-31"),
                    ("goal", "Språkträning"),
                    ("result", ""),
                ],
            ),
        ];
        for (n, (entry, fields)) in entries.iter().enumerate() {
            let version = (n + 2).to_string();
            let saved = send(&version, entry, fields).await;
            assert_eq!(
                saved.status,
                StatusCode::SEE_OTHER,
                "{entry}: {}",
                saved.body
            );
        }
        let agreement = stored().await;
        assert_eq!(versions().await, 2 + entries.len());
        assert!(agreement
            .indicators
            .iter()
            .any(|i| i.goal == "fler-nyanlanda-i-arbete"
                && i.baseline == Some(0.24)
                && i.is_measurable()));
        assert_eq!(
            agreement.actions.last().unwrap().status,
            landa_followup::agreement::ActionStatus::Ongoing
        );
        assert_eq!(agreement.meetings.last().unwrap().decisions.len(), 2);
        assert_eq!(agreement.funding_schemes.len(), scheme_count + 1);
        let project = agreement.projects.last().unwrap();
        assert_eq!(
            (project.amount, project.currency.as_deref()),
            (Some(250_000.0), Some("SEK"))
        );

        // An indicator edited: its page form starts from what it holds.
        let edit = server
            .send(with_cookie(
                Method::GET,
                &format!("{page}?indicator=andel-i-arbete-efter-3-ar"),
                &cookie,
                None,
                None,
            ))
            .await;
        assert!(edit
            .body
            .as_str()
            .unwrap()
            .contains("value=\"Andel i arbete efter 3 år\""));
        let version = versions().await.to_string();
        let changed = send(
            &version,
            "indicator",
            &[
                ("id", "andel-i-arbete-efter-3-ar"),
                ("goal", "fler-nyanlanda-i-arbete"),
                ("name", "Andel i arbete efter 3 år"),
                ("unit", "share"),
                ("direction", "increase"),
                ("baseline", "0.24"),
                ("target", "0.55"),
                ("target_date", "2027-12-31"),
                ("source", "SCB"),
                ("owner", ""),
            ],
        )
        .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        let agreement = stored().await;
        let edited: Vec<_> = agreement
            .indicators
            .iter()
            .filter(|i| i.goal == "fler-nyanlanda-i-arbete")
            .collect();
        assert_eq!(
            (edited.len(), edited[0].target, edited[0].owner.as_deref()),
            (1, Some(0.55), None)
        );

        // The report shows them, in the user's language when asked.
        let report = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/agreements/{AGREEMENT}/report?year=2021&format=json"),
            )
            .await;
        let findings = report.body["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join("\n");
        let signed = agreement.signatories().count();
        assert!(
            findings.contains(&format!(
                "{} of {signed} signatories have no registered formal decision",
                before - 1
            )),
            "{findings}"
        );
        let swedish = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/agreements/{AGREEMENT}/report?year=2021&lang=sv"),
            )
            .await;
        let html = swedish.body.as_str().unwrap();
        assert!(
            html.contains(&format!(
                "{} av {signed} undertecknande parter saknar",
                before - 1
            )),
            "{html}"
        );
        assert!(
            html.contains("Starta revideringen")
                && html.contains("Kartlägg praktikplatser")
                && html.contains("pågår")
        );
        let bad = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/agreements/{AGREEMENT}/report?lang=de"),
            )
            .await;
        assert_eq!(
            (bad.status, bad.body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("lang"))
        );

        // A party that does not keep the agreement cannot change it through the page.
        let partner = server.send(login_request("partner", PASSWORD)).await;
        let partner_cookie = partner.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let partner_csrf = partner.body["csrf_token"].as_str().unwrap().to_owned();
        let version = versions().await.to_string();
        let mut fields = vec![
            ("csrf_token", partner_csrf.as_str()),
            ("version", version.as_str()),
            ("entry", "decision"),
        ];
        fields.extend_from_slice(&decision);
        let forbidden = server
            .send(form_post(&page, &partner_cookie, &fields))
            .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        assert_eq!(versions().await.to_string(), version);
    })
    .await;
}
