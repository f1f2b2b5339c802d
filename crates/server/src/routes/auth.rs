//! Logging in and out, and who am I.

use crate::auth::{self, Principal, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::values::{Country, RoleKind};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use landa_app::accounts::OpenedSession;
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
    pub role: RoleKind,
    /// SE or NO; absent for the administrator, who serves both.
    pub country: Option<Country>,
    /// Region or municipality code, or partner name.
    pub jurisdiction: Option<String>,
}

impl From<&Principal> for Me {
    fn from(principal: &Principal) -> Me {
        Me {
            username: principal.username.clone(),
            role: RoleKind::from(&principal.role),
            country: principal.role.country().map(Country::from),
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
    operation_id = "login",
    responses((status = 200, body = LoginResponse), (status = 401, body = crate::ErrorBody),
              (status = 429, body = crate::ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    auth::RequestOrigin(origin): auth::RequestOrigin,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> ApiResult<Response> {
    let opened = open_session(&state, &request.username, &request.password, origin).await?;
    let mut response = axum::Json(LoginResponse {
        me: Me::from(&opened.principal),
        csrf_token: opened.csrf_token.clone(),
    })
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&opened, &state, &headers)?,
    );
    Ok(response)
}

/// The Set-Cookie value of a session just opened: HttpOnly, SameSite=Strict, and Secure
/// when configured or when a TLS-terminating proxy says the client used HTTPS.
pub(crate) fn session_cookie(
    opened: &OpenedSession,
    state: &AppState,
    headers: &HeaderMap,
) -> ApiResult<HeaderValue> {
    let secure = cookies_secure(state, headers);
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        opened.token,
        state.config.session_lifetime.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).map_err(ApiError::internal)
}

/// Whether cookies are to be Secure: when configured, or when a TLS-terminating proxy
/// says the client used HTTPS.
pub(crate) fn cookies_secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// Checks a username and password and opens a session (the application core limits
/// and audits every attempt).
pub(crate) async fn open_session(
    state: &AppState,
    username: &str,
    password: &str,
    origin: landa_app::Origin,
) -> ApiResult<OpenedSession> {
    let opened = landa_app::accounts::log_in(
        &state.store,
        username,
        password,
        origin,
        state.config.session_lifetime,
        state
            .config
            .single_sign_on
            .as_ref()
            .map(|sso| sso.label.as_str()),
    )
    .await;
    if opened.is_err() {
        state.metrics.login_failed();
    }
    Ok(opened?)
}

/// End the session of the cookie sent.
#[utoipa::path(post, path = "/auth/logout", tag = "accounts",
    operation_id = "logout",
    responses((status = 204), (status = 401, body = crate::ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
) -> ApiResult<Response> {
    close_session(&state, &principal, &headers).await?;
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
    let token = auth::cookie(headers, SESSION_COOKIE).unwrap_or_default();
    Ok(landa_app::accounts::log_out(&state.store, principal, token).await?)
}

/// Who the caller is.
#[utoipa::path(get, path = "/auth/me", tag = "accounts",
    operation_id = "getCurrentAccount",
    responses((status = 200, body = Me), (status = 401, body = crate::ErrorBody)))]
pub async fn me(principal: Principal) -> axum::Json<Me> {
    axum::Json(Me::from(&principal))
}
