//! Logging in and out, and who am I.

use crate::audit::{self, Action};
use crate::auth::{self, Principal, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The caller: account, role and jurisdiction.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    /// national, region, municipality, partner or administrator.
    pub role: String,
    /// Region or municipality code, or partner name.
    pub jurisdiction: Option<String>,
}

impl From<&Principal> for Me {
    fn from(principal: &Principal) -> Me {
        Me {
            username: principal.username.clone(),
            role: principal.role.kind().to_owned(),
            jurisdiction: principal.role.jurisdiction().map(str::to_owned),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    #[serde(flatten)]
    pub me: Me,
    /// Send as the X-CSRF-Token header on every change made with the session cookie.
    pub csrf_token: String,
}

/// Log in with username and password: sets the HttpOnly session cookie and returns the
/// CSRF token. Five failures for one account from one address lock it for 15 minutes.
#[utoipa::path(post, path = "/auth/login", tag = "accounts", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = crate::ErrorBody),
              (status = 429, body = crate::ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    auth::ClientAddress(address): auth::ClientAddress,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> ApiResult<Response> {
    let opened = open_session(&state, &request.username, &request.password, address).await?;
    let mut response = axum::Json(LoginResponse {
        me: Me::from(&opened.principal),
        csrf_token: opened.csrf_token.clone(),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, opened.cookie(&state, &headers)?);
    Ok(response)
}

/// A session just opened: who, its secret token (for the cookie) and its CSRF token.
pub(crate) struct OpenedSession {
    pub principal: Principal,
    token: String,
    pub csrf_token: String,
}

impl OpenedSession {
    /// The Set-Cookie value: HttpOnly, SameSite=Strict, and Secure when configured or
    /// when a TLS-terminating proxy says the client used HTTPS.
    pub fn cookie(&self, state: &AppState, headers: &HeaderMap) -> ApiResult<HeaderValue> {
        let secure = state.config.secure_cookies
            || headers
                .get("x-forwarded-proto")
                .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
        let cookie = format!(
            "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
            self.token,
            state.config.session_lifetime.as_secs(),
            if secure { "; Secure" } else { "" }
        );
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)
    }
}

/// Checks a username and password (held back after repeated failures) and opens a
/// session; every attempt is audited.
pub(crate) async fn open_session(
    state: &AppState,
    username: &str,
    password: &str,
    address: Option<IpAddr>,
) -> ApiResult<OpenedSession> {
    let remote = address.map(|a| a.to_string());
    if let Some(wait) = state.limiter.wait(username, address) {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "too many failed logins; try again in {} minutes",
                wait.as_secs().div_ceil(60)
            ),
        );
        error.retry_after = Some(wait.as_secs().max(1));
        return Err(error);
    }
    let account = state.store.account(username).await?;
    let verified = match &account {
        Some(account) if !account.disabled => {
            let hash = account.password_hash.clone();
            let password = password.to_owned();
            tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
                .await
                .map_err(ApiError::internal)?
        }
        _ => false,
    };
    let Some(account) = account.filter(|_| verified) else {
        state.limiter.record_failure(username, address);
        audit::record_as(
            state,
            username,
            "unknown",
            remote,
            Action::LoginFailed,
            "/api/v1/auth/login",
            "wrong username or password, or account disabled",
        )
        .await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "wrong username or password",
        ));
    };
    state.limiter.clear(username, address);
    let token = auth::random_secret();
    let csrf_token = auth::random_secret();
    let expires = chrono::Utc::now()
        + chrono::Duration::from_std(state.config.session_lifetime).map_err(ApiError::internal)?;
    state
        .store
        .create_session(account.id, &auth::digest(&token), &csrf_token, expires)
        .await?;
    let principal = Principal {
        username: account.username.clone(),
        role: account.role.clone(),
        remote,
    };
    audit::record(
        state,
        &principal,
        Action::Login,
        "/api/v1/auth/login",
        "session started",
    )
    .await?;
    Ok(OpenedSession {
        principal,
        token,
        csrf_token,
    })
}

/// End the session of the cookie sent.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts",
    responses((status = 204), (status = 401, body = crate::ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(token) = auth::cookie(&headers, SESSION_COOKIE) {
        state.store.end_session(&auth::digest(token)).await?;
    }
    audit::record(
        &state,
        &principal,
        Action::Logout,
        "/api/v1/auth/logout",
        "session ended",
    )
    .await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("landa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}

/// Ends the session whose cookie `headers` carry, and records it.
pub(crate) async fn close_session(
    state: &AppState,
    principal: &Principal,
    headers: &HeaderMap,
) -> ApiResult<()> {
    if let Some(token) = auth::cookie(headers, SESSION_COOKIE) {
        state.store.end_session(&auth::digest(token)).await?;
    }
    audit::record(
        state,
        principal,
        Action::Logout,
        "/api/v1/auth/logout",
        "session ended",
    )
    .await
}

/// Who the caller is.
#[utoipa::path(get, path = "/auth/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = crate::ErrorBody)))]
pub async fn me(principal: Principal) -> axum::Json<Me> {
    axum::Json(Me::from(&principal))
}
