//! Liveness and readiness, for load balancers and orchestrators; no authentication.

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

/// Ready when the store answers.
async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.scenarios().await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "the store does not answer")
        }
    }
}
