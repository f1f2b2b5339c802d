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
