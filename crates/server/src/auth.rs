//! Who is asking: a browser session (cookie plus CSRF header on changes) or an API token
//! (`Authorization: Bearer`), resolved to an account and its role. The secrets' hashing
//! and the login limit are the application core's (`landa_app::credentials`, `accounts`).

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::request_id::RequestId;
use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
pub use landa_app::credentials::digest;
use landa_app::Origin;
pub use landa_app::Principal;
use std::net::SocketAddr;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "landa_session";
/// Header a browser session must send, with the token from login, on every change.
pub const CSRF_HEADER: &str = "x-csrf-token";

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Principal> {
        if let Some(token) = bearer_token(parts)? {
            let account = state
                .store
                .account_by_token(&digest(token))
                .await?
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        ErrorCode::Unauthenticated,
                        "the API token is unknown, revoked, or its account is disabled",
                    )
                })?;
            return Ok(Principal::account(
                account.username,
                account.role,
                origin(parts),
            ));
        }
        if cookie(&parts.headers, SESSION_COOKIE).is_none() {
            return Err(ApiError::unauthenticated());
        }
        let (principal, csrf_token) = session_of(state, parts).await?.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated,
                "the session has expired or ended; log in again",
            )
        })?;
        // Cookies ride along on cross-site requests; the CSRF token does not.
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|value| value.to_str().ok());
            if sent != Some(csrf_token.as_str()) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::Csrf,
                    "changes from a browser session need the X-CSRF-Token header given at login",
                ));
            }
        }
        Ok(principal)
    }
}

/// The principal of the live session whose cookie the request sent, with the session's
/// CSRF token; `None` without a cookie or when the session ended. Checks no CSRF token:
/// that is the caller's part (a header for the API, a form field for web pages).
pub(crate) async fn session_of(
    state: &AppState,
    parts: &Parts,
) -> ApiResult<Option<(Principal, String)>> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(state.store.session(&digest(token)).await?.map(|session| {
        (
            Principal::account(
                session.account.username,
                session.account.role,
                origin(parts),
            ),
            session.csrf_token,
        )
    }))
}

fn bearer_token(parts: &Parts) -> ApiResult<Option<&str>> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.strip_prefix("Bearer "))
        .map(|token| Some(token.trim()))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated,
                "the Authorization header must be 'Bearer <token>'",
            )
        })
}

/// The value of the cookie `name`, if the request sent it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Where the request came from: the client's address where the server knows it (not in
/// in-process tests) and the request's id.
fn origin(parts: &Parts) -> Origin {
    Origin {
        remote: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string()),
        request_id: parts
            .extensions
            .get::<RequestId>()
            .map(|id| id.as_str().to_owned()),
    }
}

/// The request's origin, for a handler that has no principal yet (a login).
pub struct RequestOrigin(pub Origin);

impl<S: Send + Sync> FromRequestParts<S> for RequestOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestOrigin(origin(parts)))
    }
}
