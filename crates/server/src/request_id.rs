//! Every request gets an id: the one a proxy in front sent as `X-Request-Id` when it is a
//! plausible one, else a new random one. It is answered in the `X-Request-Id` header,
//! carried by the request's log span (so every log line of the request holds it, also in
//! JSON logs) and written into the request's audit entries, so that a complaint quoting
//! it, a log line and the audit log can be matched.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
/// Longest id taken from a proxy; longer ones are replaced.
const MAX_LENGTH: usize = 64;

/// The id of the request being answered.
#[derive(Debug, Clone)]
pub struct RequestId(String);

impl RequestId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Gives the request its id, answers it, and logs the answer in the request's span.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|text| plausible(text))
        .map_or_else(new_id, ToOwned::to_owned);
    request.extensions_mut().insert(RequestId(id.clone()));
    // The path, not the query: a search's terms stay out of the logs.
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            milliseconds = started.elapsed().as_millis() as u64,
            "answered"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// An id a proxy may set: short, of letters, digits and `-_.:` only, so that it cannot
/// forge log lines or flood the audit log.
fn plausible(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_LENGTH
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_.:".contains(&byte))
}

/// 128 random bits in hex.
fn new_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_taken_from_a_proxy() {
        assert!(plausible("3f2a-91c0"));
        assert!(plausible("req_01HZX.5:a"));
        assert!(!plausible(""));
        assert!(!plausible(&"a".repeat(MAX_LENGTH + 1)));
        assert!(!plausible("a b"));
        assert!(!plausible("a\nlevel=error"));
        assert!(!plausible("<script>"));
        assert_eq!(new_id().len(), 32);
        assert_ne!(new_id(), new_id());
    }
}
