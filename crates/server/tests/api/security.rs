//! Findings of the attacker's and operator's walk (issue 15), each reproduced: what every
//! response carries, changes from another site, an administrator trying to become national,
//! parallel password guessing, a flooded audit log, a refused change half-written, and a
//! client that never finishes its headers.

use crate::support::*;
use crate::web_authorization::{forms, page_request};
use axum::http::{header, StatusCode};
use landa_server::{AppState, ServerConfig};
use landa_testing::on_each_engine;
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn personal_data_is_never_cached_framed_or_sniffed() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let household = format!(
            "/api/v1/scenarios/{SCENARIO}/households/{}",
            server.household
        );
        for answer in [
            server.get(Caller::National, &household).await,
            server.get(Caller::Anonymous, &household).await,
        ] {
            for (name, value) in [
                ("cache-control", "no-store"),
                ("x-content-type-options", "nosniff"),
                ("x-frame-options", "DENY"),
            ] {
                assert_eq!(answer.headers[name], value, "{name} on {}", answer.status);
            }
            assert!(answer.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"));
        }
    })
    .await;
}

#[tokio::test]
async fn a_login_or_change_sent_from_another_site_is_refused() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let from = |origin: &'static str| {
            let mut request = login_request("national", PASSWORD);
            request
                .headers_mut()
                .insert(header::HOST, "landa.example".parse().unwrap());
            request
                .headers_mut()
                .insert(header::ORIGIN, origin.parse().unwrap());
            request
        };
        let cross = server.send(from("https://evil.example")).await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN, "{}", cross.body);
        assert!(
            !server
                .audit_entries()
                .await
                .iter()
                .any(|e| e.action == "login"),
            "no session was opened"
        );
        let same = server.send(from("https://landa.example")).await;
        assert_eq!(same.status, StatusCode::OK, "{}", same.body);
    })
    .await;
}

#[tokio::test]
async fn an_administrator_cannot_make_itself_or_anyone_national() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        for (role, country) in [("national", Some("SE")), ("administrator", None)] {
            let answer = server
                .post(
                    Caller::Administrator,
                    "/api/v1/accounts",
                    json!({"username": format!("new-{role}"), "display_name": "x",
                           "password": PASSWORD, "role": role, "country": country}),
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{role}: {}",
                answer.body
            );
            assert!(server
                .store
                .account(&format!("new-{role}"))
                .await
                .unwrap()
                .is_none());
        }
        // Nor issue a token acting as the national account.
        let token = server
            .post(
                Caller::Administrator,
                "/api/v1/accounts/national/tokens",
                json!({"label": "take over"}),
            )
            .await;
        assert_eq!(token.status, StatusCode::FORBIDDEN, "{}", token.body);
    })
    .await;
}

#[tokio::test]
async fn parallel_wrong_passwords_are_counted_one_by_one() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let attempts = (0..30).map(|_| server.send(login_request("national", "a wrong guess!!")));
        let answers = futures_util::future::join_all(attempts).await;
        let unauthorized = answers
            .iter()
            .filter(|a| a.status == StatusCode::UNAUTHORIZED)
            .count();
        let held = answers
            .iter()
            .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!(
            (unauthorized, held),
            (5, 25),
            "five guesses are checked, the rest held back"
        );
        // Held back for the account, from any address and any process sharing the store.
        let right = server.send(login_request("national", PASSWORD)).await;
        assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    })
    .await;
}

#[tokio::test]
async fn a_long_username_cannot_flood_the_audit_log() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let name = "x".repeat(200_000);
        let answer = server.send(login_request(&name, "whatever it is")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
        let entry = server
            .audit_entries()
            .await
            .into_iter()
            .find(|e| e.action == "login_failed")
            .expect("the failed login is audited");
        assert!(entry.actor.chars().count() <= landa_app::audit::MAX_AUDIT_TEXT + 1);
    })
    .await;
}

#[tokio::test]
async fn a_refused_dwelling_offer_stores_nothing() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let before = server.audit_entries().await.len();
        let answer = server
            .post(
                Caller::MunicipalityOwn,
                &format!("/api/v1/scenarios/{SCENARIO}/dwellings"),
                json!({"id": "half-written", "municipality": OWN_MUNICIPALITY, "beds": 2,
                       "available_from": "2026-04-01", "contract": "sublet",
                       "let_on": "the first of May"}),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            answer.body
        );
        assert_eq!(answer.body["field"], "let_on");
        assert!(server
            .store
            .dwelling(SCENARIO, "half-written")
            .await
            .is_err());
        assert_eq!(
            server.audit_entries().await.len(),
            before,
            "nothing written, so nothing audited"
        );
    })
    .await;
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let config = ServerConfig {
            header_read_timeout: Duration::from_millis(300),
            ..ServerConfig::default()
        };
        let state = AppState::start(server.store.clone(), config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(landa_server::serve(listener, state, std::future::pending()));
        let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
        slow.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        // The server closes the connection (answering 408 or nothing) instead of waiting;
        // the outer bound only keeps a broken server from hanging the test.
        tokio::time::timeout(Duration::from_secs(30), slow.read_to_end(&mut answer))
            .await
            .expect("the server hung up on the slow client")
            .ok();
        let text = String::from_utf8_lossy(&answer);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 408"),
            "{text}"
        );
        // A prompt client is served as usual.
        let mut prompt = tokio::net::TcpStream::connect(address).await.unwrap();
        prompt
            .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        prompt.read_to_end(&mut answer).await.unwrap();
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    })
    .await;
}

#[tokio::test]
async fn the_nul_character_is_refused_alike_on_both_engines() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let own: landa_model::MunicipalityCode = OWN_MUNICIPALITY.parse().unwrap();
        let before = server.store.decision_history(SCENARIO, &own).await.unwrap();
        let decisions =
            format!("/api/v1/scenarios/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/decisions");
        let in_body = server
            .post(
                Caller::National,
                &decisions,
                json!({"persons": 3, "registration_number": "KS 2026/\u{0}1"}),
            )
            .await;
        assert_eq!(in_body.status, StatusCode::BAD_REQUEST, "{}", in_body.body);
        assert_eq!(in_body.body["code"], "nul_character");
        let in_path = server
            .get(
                Caller::National,
                &format!("/api/v1/scenarios/{SCENARIO}%00/dwellings"),
            )
            .await;
        assert_eq!(in_path.status, StatusCode::BAD_REQUEST, "{}", in_path.body);
        assert_eq!(
            server.store.decision_history(SCENARIO, &own).await.unwrap(),
            before
        );
    })
    .await;
}

#[tokio::test]
async fn the_decision_form_does_not_overwrite_a_decision_registered_meanwhile() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (cookie, csrf) = server.session("municipality-own").await;
        let own: landa_model::MunicipalityCode = OWN_MUNICIPALITY.parse().unwrap();
        let read_at = server
            .store
            .decision_history(SCENARIO, &own)
            .await
            .unwrap()
            .iter()
            .map(|v| v.version)
            .max()
            .unwrap_or(0);
        let form = |persons: u32| {
            axum::http::Request::builder()
                .method(axum::http::Method::POST)
                .uri(format!("/app/{SCENARIO}/municipalities/{OWN_MUNICIPALITY}/decision"))
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(axum::body::Body::from(format!(
                    "csrf_token={csrf}&persons={persons}&unaccompanied_minors=0&body=municipal_council\
                     &decided_on=2026-02-01&registration_number=KS-1&version={read_at}"
                )))
                .unwrap()
        };
        // A colleague registers first; the form read before that is refused, not applied.
        assert!(server.send(form(20)).await.status.is_redirection());
        let stale = server.send(form(30)).await;
        assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
        let history = server.store.decision_history(SCENARIO, &own).await.unwrap();
        assert_eq!(history.last().unwrap().decision.persons, 20);
        assert_eq!(history.last().unwrap().version, read_at + 1);
    })
    .await;
}

#[tokio::test]
async fn a_refused_read_of_personal_data_leaves_a_trace() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        for caller in [
            Caller::RegionOwn,
            Caller::Partner,
            Caller::MunicipalityNorway,
        ] {
            let answer = server
                .get(caller, &format!("/api/v1/scenarios/{SCENARIO}/households"))
                .await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{caller:?}");
            let username = caller.username().unwrap();
            assert!(
                server
                    .audit_entries()
                    .await
                    .iter()
                    .any(|e| e.action == "refused" && e.actor == username),
                "{caller:?}'s refused read is in the audit log"
            );
        }
    })
    .await;
}

/// Every form of the web pages that changes something (the web router's, so a new form
/// cannot be left out), sent by a caller that may, with fields that would pass.
#[tokio::test]
async fn every_web_form_refuses_a_missing_or_wrong_csrf_token_and_writes_nothing() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        // The callers' changes only: the placement worker ends the job that the control
        // of the run form queued whenever it is done, maybe while a later form is tried.
        let changes = |entries: Vec<landa_store::AuditEntry>| {
            entries
                .into_iter()
                .filter(|e| e.role != "system")
                .filter(|e| !matches!(e.action.as_str(), "read" | "login" | "refused"))
                .count()
        };
        for (template, caller) in forms() {
            let (path, fields) = page_request(&server, template).await;
            let (cookie, csrf) = server.session(caller.username().unwrap()).await;
            let before = changes(server.audit_entries().await);
            for token in [None, Some("0123456789abcdef")] {
                let body = match token {
                    Some(token) => format!("csrf_token={token}&{fields}"),
                    None => fields.clone(),
                };
                let answer = server.send(form_request(&path, Some(&cookie), &body)).await;
                assert!(
                    answer.status.is_client_error(),
                    "POST {path} with csrf {token:?}: {}",
                    answer.status
                );
                assert_eq!(
                    changes(server.audit_entries().await),
                    before,
                    "POST {path} with csrf {token:?} changed something"
                );
            }
            // The control: the same form with the session's own token is carried out, so
            // the refusals above were the token's doing.
            let body = format!("csrf_token={csrf}&{fields}");
            let answer = server.send(form_request(&path, Some(&cookie), &body)).await;
            assert!(
                answer.status.is_redirection() || answer.status.is_success(),
                "POST {path} with the right token: {} {}",
                answer.status,
                answer.body
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_refused_agreement_change_does_not_tell_that_the_agreement_exists() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        let (existing, version) = server.store.agreement(AGREEMENT, None).await.unwrap();
        let absent = "no-such-agreement";
        // Callers that keep agreements of their own, each sending Vägen in as theirs.
        for (caller, country, region) in [
            (Caller::RegionOther, "se", Some(OTHER_REGION)),
            (Caller::NationalNorway, "no", None),
        ] {
            let put = |id: &'static str| {
                let mut agreement = existing.clone();
                agreement.id = id.to_owned();
                agreement.country = country.to_owned();
                agreement.region = region.map(str::to_owned);
                let if_match = format!("\"{version}\"");
                let server = &server;
                async move {
                    let answer = server
                        .call(
                            caller,
                            axum::http::Method::PUT,
                            &format!("/api/v1/agreements/{id}"),
                            Some(json!({"agreement": agreement, "note": "ours now"})),
                            &[("if-match", if_match.as_str())],
                        )
                        .await;
                    // The message names the id the caller sent, nothing else.
                    (answer.status, answer.body.to_string().replace(id, "{id}"))
                }
            };
            let hidden = put(AGREEMENT).await;
            assert_eq!(hidden.0, StatusCode::NOT_FOUND, "{caller:?}: {}", hidden.1);
            assert_eq!(hidden, put(absent).await, "{caller:?}");

            // The page's form alike.
            let (cookie, csrf) = server.session(caller.username().unwrap()).await;
            let post = |id: &'static str| {
                let fields = format!(
                    "csrf_token={csrf}&entry=lesson&version={version}&date=2026-01-10&what_happened=x&learned=y"
                );
                let request = form_request(&format!("/app/agreements/{id}"), Some(&cookie), &fields);
                let server = &server;
                async move {
                    let answer = server.send(request).await;
                    (answer.status, answer.body)
                }
            };
            let hidden = post(AGREEMENT).await;
            assert_eq!(hidden.0, StatusCode::NOT_FOUND, "{caller:?}");
            assert_eq!(hidden, post(absent).await, "{caller:?}");
        }
        assert_eq!(
            server.store.agreement_versions(AGREEMENT).await.unwrap().len(),
            1
        );
        assert!(server.store.agreement(absent, None).await.is_err());
    })
    .await;
}
