//! landa-server: the shared service. One HTTP API (`/api/v1`, documented by the OpenAPI
//! document generated from these handlers) over the store, used at once by the national
//! agency, regions, municipalities, partners and administrators, each scoped to its
//! role and jurisdiction (`access`), every read and change of personal data and every
//! decision written to the append-only audit log (`audit`).
//!
//! Start reading at `router`: every route and the rule that guards it. The web UI
//! (`web`) renders the same functions as HTML pages.

mod audit;
pub mod auth;
mod error;
mod extract;
mod hardening;
mod jobs;
mod metrics;
mod openapi;
mod request_id;
mod routes;
pub mod sso;
pub mod values;
mod web;

pub use error::{ApiError, ErrorBody, ErrorCode};
pub use jobs::{JOB_LEASE, JOB_POLL_INTERVAL};
pub use metrics::Metrics;
pub use openapi::openapi_document;
pub use request_id::REQUEST_ID_HEADER;
pub use web::routes as web_routes;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use landa_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Largest request body accepted. Every write of the API is small; bulk data comes in
/// through `landa import`.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// How the server runs; every field has a documented default (see `landa serve --help`).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Mark the session cookie Secure (only sent over HTTPS). On when landa runs behind
    /// a TLS-terminating proxy, as it should in production.
    pub secure_cookies: bool,
    /// How long a browser session lasts.
    pub session_lifetime: Duration,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout: Duration,
    /// How often the placement worker looks for jobs queued by other processes.
    pub job_poll_interval: Duration,
    /// How long the placement worker's claim on a job lasts unless renewed.
    pub job_lease: Duration,
    /// The identity provider users may log in with beside their passwords, if any.
    pub single_sign_on: Option<sso::SsoConfig>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            secure_cookies: false,
            session_lifetime: Duration::from_secs(8 * 60 * 60),
            header_read_timeout: Duration::from_secs(10),
            job_poll_interval: JOB_POLL_INTERVAL,
            job_lease: JOB_LEASE,
            single_sign_on: None,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<Metrics>,
    jobs: jobs::JobWorker,
}

impl AppState {
    /// The state of a server over `store`; starts the placement worker on the current
    /// tokio runtime. The worker runs the jobs queued by any process on the store, and
    /// those whose process stopped while running them; it stops with the last clone.
    pub fn start(store: Store, config: ServerConfig) -> AppState {
        let metrics = Arc::new(Metrics::new());
        let jobs = jobs::JobWorker::start(
            store.clone(),
            config.job_poll_interval,
            config.job_lease,
            metrics.clone(),
        );
        AppState {
            store,
            config: Arc::new(config),
            metrics,
            jobs,
        }
    }

    /// Why this process cannot do its work now, if it cannot: the store does not answer
    /// or the placement worker is not working.
    pub async fn trouble(&self) -> Option<String> {
        if let Err(error) = self.store.scenarios().await {
            tracing::warn!(%error, "the store does not answer");
            return Some("the store does not answer".to_owned());
        }
        self.jobs.trouble()
    }
}

/// The whole application: the API under /api/v1 and the health endpoints.
pub fn router(state: AppState) -> Router {
    let (api, document) = routes::api().split_for_parts();
    let document = Arc::new(document);
    Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            get(move || async move { axum::Json(document.as_ref().clone()) }),
        )
        .merge(routes::health::router())
        .route("/metrics", get(metrics::scrape))
        .merge(web::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(hardening::protect))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(request_id::assign))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` completes, then finishes the requests in flight.
/// A client gets `ServerConfig::header_read_timeout` to send a request's headers; one
/// that dribbles them is disconnected instead of holding a connection.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let header_read_timeout = state.config.header_read_timeout;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(connection) => connection,
                Err(error) => {
                    // Out of file descriptors and the like: wait, then accept again.
                    tracing::warn!(%error, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = app.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(remote));
                request
            },
        );
        let connection = http.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM, for `serve`'s graceful shutdown.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
