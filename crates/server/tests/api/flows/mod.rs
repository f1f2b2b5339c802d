//! Whole flows through the API, one file per flow: sessions with CSRF, login limits,
//! concurrent edits, audited personal data, a placement run from start to approval,
//! public suppression, and the rest below.

mod accounts;
mod agreements;
mod concurrent_edits;
mod dwellings;
mod households;
mod metrics;
mod norway;
mod placement;
mod preferences;
mod public;
mod quota;
mod register;
mod reminders;
mod sessions;
mod whole_year;
mod year;
mod year_plan;

use axum::body::Body;
use axum::http::{header, Method, Request};
use serde_json::Value;

fn with_cookie(
    method: Method,
    uri: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, cookie);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap()
}
