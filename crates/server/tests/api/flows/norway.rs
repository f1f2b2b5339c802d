//! A Norwegian year through the same flows as the Swedish one: IMDi's request with the
//! minimum of 10 persons and unaccompanied minors only where a municipality takes them,
//! the statsforvalter's round, a municipality's vedtak (decision), a placement run
//! (utsøking) approved by a second officer, and the gap report, on both engines.

use crate::support::*;
use axum::http::{Method, StatusCode};
use landa_testing::on_each_engine;
use serde_json::{json, Value};

const NORWAY: &str = "api-test-no";
/// Today's Østfold (county 31) and Indre Østfold in it.
const OSTFOLD: &str = "31";
const INDRE_OSTFOLD: &str = "3118";

fn persons(rows: &[Value]) -> u64 {
    rows.iter().map(|r| r["persons"].as_u64().unwrap()).sum()
}

#[tokio::test]
async fn a_norwegian_year_runs_from_imdis_request_to_placement_and_gaps() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let scenario = server.norwegian_year(NORWAY).await;
        let api = format!("/api/v1/scenarios/{NORWAY}");
        let takes_minors = |code: &str| {
            scenario
                .municipalities
                .iter()
                .find(|m| m.code.as_str() == code)
                .and_then(|m| m.takes_unaccompanied_minors)
                .unwrap()
        };

        // IMDi's national request: nobody asked for fewer than 10, minors only where taken.
        let national = server
            .post(Caller::NationalNorway, &format!("{api}/quota"), json!({"total": 2000, "minors": 150}))
            .await;
        assert_eq!(national.status, StatusCode::OK, "{}", national.body);
        let rows = national.body.as_array().unwrap();
        assert_eq!(rows.len(), 357);
        assert_eq!(persons(rows), 2000);
        for row in rows {
            let asked = row["persons"].as_u64().unwrap();
            assert!(asked == 0 || asked >= 10, "{row}");
            if row["below_minimum"] == true {
                assert_eq!(asked, 0, "{row}");
            }
            let code = row["municipality"].as_str().unwrap();
            assert_eq!(row["takes_unaccompanied_minors"], takes_minors(code), "{row}");
            if !takes_minors(code) {
                assert_eq!(row["unaccompanied_minors"], 0, "{row}");
            }
        }
        assert!(rows.iter().any(|r| r["below_minimum"] == true), "small municipalities are left out");
        // A Swedish scenario keeps no minimum; asking for one there is allowed too.
        let swedish = server
            .post(Caller::National, &format!("/api/v1/scenarios/{SCENARIO}/quota"), json!({"total": 40}))
            .await;
        assert!(swedish.body.as_array().unwrap().iter().all(|r| r["below_minimum"] == false));
        // IMDi's criteria are weighed unless asked otherwise; a Swedish year has no
        // introduction results to weigh, and the refusal names where one is missing.
        let by_population = server
            .post(Caller::NationalNorway, &format!("{api}/quota"), json!({"total": 2000,
                "weights": {"population": 1, "labour_market": 0, "reception": 0, "housing": 0}}))
            .await;
        assert_ne!(by_population.body, national.body);
        let weighed = server
            .post(Caller::NationalNorway, &format!("{api}/quota"), json!({"total": 2000, "minors": 150,
                "weights": {"population": 0.4, "labour_market": 0.2, "reception": 0, "housing": 0,
                            "introduction_results": 0.2, "school_capacity": 0.2}}))
            .await;
        assert_eq!(weighed.body, national.body);
        let refused = server
            .post(Caller::National, &format!("/api/v1/scenarios/{SCENARIO}/quota"), json!({"total": 40,
                "weights": {"population": 1, "labour_market": 0, "reception": 0, "housing": 0, "introduction_results": 1}}))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.body["field"].as_str().unwrap().ends_with(".introduction_result_rate"), "{}", refused.body);

        // The statsforvalter of Østfold distributes the county's number and publishes it.
        let statsforvalter = server.account_with_token("statsforvalter-ostfold", "region:NO:31").await;
        let quota = format!("{api}/quota");
        let ask = |body: Value| server.call_with(Some(&statsforvalter), Method::POST, &quota, Some(body), &[]);
        let preview = ask(json!({"total": 120, "minors": 10, "region": OSTFOLD})).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let rows = preview.body.as_array().unwrap();
        assert_eq!(rows.len(), 12, "today's Østfold has 12 municipalities");
        assert_eq!(persons(rows), 120);
        let small = rows.iter().find(|r| r["below_minimum"] == true).expect("a small municipality below the minimum");
        assert_eq!(small["persons"], 0, "{small}");
        let lowered = ask(json!({"total": 120, "region": OSTFOLD, "minimum": 0})).await;
        let small = lowered.body.as_array().unwrap().iter().find(|r| r["municipality"] == small["municipality"]).unwrap().clone();
        assert!(small["persons"].as_u64().unwrap() > 0, "without the minimum it is asked: {small}");
        let requests: Vec<Value> = rows
            .iter()
            .map(|r| json!({"municipality": r["municipality"], "persons": r["persons"], "unaccompanied_minors": r["unaccompanied_minors"]}))
            .collect();
        let round = server
            .call_with(
                Some(&statsforvalter),
                Method::POST,
                &format!("{api}/request-rounds"),
                Some(json!({"year": 2026, "round": 2, "sent_by": "Statsforvalteren i Østfold", "requests": requests})),
                &[],
            )
            .await;
        assert_eq!(round.status, StatusCode::CREATED, "{}", round.body);
        let indre: &Value = rows.iter().find(|r| r["municipality"] == INDRE_OSTFOLD).unwrap();
        let asked = indre["persons"].as_u64().unwrap();
        // A municipality that had not said it takes minors opts in by deciding to settle
        // some (its vedtak), and is asked for them in the next preview.
        let opting_in = rows
            .iter()
            .find(|r| r["takes_unaccompanied_minors"] == false)
            .expect("an Østfold municipality not taking minors")["municipality"]
            .as_str()
            .unwrap()
            .to_owned();
        let uri = format!("{api}/municipalities/{opting_in}/decisions");
        let history = server.get(Caller::NationalNorway, &uri).await;
        let etag = history.headers["etag"].to_str().unwrap().to_owned();
        let opted = server
            .call(
                Caller::NationalNorway,
                Method::POST,
                &uri,
                Some(json!({"persons": 12, "unaccompanied_minors": 2,
                            "body": "municipal_council", "decided_on": "2026-02-15"})),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(opted.status, StatusCode::CREATED, "{}", opted.body);
        let again = ask(json!({"total": 120, "minors": 10, "region": OSTFOLD})).await;
        let row = again.body.as_array().unwrap().iter().find(|r| r["municipality"] == opting_in.as_str()).unwrap().clone();
        assert_eq!(row["takes_unaccompanied_minors"], true, "{row}");

        // Another county's statsforvalter and a Swedish county cannot touch Østfold.
        let other = server.account_with_token("statsforvalter-vestland", "region:NO:46").await;
        for token in [Some(other.as_str()), Some(server.token_of(Caller::RegionOwn))] {
            let refused = server
                .call_with(token, Method::POST, &format!("{api}/quota"), Some(json!({"total": 120, "region": OSTFOLD})), &[])
                .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        }

        // Indre Østfold registers its vedtak: fewer than asked.
        let kommune = server.account_with_token("indre-ostfold", "municipality:NO:3118").await;
        let decisions = format!("{api}/municipalities/{INDRE_OSTFOLD}/decisions");
        let history = server.call_with(Some(&kommune), Method::GET, &decisions, None, &[]).await;
        assert_eq!(history.status, StatusCode::OK, "{}", history.body);
        let etag = history.headers["etag"].to_str().unwrap().to_owned();
        let decided = asked - 5;
        let registered = server
            .call_with(
                Some(&kommune),
                Method::POST,
                &decisions,
                Some(json!({"persons": decided, "unaccompanied_minors": 0,
                            "body": "municipal_council", "decided_on": "2026-03-01"})),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(registered.status, StatusCode::CREATED, "{}", registered.body);
        let elsewhere = server
            .call_with(Some(&kommune), Method::GET, &format!("{api}/municipalities/3101/decisions"), None, &[])
            .await;
        assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);

        // A family joining its family in Indre Østfold comes on top of the vedtak.
        let joining = server
            .post(
                Caller::NationalNorway,
                &format!("{api}/households"),
                json!({"households": [{"id": "joining-family", "adults": 1, "children": 2,
                    "waiting_since": "2026-02-01", "intake_category": "family_reunification",
                    "tie": INDRE_OSTFOLD}]}),
            )
            .await;
        assert_eq!(joining.status, StatusCode::CREATED, "{}", joining.body);

        // IMDi's utsøking: a run, approved by a second officer.
        let second = server.account_with_token("imdi-2", "national:NO").await;
        let runs = format!("{api}/placement-runs");
        let started = server
            .post(Caller::NationalNorway, &runs, json!({"method": "optimal", "time_limit_seconds": 2}))
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
        let run = format!("{runs}/{}", started.body["id"]);
        let status = server.run_ended(Caller::NationalNorway, &run).await;
        assert_eq!(status["status"], "done", "{status}");
        let approved = server
            .call_with(Some(&second), Method::POST, &format!("{run}/approve"), Some(json!({})), &[])
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        let placements = server
            .get(Caller::NationalNorway, &format!("{run}/placements?limit=1000"))
            .await;
        let joined = placements.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["household"] == "joining-family")
            .expect("the joining family is proposed")
            .clone();
        assert_eq!(joined["municipality"], INDRE_OSTFOLD, "{joined}");
        let why = server
            .get(Caller::NationalNorway, &format!("{run}/explanations/joining-family"))
            .await;
        assert!(why.body.to_string().contains("outside the municipality's number"), "{}", why.body);
        // Sweden's national officer sees nothing of it.
        assert_eq!(server.get(Caller::National, &run).await.status, StatusCode::FORBIDDEN);

        // The gap report agrees: Indre Østfold asked in round 2, decided fewer, and what
        // the run placed there counts against its vedtak.
        let gaps = server.get(Caller::NationalNorway, &format!("{api}/gaps")).await;
        assert_eq!(gaps.status, StatusCode::OK, "{}", gaps.body);
        let indre = gaps.body.as_array().unwrap().iter().find(|r| r["code"] == INDRE_OSTFOLD).unwrap().clone();
        assert_eq!(indre["requested"].as_u64(), Some(asked), "{indre}");
        assert_eq!(indre["decided"].as_u64(), Some(decided), "{indre}");
        assert_eq!(indre["gap"].as_i64(), Some(5), "{indre}");
        // The joining family (3 persons) is placed there but not counted against the vedtak.
        assert!(indre["placed"].as_u64().unwrap() <= decided, "{indre}");
        let households = server
            .get(Caller::NationalNorway, &format!("{api}/households?limit=1000"))
            .await;
        let counted: u64 = households.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["placed_in"] == INDRE_OSTFOLD && h["id"] != "joining-family")
            .map(|h| h["adults"].as_u64().unwrap() + h["children"].as_u64().unwrap())
            .sum();
        assert_eq!(indre["placed"].as_u64(), Some(counted), "{indre}");
        assert_eq!(indre["placed"].as_u64().unwrap() + indre["remaining"].as_u64().unwrap(), decided, "{indre}");
    })
    .await;
}

#[tokio::test]
async fn ostfolds_old_and_new_codes_are_both_understood() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        server.norwegian_year(NORWAY).await;
        let bundle = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/bundles/ostfold-2015");
        let ostfold_2015 = landa_bundle::read_bundle(&bundle).expect("the Østfold 2015 bundle");
        let name = ostfold_2015.meta.name.clone();
        server
            .store
            .import_scenario(&ostfold_2015, landa_store::ImportMode::New, &setup())
            .await
            .expect("import");

        // 2015's gap report says what each former municipality is part of today.
        let gaps = server
            .get(
                Caller::NationalNorway,
                &format!("/api/v1/scenarios/{name}/gaps"),
            )
            .await;
        assert_eq!(gaps.status, StatusCode::OK, "{}", gaps.body);
        let rows = gaps.body.as_array().unwrap();
        let askim = rows.iter().find(|r| r["code"] == "0124").unwrap();
        assert_eq!(
            (askim["today_code"].as_str(), askim["today_name"].as_str()),
            (Some("3118"), Some("Indre Østfold"))
        );
        let into_indre: Vec<&Value> = rows
            .iter()
            .filter(|r| r["today_code"] == INDRE_OSTFOLD)
            .collect();
        assert_eq!(into_indre.len(), 5);
        // Asked 85 in 2015, decided 40 (Hobøl registered none).
        let asked: u64 = into_indre
            .iter()
            .map(|r| r["requested"].as_u64().unwrap())
            .sum();
        let decided: u64 = into_indre
            .iter()
            .filter_map(|r| r["decided"].as_u64())
            .sum();
        assert_eq!((asked, decided), (85, 40));

        // Today's code in the 2015 year, and a 2015 code in today's, are named, not just refused.
        let indre_2015 = server
            .get(
                Caller::NationalNorway,
                &format!("/api/v1/scenarios/{name}/municipalities/{INDRE_OSTFOLD}/decisions"),
            )
            .await;
        assert_eq!(indre_2015.status, StatusCode::NOT_FOUND);
        let message = indre_2015.body["message"].as_str().unwrap();
        assert!(
            message.contains("Askim (0124)") && message.contains("Hobøl (0138)"),
            "{message}"
        );
        let askim_today = server
            .get(
                Caller::NationalNorway,
                &format!("/api/v1/scenarios/{NORWAY}/municipalities/0124/decisions"),
            )
            .await;
        assert_eq!(askim_today.status, StatusCode::NOT_FOUND);
        assert!(
            askim_today.body["message"]
                .as_str()
                .unwrap()
                .contains("part of Indre Østfold (3118) today"),
            "{}",
            askim_today.body
        );
        // A request round naming a former municipality in today's year is refused at its field.
        let round = server
            .post(
                Caller::NationalNorway,
                &format!("/api/v1/scenarios/{NORWAY}/request-rounds"),
                json!({"year": 2026, "round": 3, "sent_by": "IMDi", "requests": [
                    {"municipality": "0136", "persons": 10, "unaccompanied_minors": 0}]}),
            )
            .await;
        assert_eq!(
            round.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            round.body
        );
        assert!(
            round.body["message"]
                .as_str()
                .unwrap()
                .contains("Rygge is part of Moss (3103)"),
            "{}",
            round.body
        );

        // Today's municipality and county follow their former municipalities' records:
        // Indre Østfold reads Askim's 2015 vedtak but not Halden's, and cannot register one
        // in Askim's name; today's Østfold (31) sees the old county but Rømskog, which is
        // part of Aurskog-Høland in Akershus today.
        let gaps_of = |role: &'static str, user: &'static str| {
            let server = &server;
            let name = name.clone();
            async move {
                let token = server.account_with_token(user, role).await;
                let answer = server
                    .call_with(
                        Some(&token),
                        Method::GET,
                        &format!("/api/v1/scenarios/{name}/gaps"),
                        None,
                        &[],
                    )
                    .await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                (token, answer.body.as_array().unwrap().clone())
            }
        };
        let (indre, rows) = gaps_of("municipality:NO:3118", "indre-ostfold").await;
        let mut codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
        codes.sort_unstable();
        assert_eq!(codes, ["0122", "0123", "0124", "0125", "0138"]);
        let decisions =
            |code: &str| format!("/api/v1/scenarios/{name}/municipalities/{code}/decisions");
        let askim = server
            .call_with(Some(&indre), Method::GET, &decisions("0124"), None, &[])
            .await;
        assert_eq!(askim.status, StatusCode::OK, "{}", askim.body);
        let halden = server
            .call_with(Some(&indre), Method::GET, &decisions("0101"), None, &[])
            .await;
        assert_eq!(halden.status, StatusCode::FORBIDDEN, "{}", halden.body);
        let in_askims_name = server
            .call_with(
                Some(&indre),
                Method::POST,
                &decisions("0124"),
                Some(json!({"persons": 30, "unaccompanied_minors": 0})),
                &[],
            )
            .await;
        assert_eq!(
            in_askims_name.status,
            StatusCode::FORBIDDEN,
            "{}",
            in_askims_name.body
        );
        // In the browser the 2015 year opens on the five it was made of, each linked.
        let (cookie, _) = server.session("indre-ostfold").await;
        let html = page(&server, &format!("/app/{name}"), &cookie, &[]).await;
        for (code, former) in [("0122", "Trøgstad"), ("0124", "Askim"), ("0138", "Hobøl")] {
            assert!(
                html.contains(&format!(
                    r#"href="/app/{name}/municipalities/{code}">{former}"#
                )),
                "{html}"
            );
        }
        let askim_page = page(
            &server,
            &format!("/app/{name}/municipalities/0124"),
            &cookie,
            &[],
        )
        .await;
        assert!(askim_page.contains("Askim (0124)"), "{askim_page}");
        let (_, rows) = gaps_of("region:NO:31", "statsforvalteren-ostfold").await;
        let municipalities = rows.iter().filter(|r| r["level"] == "municipality").count();
        assert_eq!(municipalities, 17);
        assert!(
            rows.iter().all(|r| r["code"] != "0121"),
            "Rømskog is in Akershus today"
        );
    })
    .await;
}

/// The page at `path` as `cookie` with `extra` cookies, its HTML.
async fn page(server: &TestServer, path: &str, cookie: &str, headers: &[(&str, &str)]) -> String {
    let mut request = axum::http::Request::builder()
        .uri(path)
        .header("cookie", cookie);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let answer = server
        .send(request.body(axum::body::Body::empty()).unwrap())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    answer.body.as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_words_follow_the_year_and_a_nynorsk_municipality_reads_nynorsk() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        server.norwegian_year(NORWAY).await;
        // Klepp (1120) writes nynorsk; Indre Østfold (3118) bokmål.
        server
            .account_with_token("klepp", "municipality:NO:1120")
            .await;
        server
            .account_with_token("indre", "municipality:NO:3118")
            .await;
        let norwegian = "nb-NO,nb;q=0.9";
        let klepp = format!("/app/{NORWAY}/municipalities/1120");
        let indre = format!("/app/{NORWAY}/municipalities/3118");
        let (norway, sweden) = (format!("/app/{NORWAY}"), format!("/app/{SCENARIO}"));
        // (who, page, language chosen or asked by the browser, page language, words shown,
        // words not shown)
        let cases = [
            // Klepp writes nynorsk; a language the user chose is kept.
            ("klepp", &klepp, None, "nn", "Oppmoda", "Anmodet"),
            ("klepp", &klepp, Some("nb"), "nb", "Anmodet", "Oppmoda"),
            ("indre", &indre, None, "nb", "Anmodet", "Oppmoda"),
            // IMDi reading its year in Swedish reads Norway's terms; Migrationsverket
            // reading its year in bokmål reads Sweden's.
            ("imdi", &norway, Some("sv"), "sv", "Anmodning", "Kommuntal"),
            (
                "national",
                &sweden,
                Some("nb"),
                "nb",
                "Kommuntall",
                "Anmodet",
            ),
        ];
        for (user, path, chosen, lang, shown, not_shown) in cases {
            let (cookie, _) = server.session(user).await;
            let cookie = match chosen {
                Some(code) => format!("{cookie}; landa_lang={code}"),
                None => cookie,
            };
            let html = page(&server, path, &cookie, &[("accept-language", norwegian)]).await;
            assert!(
                html.contains(&format!(r#"<html lang="{lang}""#)),
                "{user}: {html}"
            );
            assert!(
                html.contains(shown) && !html.contains(not_shown),
                "{user}: {html}"
            );
        }

        // The yearly report in nynorsk.
        let report = server
            .get(
                Caller::National,
                &format!("/api/v1/agreements/{AGREEMENT}/report?lang=nn"),
            )
            .await;
        assert_eq!(report.status, StatusCode::OK);
        let html = report.body.as_str().unwrap();
        assert!(
            html.contains(r#"lang="nn""#) && html.contains("Mål og indikatorar"),
            "{html}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_norwegian_municipality_says_whether_it_takes_unaccompanied_minors() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        server.norwegian_year(NORWAY).await;
        let indre = server.account_with_token("indre-ostfold", "municipality:NO:3118").await;
        let uri = |code: &str| format!("/api/v1/scenarios/{NORWAY}/municipalities/{code}/unaccompanied-minors");
        let say = |token, code: &str, takes: bool| {
            let uri = uri(code);
            let server = &server;
            async move {
                server.call_with(Some(token), Method::PUT, &uri, Some(json!({"takes": takes})), &[]).await
            }
        };
        let asked_for_minors = || async {
            let preview = server
                .post(Caller::NationalNorway, &format!("/api/v1/scenarios/{NORWAY}/quota"),
                      json!({"total": 2000, "minors": 150}))
                .await;
            let row = preview.body.as_array().unwrap().iter()
                .find(|r| r["municipality"] == INDRE_OSTFOLD).unwrap().clone();
            row["takes_unaccompanied_minors"].as_bool().unwrap()
        };

        let no = say(&indre, INDRE_OSTFOLD, false).await;
        assert_eq!(no.status, StatusCode::OK, "{}", no.body);
        assert_eq!(no.body["takes_unaccompanied_minors"], false);
        assert!(!asked_for_minors().await, "IMDi asks no minors of a municipality that said no");
        let yes = say(&indre, INDRE_OSTFOLD, true).await;
        assert_eq!(yes.body["takes_unaccompanied_minors"], true);
        assert!(asked_for_minors().await);

        // Only the municipality itself (or IMDi) says it, and only in a Norwegian year.
        let halden = say(&indre, "3101", false).await;
        assert_eq!(halden.status, StatusCode::FORBIDDEN, "{}", halden.body);
        let county = server.account_with_token("statsforvalter", "region:NO:31").await;
        assert_eq!(say(&county, INDRE_OSTFOLD, false).await.status, StatusCode::FORBIDDEN);
        let swedish = server
            .call(Caller::National, Method::PUT,
                  &format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/unaccompanied-minors"),
                  Some(json!({"takes": false})), &[])
            .await;
        assert_eq!(swedish.status, StatusCode::FORBIDDEN, "{}", swedish.body);
        assert!(swedish.body["message"].as_str().unwrap().contains("the law assigns them"));
        // IMDi may say it for a municipality; a code the year does not hold is named.
        let imdi = server
            .call(Caller::NationalNorway, Method::PUT, &uri("3101"), Some(json!({"takes": true})), &[])
            .await;
        assert_eq!(imdi.status, StatusCode::OK, "{}", imdi.body);
        let unknown = server
            .call(Caller::NationalNorway, Method::PUT, &uri("0124"), Some(json!({"takes": true})), &[])
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
        assert!(unknown.body["message"].as_str().unwrap().contains("Indre Østfold"), "{}", unknown.body);
        let said: Vec<_> = server
            .audit_entries()
            .await
            .into_iter()
            .filter(|e| e.resource.ends_with("/unaccompanied-minors") && e.actor == "indre-ostfold")
            .collect();
        assert_eq!(said.len(), 2, "each answer is audited: {said:?}");

        // On its page: the form keeps the answer, and no choice is refused at the field.
        let (cookie, csrf) = server.session("indre-ostfold").await;
        let page_uri = format!("/app/{NORWAY}/municipalities/{INDRE_OSTFOLD}");
        let answer = server
            .send(form_post(&format!("{page_uri}/unaccompanied-minors"), &cookie,
                            &[("csrf_token", &csrf), ("takes", "no")]))
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER);
        let back = answer.headers[axum::http::header::LOCATION].to_str().unwrap().to_owned();
        assert!(back.ends_with("?note=minors&tab=decision"), "{back}");
        let html = page(&server, &back, &cookie, &[]).await;
        assert!(html.contains(r#"value="no" checked"#), "{html}");
        assert!(html.contains("not take unaccompanied minors</p>"), "the answer is confirmed: {html}");
        let unchosen = server
            .send(form_post(&format!("{page_uri}/unaccompanied-minors"), &cookie, &[("csrf_token", &csrf)]))
            .await;
        assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = unchosen.body.as_str().unwrap();
        assert!(html.contains(r#"id="takes-error""#), "{html}");
        // A form without its session's token is refused and changes nothing.
        let forged = server
            .send(form_post(&format!("{page_uri}/unaccompanied-minors"), &cookie, &[("takes", "yes")]))
            .await;
        assert!(forged.status.is_client_error(), "{}", forged.status);
        assert!(!asked_for_minors().await, "the refused forms changed nothing");
    })
    .await;
}
