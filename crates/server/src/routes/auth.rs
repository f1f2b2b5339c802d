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
    let remote = address.map(|a| a.to_string());
    if let Some(wait) = state.limiter.wait(&request.username, address) {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "too many failed logins; try again in {} minutes",
                wait.as_secs().div_ceil(60)
            ),
        )
        .into_response();
        error.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(wait.as_secs().max(1)),
        );
        return Ok(error);
    }
    let account = state.store.account(&request.username).await?;
    let password = request.password.clone();
    let verified = match &account {
        Some(account) if !account.disabled => {
            let hash = account.password_hash.clone();
            tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
                .await
                .map_err(ApiError::internal)?
        }
        _ => false,
    };
    let Some(account) = account.filter(|_| verified) else {
        state.limiter.record_failure(&request.username, address);
        audit::record_as(
            &state,
            &request.username,
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
    state.limiter.clear(&request.username, address);
    let token = auth::random_secret();
    let csrf_token = auth::random_secret();
    let lifetime = state.config.session_lifetime;
    let expires =
        chrono::Utc::now() + chrono::Duration::from_std(lifetime).map_err(ApiError::internal)?;
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
        &state,
        &principal,
        Action::Login,
        "/api/v1/auth/login",
        "session started",
    )
    .await?;
    // Secure when configured, or when a TLS-terminating proxy says the client used HTTPS.
    let secure = state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        lifetime.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    let mut response = axum::Json(LoginResponse {
        me: Me::from(&principal),
        csrf_token,
    })
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
    );
    Ok(response)
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

/// Who the caller is.
#[utoipa::path(get, path = "/auth/me", tag = "accounts",
    responses((status = 200, body = Me), (status = 401, body = crate::ErrorBody)))]
pub async fn me(principal: Principal) -> axum::Json<Me> {
    axum::Json(Me::from(&principal))
}
