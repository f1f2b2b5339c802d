//! Liveness and readiness, for load balancers and orchestrators; no authentication.
//! `/health` answers while the process runs; `/ready` while it can do its work.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/ready", get(ready))
}

/// Ready when the store answers and the placement worker works; else 503 with why.
async fn ready(State(state): State<AppState>) -> (StatusCode, String) {
    match state.trouble().await {
        None => (StatusCode::OK, "ready".to_owned()),
        Some(trouble) => {
            tracing::warn!(%trouble, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, trouble)
        }
    }
}
