//! Browser sessions: the CSRF token for changes, logout, the login limit, and the
//! session cookie behind a TLS proxy.

use super::with_cookie;
use crate::support::*;
use axum::http::{header, Method, StatusCode};
use landa_testing::on_each_engine;
use serde_json::json;

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
