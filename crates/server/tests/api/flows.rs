//! Whole flows through the API: sessions with CSRF, login limits, concurrent edits,
//! audited personal data, a placement run from start to approval, public suppression.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use landa_testing::on_each_engine;
use serde_json::{json, Value};
use std::time::Duration;

fn with_cookie(
    method: Method,
    uri: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, cookie);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap()
}

#[tokio::test]
async fn a_browser_session_needs_its_csrf_token_for_changes_and_ends_at_logout() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let login = server.send(login_request("municipality-own", PASSWORD)).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.body);
        let set_cookie = login.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(set_cookie.contains(attribute), "{set_cookie}");
        }
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        let csrf = login.body["csrf_token"].as_str().unwrap().to_owned();
        let me = server.send(with_cookie(Method::GET, "/api/v1/auth/me", &cookie, None, None)).await;
        assert_eq!(me.body["jurisdiction"], OWN_MUNICIPALITY);

        let uri = format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/decisions");
        let decision = json!({"persons": 40, "unaccompanied_minors": 4, "body": "municipal_council", "decided_on": "2026-03-02", "registration_number": "KS 2026/17"});
        let forged = server.send(with_cookie(Method::POST, &uri, &cookie, None, Some(decision.clone()))).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(forged.body["code"], "csrf");
        let wrong = server.send(with_cookie(Method::POST, &uri, &cookie, Some("guess"), Some(decision.clone()))).await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        let recorded = server.send(with_cookie(Method::POST, &uri, &cookie, Some(&csrf), Some(decision))).await;
        assert_eq!(recorded.status, StatusCode::CREATED, "{}", recorded.body);
        assert_eq!(recorded.body["recorded_by"], "municipality-own");

        let logout = server.send(with_cookie(Method::POST, "/api/v1/auth/logout", &cookie, Some(&csrf), None)).await;
        assert_eq!(logout.status, StatusCode::NO_CONTENT);
        let after = server.send(with_cookie(Method::GET, "/api/v1/auth/me", &cookie, None, None)).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);

        let actions: Vec<String> = server.audit_entries().await.into_iter().map(|e| e.action).collect();
        for action in ["login", "create", "logout"] {
            assert!(actions.iter().any(|a| a == action), "{action} is audited: {actions:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn repeated_failed_logins_are_held_back_and_audited() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        for _ in 0..5 {
            let answer = server
                .send(login_request("national", "not the password"))
                .await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        }
        let held = server.send(login_request("national", PASSWORD)).await;
        assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "{}", held.body);
        assert!(held.headers.contains_key(header::RETRY_AFTER));
        let other = server.send(login_request("partner", PASSWORD)).await;
        assert_eq!(
            other.status,
            StatusCode::OK,
            "another account is not held back"
        );
        let failed = server
            .audit_entries()
            .await
            .into_iter()
            .filter(|e| e.action == "login_failed" && e.actor == "national")
            .count();
        assert_eq!(failed, 5);
        let refused = server
            .audit_entries()
            .await
            .into_iter()
            .filter(|e| e.action == "refused" && e.actor == "national")
            .count();
        assert_eq!(refused, 1, "the held-back attempt is audited too");
    })
    .await;
}

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

#[tokio::test]
async fn personal_data_is_scoped_to_its_municipality_and_every_read_is_audited() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let household = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}",
            server.household
        );
        let own = server.get(Caller::MunicipalityOwn, &household).await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        assert_eq!(own.body["proposed_to"], OWN_MUNICIPALITY);
        assert!(!own.body["persons"].as_array().unwrap().is_empty());
        let other = server.get(Caller::MunicipalityOther, &household).await;
        assert_eq!(
            other.status,
            StatusCode::NOT_FOUND,
            "another municipality cannot tell it exists"
        );
        let list = server
            .get(
                Caller::MunicipalityOther,
                &format!("/api/v1/scenarios/{SCENARIO}/households"),
            )
            .await;
        assert_eq!(list.body["total"], 0);
        let region = server.get(Caller::RegionOwn, &household).await;
        assert_eq!(region.status, StatusCode::FORBIDDEN);
        let counts = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/households/counts"),
            )
            .await;
        assert_eq!(counts.body[0]["municipality"], OWN_MUNICIPALITY);
        assert_eq!(counts.body[0]["proposed_households"], 1);
        let admin = server.get(Caller::Administrator, &household).await;
        assert_eq!(
            admin.status,
            StatusCode::FORBIDDEN,
            "administrators see no personal data"
        );

        let reads: Vec<_> = server
            .audit_entries()
            .await
            .into_iter()
            .filter(|e| e.action == "read")
            .collect();
        assert!(reads
            .iter()
            .any(|e| e.actor == "municipality-own" && e.resource.ends_with(&server.household)));
        assert!(reads
            .iter()
            .any(|e| e.actor == "municipality-other" && e.detail.starts_with("listed 0")));

        let csv = server
            .get(Caller::Administrator, "/api/v1/audit?format=csv")
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        let text = csv.body.as_str().unwrap();
        assert!(
            text.starts_with("at,actor,role,action,resource,detail,remote"),
            "{text}"
        );
        assert!(text.contains("municipality-own"));
    })
    .await;
}

#[tokio::test]
async fn a_placement_run_goes_from_start_to_approval_and_municipalities_see_their_households() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let runs = format!("/api/v1/scenarios/{SCENARIO}/placement-runs");
        let started = server
            .post(
                Caller::National,
                &runs,
                json!({"method": "optimal", "time_limit_seconds": 2}),
            )
            .await;
        assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
        let id = started.body["id"].as_i64().unwrap();
        let run = format!("{runs}/{id}");
        let mut status = Value::Null;
        for _ in 0..600 {
            status = server.get(Caller::National, &run).await.body;
            if status["status"] == "done" || status["status"] == "failed" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(status["status"], "done", "{status}");
        let objective = status["objective"].as_f64().unwrap();
        let bound = status["bound"].as_f64().unwrap();
        assert!(
            objective <= bound + 1e-6 && status["gap"].as_f64().unwrap() >= 0.0,
            "{status}"
        );

        let placements = server
            .get(Caller::National, &format!("{run}/placements?limit=1000"))
            .await;
        let items = placements.body["items"].as_array().unwrap().clone();
        assert_eq!(
            placements.body["total"].as_u64().unwrap() as usize,
            items.len()
        );
        // Each placed household's explanation names where it went, best value first, and
        // every other alternative says whether it would have fitted or what blocked it.
        for placement in items.iter().take(5) {
            let household = placement["household"].as_str().unwrap();
            let why = server
                .get(Caller::National, &format!("{run}/explanations/{household}"))
                .await;
            assert_eq!(why.status, StatusCode::OK, "{}", why.body);
            assert_eq!(why.body["placed_in"], placement["municipality"]);
            let alternatives = why.body["alternatives"].as_array().unwrap();
            let values: Vec<f64> = alternatives
                .iter()
                .map(|a| a["value"].as_f64().unwrap())
                .collect();
            assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
            for alternative in alternatives {
                match alternative["standing"].as_str().unwrap() {
                    "blocked" => assert!(!alternative["detail"].as_str().unwrap().is_empty()),
                    "placed" | "fits" => assert_eq!(alternative["detail"], ""),
                    other => panic!("unknown standing {other}"),
                }
            }
        }
        let nobody = server
            .get(
                Caller::National,
                &format!("{run}/explanations/no-such-household"),
            )
            .await;
        assert_eq!(nobody.status, StatusCode::NOT_FOUND);
        assert!(server
            .audit_entries()
            .await
            .iter()
            .any(|e| e.resource.contains("/explanations/") && e.actor == "national"));

        let approved = server
            .post(Caller::National, &format!("{run}/approve"), json!({}))
            .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        assert_eq!(approved.body["approved_by"], "national");
        let again = server
            .post(Caller::National, &format!("{run}/approve"), json!({}))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);

        // Each municipality now sees exactly the households placed in it.
        let falun: Vec<&Value> = items
            .iter()
            .filter(|p| p["municipality"] == OWN_MUNICIPALITY)
            .collect();
        let seen = server
            .get(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/households?limit=1000"),
            )
            .await;
        let placed_in_falun = seen.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["placed_in"] == OWN_MUNICIPALITY)
            .count();
        assert_eq!(placed_in_falun, falun.len());
        let dashboard = server
            .get(
                Caller::MunicipalityOwn,
                &format!(
                    "/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/dashboard"
                ),
            )
            .await;
        let placed_persons: u64 = seen.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["placed_in"] == OWN_MUNICIPALITY)
            .map(|h| h["persons"].as_array().unwrap().len() as u64)
            .sum();
        assert_eq!(dashboard.body["placed"].as_u64().unwrap(), placed_persons);
    })
    .await;
}

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

#[tokio::test]
async fn behind_a_tls_proxy_the_session_cookie_is_secure() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let plain = server.send(login_request("partner", PASSWORD)).await;
        let plain_cookie = plain.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!plain_cookie.contains("Secure"), "{plain_cookie}");
        let mut request = login_request("partner", PASSWORD);
        request
            .headers_mut()
            .insert("x-forwarded-proto", "https".parse().unwrap());
        let proxied = server.send(request).await;
        let cookie = proxied.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.contains("; Secure"), "{cookie}");
    })
    .await;
}

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

/// Queues a job and claims it as `times` workers that died at once (their leases already
/// expired), on a store no server runs on yet.
async fn a_job_whose_workers_died(store: &landa_store::Store, times: u32) -> i64 {
    let entry = landa_store::AuditEntry {
        at: chrono::Utc::now(),
        actor: "national".to_owned(),
        role: "national".to_owned(),
        action: "create".to_owned(),
        resource: format!("/api/v1/scenarios/{SCENARIO}/placement-runs"),
        detail: String::new(),
        remote: None,
    };
    let job = store
        .queue_placement_job(SCENARIO, "greedy", 1_000, "national", &entry)
        .await
        .unwrap();
    for attempt in 1..=times {
        let dead = format!("dead-worker-{attempt}");
        let claimed = store
            .claim_placement_job(&dead, Duration::ZERO)
            .await
            .unwrap()
            .expect("the job");
        assert_eq!(claimed.attempts, attempt);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    job.id
}

/// Waits until the job has ended, at most a minute.
async fn ended(store: &landa_store::Store, id: i64) -> landa_store::PlacementJob {
    for _ in 0..600 {
        let job = store.placement_job(id).await.unwrap();
        if matches!(
            job.status,
            landa_store::JobStatus::Done | landa_store::JobStatus::Failed
        ) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("placement job {id} did not end within a minute");
}

#[tokio::test]
async fn a_job_left_running_by_a_dead_worker_is_run_by_the_next_server() {
    on_each_engine(|location| async move {
        let (store, _) = seeded_store(&location).await;
        // Claimed and left running, as by a server killed mid-run.
        let job = a_job_whose_workers_died(&store, 1).await;
        let _state = landa_server::AppState::start(store.clone(), Default::default());
        let job = ended(&store, job).await;
        assert_eq!(
            job.status,
            landa_store::JobStatus::Done,
            "{:?}",
            job.message
        );
        assert_eq!(job.attempts, 2);
        assert_ne!(job.claimed_by.as_deref(), Some("dead-worker-1"));
        let completions: Vec<_> = store
            .audit_entries(Some("placement-worker"), 100, 0)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.resource.ends_with(&format!("/placement-runs/{}", job.id)))
            .collect();
        assert_eq!(completions.len(), 1, "{completions:?}");
        assert_eq!(completions[0].role, "system");
        assert!(
            completions[0].detail.starts_with("done: placed"),
            "{completions:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_job_whose_workers_keep_dying_ends_failed_after_three_attempts() {
    on_each_engine(|location| async move {
        let (store, _) = seeded_store(&location).await;
        let job = a_job_whose_workers_died(&store, 3).await;
        let _state = landa_server::AppState::start(store.clone(), Default::default());
        let job = ended(&store, job).await;
        assert_eq!(job.status, landa_store::JobStatus::Failed);
        assert!(
            job.message
                .as_deref()
                .unwrap_or_default()
                .contains("3 attempts"),
            "{:?}",
            job.message
        );
        assert!(job.result.is_none());
    })
    .await;
}

#[tokio::test]
async fn a_municipality_answers_for_its_households_and_national_sees_the_questions() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let uri = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}/response",
            server.household
        );
        let silent = server
            .post(
                Caller::MunicipalityOwn,
                &uri,
                json!({"response": "questioned"}),
            )
            .await;
        assert_eq!(silent.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(silent.body["field"], "comment");
        let other = server
            .post(
                Caller::MunicipalityOther,
                &uri,
                json!({"response": "accepted"}),
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "not its household");
        let questioned = server
            .post(
                Caller::MunicipalityOwn,
                &uri,
                json!({"response": "questioned", "comment": "no accessible dwelling yet"}),
            )
            .await;
        assert_eq!(
            questioned.status,
            StatusCode::CREATED,
            "{}",
            questioned.body
        );
        let accepted = server
            .post(
                Caller::MunicipalityOwn,
                &uri,
                json!({"response": "accepted", "comment": "dwelling found"}),
            )
            .await;
        assert_eq!(accepted.status, StatusCode::CREATED);
        let seen = server
            .get(
                Caller::National,
                &format!("/api/v1/scenarios/{SCENARIO}/placement-responses"),
            )
            .await;
        let answers = seen.body.as_array().unwrap();
        assert_eq!(answers.len(), 1, "the latest answer counts: {}", seen.body);
        assert_eq!(answers[0]["response"], "accepted");
        assert_eq!(answers[0]["responded_by"], "municipality-own");
        let region = server
            .get(
                Caller::RegionOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/placement-responses"),
            )
            .await;
        assert_eq!(
            region.status,
            StatusCode::FORBIDDEN,
            "answers speak of households"
        );
    })
    .await;
}

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

#[tokio::test]
async fn a_disabled_account_is_shut_out_at_once_and_can_be_enabled_again() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let tokens_of_spare = format!("/api/v1/accounts/{SPARE_ACCOUNT}/tokens");
        // Nobody issues a token that acts as someone else, not even an administrator.
        let as_admin = server
            .post(
                Caller::Administrator,
                &tokens_of_spare,
                json!({"label": "flow"}),
            )
            .await;
        assert_eq!(as_admin.status, StatusCode::FORBIDDEN, "{}", as_admin.body);
        // The holder issues its own, logged in as itself.
        let (cookie, csrf) = server.session(SPARE_ACCOUNT).await;
        let issued = server
            .send(
                Request::builder()
                    .method(Method::POST)
                    .uri(&tokens_of_spare)
                    .header(header::COOKIE, &cookie)
                    .header("x-csrf-token", &csrf)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(json!({"label": "flow"}).to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
        let token = issued.body["token"].as_str().unwrap().to_owned();
        let me = |token: String| {
            Request::builder()
                .uri("/api/v1/auth/me")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap()
        };
        assert_eq!(server.send(me(token.clone())).await.status, StatusCode::OK);

        let disable = format!("/api/v1/accounts/{SPARE_ACCOUNT}/disable");
        let answer = server
            .call(Caller::Administrator, Method::POST, &disable, None, &[])
            .await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.body);
        assert_eq!(
            server.send(me(token.clone())).await.status,
            StatusCode::UNAUTHORIZED
        );
        let login = server.send(login_request(SPARE_ACCOUNT, PASSWORD)).await;
        assert_eq!(login.status, StatusCode::UNAUTHORIZED);

        // An administrator cannot lock themselves out.
        let own = server
            .call(
                Caller::Administrator,
                Method::POST,
                "/api/v1/accounts/admin/disable",
                None,
                &[],
            )
            .await;
        assert_eq!(own.status, StatusCode::CONFLICT, "{}", own.body);

        let enable = format!("/api/v1/accounts/{SPARE_ACCOUNT}/enable");
        let answer = server
            .call(Caller::Administrator, Method::POST, &enable, None, &[])
            .await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT);
        let login = server.send(login_request(SPARE_ACCOUNT, PASSWORD)).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.body);
        assert_eq!(
            server.send(me(token.clone())).await.status,
            StatusCode::UNAUTHORIZED,
            "enabling an account again revives none of its old API tokens"
        );
        let details: Vec<String> = server
            .audit_entries()
            .await
            .into_iter()
            .filter(|e| e.resource.ends_with(&format!("/accounts/{SPARE_ACCOUNT}")))
            .map(|e| e.detail)
            .collect();
        assert!(
            details.iter().any(|d| d.starts_with("disabled"))
                && details.contains(&"enabled".to_owned()),
            "{details:?}"
        );
    })
    .await;
}

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

/// A form posted from a browser session (its cookie; the CSRF token travels in the form).
fn form_post(uri: &str, cookie: &str, fields: &[(&str, &str)]) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap()
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
