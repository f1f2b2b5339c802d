//! A disabled account is shut out at once and can be enabled again.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use landa_testing::on_each_engine;
use serde_json::json;

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

/// An account is made only for a place the country's planning years know, and linked to
/// the identity its holder logs in with at their organisation's provider; each refusal
/// names its field and changes nothing.
#[tokio::test]
async fn accounts_name_places_that_exist_and_link_one_identity_each() {
    on_each_engine(|location| async move {
        let server = TestServer::start(location).await;
        for (role, jurisdiction, what) in [
            (
                "municipality",
                "9999",
                "no municipality 9999 in SE's planning years",
            ),
            ("region", "99", "no region 99 in SE's planning years"),
        ] {
            let answer = server
                .post(
                    Caller::Administrator,
                    "/api/v1/accounts",
                    json!({"username": "new-place", "display_name": "Nowhere",
                           "password": PASSWORD, "role": role, "country": "SE",
                           "jurisdiction": jurisdiction}),
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                answer.body
            );
            assert_eq!(answer.body["field"], "jurisdiction");
            assert!(
                answer.body["message"].as_str().unwrap().starts_with(what),
                "{}",
                answer.body
            );
            assert!(server.store.account("new-place").await.unwrap().is_none());
        }

        let link = |username: &str, subject: serde_json::Value| {
            let path = format!("/api/v1/accounts/{username}/sso");
            let server = &server;
            async move {
                server
                    .call(
                        Caller::Administrator,
                        Method::PUT,
                        &path,
                        Some(json!({ "subject": subject })),
                        &[],
                    )
                    .await
            }
        };
        let linked = link(SPARE_ACCOUNT, json!("anna.lind@falun.se")).await;
        assert_eq!(linked.status, StatusCode::NO_CONTENT, "{}", linked.body);
        // One account an identity: another account cannot take it.
        let taken = link("municipality-own", json!("anna.lind@falun.se")).await;
        assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);
        let blank = link("municipality-own", json!("  ")).await;
        assert_eq!(
            blank.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            blank.body
        );
        assert_eq!(blank.body["field"], "subject");
        let nobody = link("nobody", json!("x@falun.se")).await;
        assert_eq!(nobody.status, StatusCode::NOT_FOUND, "{}", nobody.body);
        assert_eq!(
            server.store.sso_identities().await.unwrap(),
            vec![(SPARE_ACCOUNT.to_owned(), "anna.lind@falun.se".to_owned())]
        );
        let account = server
            .store
            .account_by_sso_subject("anna.lind@falun.se")
            .await
            .unwrap()
            .expect("the linked account");
        assert_eq!(account.username, SPARE_ACCOUNT);
        // Unlinked, the identity names no account any more.
        let unlinked = link(SPARE_ACCOUNT, serde_json::Value::Null).await;
        assert_eq!(unlinked.status, StatusCode::NO_CONTENT, "{}", unlinked.body);
        assert!(server.store.sso_identities().await.unwrap().is_empty());
    })
    .await;
}
