//! What every response gets, whatever the route: headers that keep personal data out of
//! caches and frames, and a refusal of changes sent from another site. (The deadline for
//! a request's headers is set on each connection, in `serve`.)

use crate::error::{ApiError, ErrorCode};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a change a browser sent from another site (its `Origin` or `Sec-Fetch-Site`
/// says so), before any handler runs: a cross-site login or form post gets 403. Requests
/// without those headers (programs with API tokens) pass; the CSRF token guards sessions.
/// Then sets the protective headers on the response.
pub async fn protect(request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method && cross_site(request.headers()) {
        return ApiError::forbidden(
            "a change sent from another site is refused; use landa's own pages or an API token",
        )
        .into_response();
    }
    let request = match without_nul(request).await {
        Ok(request) => request,
        Err(refusal) => return refusal.into_response(),
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::CONTENT_SECURITY_POLICY,
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Pages and answers may hold personal data: no cache keeps them unless the route
    // said otherwise (the style sheet).
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Refuses a request whose address or body carries the NUL character (raw, `%00` or
/// `\u0000`): it is no text, PostgreSQL cannot store it, and refusing it here makes both
/// engines answer alike. The body is read once (it is small: see `MAX_BODY_BYTES`) and
/// handed on unchanged.
async fn without_nul(request: Request) -> Result<Request, ApiError> {
    let refused = || {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            ErrorCode::NulCharacter,
            "the request holds the NUL character (\\u0000 or %00), which is not text",
        )
    };
    let uri = request.uri().to_string();
    if contains_ignoring_case(uri.as_bytes(), b"%00") {
        return Err(refused());
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, crate::MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            ApiError::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                format!("the body is larger than {} bytes", crate::MAX_BODY_BYTES),
            )
        })?;
    if bytes.contains(&0)
        || contains_ignoring_case(&bytes, b"\\u0000")
        || contains_ignoring_case(&bytes, b"%00")
    {
        return Err(refused());
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

/// True when the browser says the request comes from another site than the one it is
/// sent to.
fn cross_site(headers: &HeaderMap) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|site| site.as_bytes() == b"cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|h| h.to_str().ok());
    // "null" (a sandboxed or file origin) is another site too.
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    origin_host.is_none() || origin_host != host
}

/// The path of a same-site `Referer`, to go back to; `/` for anything else. Only a path
/// that starts with one `/` is returned, so `//evil.example` or `/\evil.example` (which a
/// browser takes for another host) never become a redirect target.
pub fn local_path(referer: Option<&str>) -> String {
    referer
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .filter(|path| !path.starts_with("//") && !path.contains('\\'))
        .filter(|path| !path.chars().any(char::is_control))
        .unwrap_or("/")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_local_path_is_a_place_to_go_back_to() {
        for (referer, expected) in [
            (
                Some("http://127.0.0.1:8080/app/x?sort=name"),
                "/app/x?sort=name",
            ),
            (Some("https://landa.example/"), "/"),
            (Some("http://landa.example//evil.example/path"), "/"),
            (Some("http://landa.example/\\evil.example"), "/"),
            (Some("http://evil.example"), "/"),
            (Some("not a url"), "/"),
            (None, "/"),
        ] {
            assert_eq!(local_path(referer), expected, "{referer:?}");
        }
    }

    #[test]
    fn changes_from_another_site_are_told_apart() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in pairs {
                map.insert(*k, HeaderValue::from_static(v));
            }
            map
        };
        assert!(!cross_site(&headers(&[])), "a program without Origin");
        assert!(!cross_site(&headers(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(cross_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
    }
}
