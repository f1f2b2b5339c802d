//! Who is asking: a browser session (cookie plus CSRF header on changes) or an API token
//! (`Authorization: Bearer`), resolved to an account and its role. Also the password and
//! token primitives and the login rate limit.

use crate::error::{ApiError, ApiResult};
use crate::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use landa_model::Role;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "landa_session";
/// Header a browser session must send, with the token from login, on every change.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub username: String,
    pub role: Role,
    /// The client address, for the audit log.
    pub remote: Option<String>,
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Principal> {
        let remote = remote_address(parts);
        if let Some(token) = bearer_token(parts)? {
            let account = state
                .store
                .account_by_token(&digest(token))
                .await?
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "unauthenticated",
                        "the API token is unknown, revoked, or its account is disabled",
                    )
                })?;
            return Ok(Principal {
                username: account.username,
                role: account.role,
                remote,
            });
        }
        if cookie(&parts.headers, SESSION_COOKIE).is_none() {
            return Err(ApiError::unauthenticated());
        }
        let (principal, csrf_token) = session_of(state, parts).await?.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
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
                    "csrf",
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
            Principal {
                username: session.account.username,
                role: session.account.role,
                remote: remote_address(parts),
            },
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
                "unauthenticated",
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

fn remote_address(parts: &Parts) -> Option<String> {
    client_ip(parts).map(|ip| ip.to_string())
}

fn client_ip(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
}

/// The client's address where the server knows it (not in in-process tests).
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_ip(parts)))
    }
}

/// SHA-256 of a session or API token, hex: what the store keeps instead of the token.
pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A fresh random secret: 32 bytes from the operating system, hex.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A new API token, recognisable by its prefix in logs and secret scanners.
pub fn new_api_token() -> String {
    format!("landa_{}", random_secret())
}

/// argon2id hash of a password, as a PHC string with its own salt.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// True when `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Failed logins allowed per account and client address within the window.
const FAILURES_ALLOWED: usize = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Slows password guessing: after five failed logins for one account from one address
/// within 15 minutes, further attempts are refused until the oldest failure ages out.
/// Kept in memory: a restart forgets it, which costs an attacker a restart per five guesses.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<LoginKey, Vec<Instant>>>,
}

/// Lower-cased username and client address.
type LoginKey = (String, Option<IpAddr>);

impl LoginLimiter {
    /// When the caller must wait, how long.
    pub fn wait(&self, username: &str, address: Option<IpAddr>) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let list = failures
            .entry((username.to_lowercase(), address))
            .or_default();
        list.retain(|at| now.duration_since(*at) < FAILURE_WINDOW);
        (list.len() >= FAILURES_ALLOWED)
            .then(|| {
                list.first()
                    .map(|oldest| FAILURE_WINDOW - now.duration_since(*oldest))
            })
            .flatten()
    }

    pub fn record_failure(&self, username: &str, address: Option<IpAddr>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures
            .entry((username.to_lowercase(), address))
            .or_default()
            .push(Instant::now());
    }

    pub fn clear(&self, username: &str, address: Option<IpAddr>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&(username.to_lowercase(), address));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("korrekt häst batteri").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("korrekt häst batteri", &hash));
        assert!(!verify_password("korrekt hast batteri", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn the_sixth_failure_within_the_window_must_wait() {
        let limiter = LoginLimiter::default();
        let address = Some(IpAddr::from([127, 0, 0, 1]));
        for _ in 0..FAILURES_ALLOWED {
            assert_eq!(limiter.wait("Anna", address), None);
            limiter.record_failure("anna", address);
        }
        assert!(limiter.wait("ANNA", address).is_some());
        assert_eq!(
            limiter.wait("anna", None),
            None,
            "another address is not held back"
        );
        limiter.clear("anna", address);
        assert_eq!(limiter.wait("anna", address), None);
    }
}
