//! The integration register: the municipality a household settled in records each
//! person's introduction programme and status at checkpoints; national reads them; bad
//! entries are refused at their field and change nothing; every read and write is audited.

use crate::support::*;
use axum::http::{Method, StatusCode};
use landa_model::{Destination, HouseholdState};
use landa_testing::on_each_engine;
use serde_json::{json, Value};

/// A household settled in Falun on `on`, and the path of its register.
async fn settled_household(server: &TestServer, on: &str) -> (String, String) {
    settled_in(server, OWN_MUNICIPALITY, on).await
}

async fn settled_in(server: &TestServer, municipality: &str, on: &str) -> (String, String) {
    let state = HouseholdState::MovedIn {
        destination: Destination {
            run: server.run_id().await,
            municipality: municipality.parse().unwrap(),
            dwelling: None,
        },
        on: on.parse().unwrap(),
    };
    let (household, _) = server.household_in("settled", state, &[]).await;
    let register = format!("/api/v1/scenarios/{SCENARIO}/households/{household}/register");
    (household, register)
}

async fn put(server: &TestServer, caller: Caller, path: &str, body: Value) -> Answer {
    server
        .call(caller, Method::PUT, path, Some(body), &[])
        .await
}

#[tokio::test]
async fn the_settling_municipality_records_a_persons_programme_and_statuses_and_national_reads_them(
) {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (household, register) = settled_household(&server, "2025-09-15").await;
        let person = format!("{household}-p1");
        let programme = format!("{register}/{person}/programme");
        let status = |checkpoint: &str| format!("{register}/{person}/statuses/{checkpoint}");

        let empty = server.get(Caller::MunicipalityOwn, &register).await;
        assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
        assert_eq!(empty.body["municipality"], OWN_MUNICIPALITY);
        assert_eq!(empty.body["settled_on"], "2025-09-15");
        assert_eq!(
            empty.body["persons"],
            json!([{"person": person, "programme": null, "statuses": []}])
        );

        // Decided, started and (a year later) ended for work.
        let recorded = put(
            &server,
            Caller::MunicipalityOwn,
            &programme,
            json!({"decided_on": "2025-09-20", "started_on": "2025-10-01", "goal": "work"}),
        )
        .await;
        assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
        assert_eq!(recorded.body["version"], 1);
        let ended = put(
            &server,
            Caller::MunicipalityOwn,
            &programme,
            json!({"decided_on": "2025-09-20", "started_on": "2025-10-01", "goal": "work",
                   "ended_on": "2026-08-31", "end_reason": "work"}),
        )
        .await;
        assert_eq!(ended.body["version"], 2, "{}", ended.body);

        // Statuses once their day has come: 90 days after the programme (29 November 2026)
        // and a year after settling; a year after the programme is still ahead.
        for (checkpoint, body) in [
            ("programme_90_days", json!({"activity": "work"})),
            (
                "settled_1_year",
                json!({"activity": "both", "living_in": OTHER_MUNICIPALITY}),
            ),
        ] {
            let answer = put(&server, Caller::MunicipalityOwn, &status(checkpoint), body).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{checkpoint}: {}",
                answer.body
            );
        }

        let before = server.get(Caller::National, &register).await;
        assert_eq!(before.status, StatusCode::OK, "{}", before.body);
        let person_register = &before.body["persons"][0];
        assert_eq!(person_register["programme"]["end_reason"], "work");
        assert_eq!(person_register["programme"]["version"], 2);
        assert_eq!(
            person_register["programme"]["recorded_by"],
            "municipality-own"
        );
        let statuses: Vec<(String, String, String)> = person_register["statuses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["checkpoint"].as_str().unwrap().to_owned(),
                    s["activity"].as_str().unwrap().to_owned(),
                    s["living_in"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            statuses,
            [
                (
                    "programme_90_days".into(),
                    "work".into(),
                    OWN_MUNICIPALITY.into()
                ),
                (
                    "settled_1_year".into(),
                    "both".into(),
                    OTHER_MUNICIPALITY.into()
                ),
            ]
        );

        // Each bad entry is refused at its field, and the register stays as it was.
        let refusals = [
            (
                programme.clone(),
                json!({"decided_on": "2025-09-20", "started_on": "2025-09-01", "goal": "work"}),
                "started_on",
            ),
            (
                programme.clone(),
                json!({"decided_on": "2025-09-20", "started_on": "2025-10-01", "goal": "work",
                       "ended_on": "2025-09-30", "end_reason": "work"}),
                "ended_on",
            ),
            (
                programme.clone(),
                json!({"decided_on": "2025-09-20", "started_on": "2025-10-01", "goal": "work",
                       "ended_on": "2026-08-31"}),
                "end_reason",
            ),
            (
                programme.clone(),
                json!({"decided_on": "2099-01-01", "goal": "work"}),
                "decided_on",
            ),
            (
                programme.clone(),
                json!({"decided_on": "2025-09-20", "goal": "retirement"}),
                "goal",
            ),
            (
                status("programme_1_year"),
                json!({"activity": "work"}),
                "checkpoint",
            ),
            (
                status("settled_2_years"),
                json!({"activity": "work"}),
                "checkpoint",
            ),
            (
                status("settled_11_years"),
                json!({"activity": "work"}),
                "checkpoint",
            ),
            (
                status("settled_1_year"),
                json!({"activity": "work", "living_in": "Falun"}),
                "living_in",
            ),
            (
                status("settled_1_year"),
                json!({"activity": "job"}),
                "activity",
            ),
        ];
        for (path, body, field) in refusals {
            let refused = put(&server, Caller::MunicipalityOwn, &path, body.clone()).await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {}",
                refused.body
            );
            assert_eq!(refused.body["field"], field, "{body}: {}", refused.body);
        }
        let unknown_person = put(
            &server,
            Caller::MunicipalityOwn,
            &format!("{register}/nobody/statuses/settled_1_year"),
            json!({"activity": "work"}),
        )
        .await;
        assert_eq!(
            unknown_person.status,
            StatusCode::NOT_FOUND,
            "{}",
            unknown_person.body
        );
        assert_eq!(
            server.get(Caller::National, &register).await.body,
            before.body
        );

        // National reads but does not record; another municipality finds nothing.
        let by_national = put(
            &server,
            Caller::National,
            &status("settled_1_year"),
            json!({"activity": "neither"}),
        )
        .await;
        assert_eq!(
            by_national.status,
            StatusCode::FORBIDDEN,
            "{}",
            by_national.body
        );
        assert_eq!(
            server
                .get(Caller::MunicipalityOther, &register)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // A household not settled has no register yet.
        let waiting = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}/register",
            server.household
        );
        assert_eq!(
            server.get(Caller::National, &waiting).await.status,
            StatusCode::NOT_FOUND
        );

        // Every write is audited with what it replaced; the reads too.
        let audit = server.audit_entries().await;
        let programme_entries: Vec<_> = audit
            .iter()
            .filter(|e| e.resource.ends_with(&format!("/{person}/programme")))
            .collect();
        assert_eq!(programme_entries.len(), 2, "{programme_entries:?}");
        assert!(programme_entries
            .iter()
            .any(|e| e.action == "create" && e.detail.contains("(was none)")));
        assert!(programme_entries.iter().any(|e| e.action == "update"
            && e.detail.contains("ended 2026-08-31 work")
            && e.detail
                .contains("(was decided 2025-09-20, started 2025-10-01, goal work, ended - )")));
        assert!(audit
            .iter()
            .any(|e| e.resource == register && e.action == "read" && e.actor == "national"));
    })
    .await;
}

#[tokio::test]
async fn the_register_page_records_by_form_and_shows_a_refusal_at_its_field_with_the_entries_kept()
{
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (household, register) = settled_household(&server, "2025-09-15").await;
        let person = format!("{household}-p1");
        let page = format!("/app/{SCENARIO}/households/{household}/register");
        let (cookie, csrf) = server.session("municipality-own").await;
        let shown = server.send(page_get(&page, Some(&cookie))).await;
        assert_eq!(shown.status, StatusCode::OK);
        let html = shown.body.as_str().unwrap();
        assert!(
            html.contains(r#"name="decided_on""#) && html.contains(r#"value="settled_2_years""#),
            "{html}"
        );
        // The household's page links to its register once it has settled.
        let household_page = server
            .send(page_get(
                &format!("/app/{SCENARIO}/households/{household}"),
                Some(&cookie),
            ))
            .await;
        assert!(household_page
            .body
            .as_str()
            .unwrap()
            .contains(&format!(r#"href="{page}""#)));

        let programme = |ended: &'static str| {
            [
                ("kind", "programme"),
                ("decided_on", "2025-09-20"),
                ("started_on", "2025-10-01"),
                ("goal", "education"),
                ("ended_on", ended),
                ("end_reason", "education"),
            ]
        };
        let send = |fields: Vec<(&'static str, &'static str)>| {
            let (server, page, cookie, csrf, person) = (&server, &page, &cookie, &csrf, &person);
            async move {
                let mut all: Vec<(&str, &str)> = vec![("csrf_token", csrf), ("person", person)];
                all.extend(fields);
                server.send(form_post(page, cookie, &all)).await
            }
        };
        let refused = send(programme("2025-09-01").to_vec()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.body.as_str().unwrap();
        assert!(
            html.contains(r#"id="ended_on-error""#),
            "the error is at its field: {html}"
        );
        assert!(
            html.contains(r##"href="#ended_on""##),
            "and in the summary at the top: {html}"
        );
        assert!(
            html.contains(r#"value="2025-09-01""#)
                && html.contains(r#"value="education" selected"#),
            "entries kept: {html}"
        );
        assert_eq!(
            server.get(Caller::National, &register).await.body["persons"][0]["programme"],
            Value::Null,
            "a refused form changes nothing"
        );

        let saved = send(programme("2026-06-30").to_vec()).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{:?}", saved.body);
        let status = send(vec![
            ("kind", "status"),
            ("checkpoint", "programme_90_days"),
            ("activity", "education"),
            ("living_in", ""),
        ])
        .await;
        assert_eq!(status.status, StatusCode::SEE_OTHER, "{:?}", status.body);
        let recorded = server.get(Caller::National, &register).await.body;
        assert_eq!(
            recorded["persons"][0]["programme"]["ended_on"],
            "2026-06-30"
        );
        assert_eq!(
            recorded["persons"][0]["statuses"][0]["living_in"],
            OWN_MUNICIPALITY
        );

        let xlsx = server
            .send(page_get(
                &format!("{page}?download=register&format=xlsx"),
                Some(&cookie),
            ))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert_eq!(
            xlsx.headers[axum::http::header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );

        // In Swedish, the page names the programme as Sweden does.
        let swedish = server
            .send(page_get(&page, Some(&format!("{cookie}; landa_lang=sv"))))
            .await;
        let html = swedish.body.as_str().unwrap();
        assert!(
            html.contains("Etableringsprogrammet") && html.contains("90 dagar efter programmet"),
            "{html}"
        );
        assert!(
            html.contains("Studier"),
            "the recorded activity in Swedish: {html}"
        );
    })
    .await;
}

/// Records, for a person newly settled in `municipality` (as `caller`), a programme that
/// ended in January and the status 90 days after it.
async fn record_outcome(server: &TestServer, caller: Caller, municipality: &str, activity: &str) {
    let (household, register) = settled_in(server, municipality, "2025-06-01").await;
    let person = format!("{register}/{household}-p1");
    let programme = json!({"decided_on": "2025-06-10", "started_on": "2025-07-01", "goal": "work",
                           "ended_on": "2026-01-31", "end_reason": "work"});
    let answer = put(server, caller, &format!("{person}/programme"), programme).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let status = json!({"activity": activity});
    let answer = put(
        server,
        caller,
        &format!("{person}/statuses/programme_90_days"),
        status,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn the_indicators_count_the_register_exactly_for_national_and_suppressed_for_the_region() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        // Falun: 6 of 7 in work or education 90 days after the programme; Borlänge: 5 of 5.
        for activity in [
            "work",
            "work",
            "education",
            "both",
            "work",
            "education",
            "neither",
        ] {
            record_outcome(&server, Caller::MunicipalityOwn, OWN_MUNICIPALITY, activity).await;
        }
        for _ in 0..5 {
            record_outcome(
                &server,
                Caller::MunicipalityOther,
                OTHER_MUNICIPALITY,
                "work",
            )
            .await;
        }
        let path = format!("/api/v1/scenarios/{SCENARIO}/integration-indicators");
        let row = |body: &Value, code: &str| -> Value {
            body["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["municipality"] == code)
                .cloned()
                .unwrap_or_else(|| panic!("no row {code}: {body}"))
        };

        // Sweden's measure by default: 90 days after the programme.
        let national = server.get(Caller::National, &path).await;
        assert_eq!(national.status, StatusCode::OK, "{}", national.body);
        assert_eq!(national.body["checkpoint"], "programme_90_days");
        assert_eq!(national.body["suppressed"], false);
        let falun = row(&national.body, OWN_MUNICIPALITY);
        assert_eq!(falun["all"]["persons"], 7);
        assert_eq!(falun["all"]["in_work_or_education"], 6);
        assert!((falun["all"]["share"].as_f64().unwrap() - 6.0 / 7.0).abs() < 1e-12);
        assert_eq!(falun["women"]["persons"], 7, "the test's persons are women");
        assert_eq!(falun["men"]["persons"], 0);
        assert_eq!(falun["still_living_there"], 7);
        let total = row(&national.body, "total");
        assert_eq!(total["all"]["persons"], 12);
        assert_eq!(total["all"]["in_work_or_education"], 11);

        // Another checkpoint has nothing recorded yet; a wrong one is refused at its name.
        let later = server
            .get(
                Caller::National,
                &format!("{path}?checkpoint=settled_2_years"),
            )
            .await;
        assert_eq!(row(&later.body, "total")["all"]["persons"], 0);
        let wrong = server
            .get(Caller::National, &format!("{path}?checkpoint=soon"))
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong.body["field"], "checkpoint");

        // The region sees its municipalities with the one person in neither hidden, and so
        // much else that it cannot be worked out.
        let region = server.get(Caller::RegionOwn, &path).await;
        assert_eq!(region.status, StatusCode::OK, "{}", region.body);
        assert_eq!(region.body["suppressed"], true);
        let falun = row(&region.body, OWN_MUNICIPALITY);
        assert_eq!(falun["all"]["share"], Value::Null, "{falun}");
        let shown: Vec<u64> = ["persons", "in_work_or_education"]
            .iter()
            .filter_map(|field| falun["all"][field].as_u64())
            .collect();
        assert!(
            !(shown.len() == 2 && shown[0] - shown[1] == 1),
            "persons minus those in work must not give the one away: {falun}"
        );
        assert_eq!(row(&region.body, OTHER_MUNICIPALITY)["all"]["persons"], 5);

        // The page shows the same, and downloads it for Excel.
        let (cookie, _) = server.session("region-own").await;
        let page = format!("/app/{SCENARIO}/integration");
        let shown = server.send(page_get(&page, Some(&cookie))).await;
        assert_eq!(shown.status, StatusCode::OK);
        let html = shown.body.as_str().unwrap();
        assert!(
            html.contains("&lt;5") && html.contains(r#"value="programme_90_days" selected"#),
            "{html}"
        );
        let csv = server
            .send(page_get(
                &format!("{page}?download=integration&format=csv"),
                Some(&cookie),
            ))
            .await;
        let csv = csv.body.as_str().unwrap();
        assert!(
            csv.lines()
                .any(|line| line.starts_with(OTHER_MUNICIPALITY) && line.contains(",5,5,")),
            "{csv}"
        );

        // A municipality sees itself only, exactly.
        let own = server.get(Caller::MunicipalityOwn, &path).await;
        let rows = own.body["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2, "the total and itself: {}", own.body);
        assert_eq!(
            row(&own.body, OWN_MUNICIPALITY)["all"]["in_work_or_education"],
            6
        );
    })
    .await;
}

#[tokio::test]
async fn a_register_file_is_recorded_whole_or_refused_with_every_problem_at_its_row() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (first, register) = settled_household(&server, "2025-06-01").await;
        let (second, _) = settled_household(&server, "2025-06-01").await;
        let (elsewhere, _) = settled_in(&server, OTHER_MUNICIPALITY, "2025-06-01").await;
        let upload = format!("/api/v1/scenarios/{SCENARIO}/register-files?name=register.csv");
        let header = "person_id;entry;decided_on;started_on;goal;ended_on;end_reason;checkpoint;activity;living_in";
        let send = |caller: Caller, body: String| {
            let (server, upload) = (&server, &upload);
            async move { server.call(caller, Method::POST, upload, Some(Value::String(body)), &[]).await }
        };

        // As Excel writes it in Sweden: semicolons, CRLF. Row 3 counts from the programme of
        // row 2; row 4 is a year after the programme (still ahead); row 5 is another
        // municipality's person; row 6 nobody; row 7 a date in the future.
        let bad = format!(
            "{header}\r\n\
             {first}-p1;programme;2025-06-10;2025-07-01;work;2026-01-31;work;;;\r\n\
             {first}-p1;status;;;;;;programme_90_days;work;\r\n\
             {first}-p1;status;;;;;;programme_1_year;work;\r\n\
             {elsewhere}-p1;status;;;;;;settled_1_year;work;\r\n\
             nobody;status;;;;;;settled_1_year;work;\r\n\
             {second}-p1;programme;2099-01-01;;education;;;;;\r\n"
        );
        let refused = send(Caller::MunicipalityOwn, bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert_eq!(refused.body["code"], "invalid_file");
        let places: Vec<(u64, &str)> = refused.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
            .collect();
        assert_eq!(
            places,
            [(4, "checkpoint"), (5, "person_id"), (6, "person_id"), (7, "decided_on")],
            "{}",
            refused.body
        );
        // Another municipality's person and nobody are refused in the same words.
        assert_eq!(
            refused.body["errors"][1]["message"].as_str().unwrap().replace(&format!("{elsewhere}-p1"), "X"),
            refused.body["errors"][2]["message"].as_str().unwrap().replace("nobody", "X"),
        );
        let nothing = server.get(Caller::National, &register).await;
        assert_eq!(nothing.body["persons"][0]["programme"], Value::Null, "nothing recorded");

        // National keeps no register: the file is refused whole.
        let good = format!(
            "{header}\r\n\
             {first}-p1;programme;2025-06-10;2025-07-01;work;2026-01-31;work;;;\r\n\
             {first}-p1;status;;;;;;programme_90_days;work;\r\n\
             {second}-p1;status;;;;;;settled_1_year;neither;{OTHER_MUNICIPALITY}\r\n"
        );
        assert_eq!(send(Caller::National, good.clone()).await.status, StatusCode::FORBIDDEN);
        let recorded = send(Caller::MunicipalityOwn, good).await;
        assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.body);
        assert_eq!(recorded.body["recorded"], 3);
        let stored = server.get(Caller::National, &register).await;
        assert_eq!(stored.body["persons"][0]["statuses"][0]["checkpoint"], "programme_90_days");

        // The indicators follow: Falun's one status at 90 days is in work.
        let indicators = server
            .get(Caller::MunicipalityOwn, &format!("/api/v1/scenarios/{SCENARIO}/integration-indicators"))
            .await;
        let falun = &indicators.body["rows"][1];
        assert_eq!((falun["all"]["persons"].as_u64(), falun["all"]["in_work_or_education"].as_u64()), (Some(1), Some(1)), "{}", indicators.body);
        let moved = server
            .get(Caller::MunicipalityOwn, &format!("/api/v1/scenarios/{SCENARIO}/integration-indicators?checkpoint=settled_1_year"))
            .await;
        assert_eq!(moved.body["rows"][1]["still_living_there"], 0, "the one settled a year ago moved on: {}", moved.body);

        // The page takes the same file, and shows a refused one's problems at the top.
        let (cookie, csrf) = server.session("municipality-own").await;
        let file = format!("{header}\r\nnobody;status;;;;;;settled_1_year;work;\r\n");
        let fields = serde_urlencoded::to_string([("csrf_token", csrf.as_str()), ("file", file.as_str())]).unwrap();
        let page = server
            .send(form_request(&format!("/app/{SCENARIO}/register-files"), Some(&cookie), &fields))
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = page.body.as_str().unwrap();
        assert!(html.contains("register.csv:2:person_id") && html.contains("error-summary"), "{html}");
    })
    .await;
}

#[tokio::test]
async fn an_agreement_bound_to_the_register_follows_what_the_municipality_records() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let agreement = json!({
            "id": "falun-integration", "title": "Lokal överenskommelse Falun: etablering",
            "kind": "local_development_agreement", "country": "se", "region": OWN_REGION,
            "valid_from": "2026-01-01", "valid_until": "2027-12-31",
            "parties": [{"id": "falun", "name": "Falu kommun", "kind": "municipality",
                         "municipality": OWN_MUNICIPALITY}],
            "themes": [{"id": "work", "name": "Vägen till arbete"}],
            "goals": [{"id": "work", "theme": "work", "owner": "falun",
                       "text": "Fler i arbete eller studier efter etableringsprogrammet"}],
            "indicators": [{"id": "work-share", "goal": "work",
                            "name": "Andel i arbete eller studier 90 dagar efter programmet",
                            "unit": "share", "target": 0.6, "target_date": "2027-12-31",
                            "computed": "share_in_work_or_education"}],
        });
        let created = server
            .call(
                Caller::RegionOwn,
                Method::PUT,
                "/api/v1/agreements/falun-integration",
                Some(json!({"agreement": agreement, "note": "signed"})),
                &[("if-match", "\"0\"")],
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let latest = || async {
            let follow_up = server
                .get(
                    Caller::MunicipalityOwn,
                    "/api/v1/agreements/falun-integration/follow-up",
                )
                .await;
            assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.body);
            follow_up.body["goals"][0]["indicators"][0]["latest"][1].as_f64()
        };
        assert_eq!(latest().await, None, "nothing recorded, nothing measured");

        for activity in ["work", "education", "neither", "neither"] {
            record_outcome(&server, Caller::MunicipalityOwn, OWN_MUNICIPALITY, activity).await;
        }
        // Borlänge is not a party: its statuses do not count.
        record_outcome(
            &server,
            Caller::MunicipalityOther,
            OTHER_MUNICIPALITY,
            "work",
        )
        .await;
        assert_eq!(latest().await, Some(0.5));
    })
    .await;
}
