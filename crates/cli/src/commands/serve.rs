//! `landa serve`: the shared service over the store, until Ctrl-C or SIGTERM.

use crate::config::Config;
use anyhow::{Context, Result};
use clap::Args;
use landa_server::{AppState, ServerConfig};
use landa_store::{Location, Store};
use std::net::SocketAddr;
use std::time::Duration;

/// Flags of `landa serve` (and `landa demo`); each may also be set by its environment
/// variable or in the configuration file (`landa config check` shows what is in force).
#[derive(Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080; env: LANDA_BIND].
    #[arg(long)]
    pub bind: Option<SocketAddr>,
    /// Mark the session cookie Secure (sent over HTTPS only): set this behind a TLS proxy
    /// [env: LANDA_SECURE_COOKIES].
    #[arg(long)]
    pub secure_cookies: bool,
    /// Hours a browser session lasts [default: 8; env: LANDA_SESSION_HOURS].
    #[arg(long)]
    pub session_hours: Option<u64>,
    /// Milliseconds between the placement worker's looks for jobs queued by other
    /// processes [default: 1000; env: LANDA_JOB_POLL_MS].
    #[arg(long)]
    pub job_poll_ms: Option<u64>,
    /// Seconds a process's claim on a placement job lasts unless renewed: how soon another
    /// process takes over the job of one that died [default: 30; env: LANDA_JOB_LEASE_SECONDS].
    #[arg(long)]
    pub job_lease_seconds: Option<u64>,
}

pub async fn run(config: &Config, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    serve(store, config, |_| {}).await
}

/// Serves `store`; `on_listening` is told the address once the port is bound.
pub async fn serve(
    store: Store,
    config: &Config,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<()> {
    let bind = config.bind.value;
    let server = ServerConfig {
        secure_cookies: config.secure_cookies.value,
        session_lifetime: Duration::from_secs(config.session_hours.value * 60 * 60),
        job_poll_interval: Duration::from_millis(config.job_poll_ms.value),
        job_lease: Duration::from_secs(config.job_lease_seconds.value),
        single_sign_on: config.single_sign_on(),
        ..ServerConfig::default()
    };
    let engine = store.engine().to_string();
    let state = AppState::start(store, server);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("listening on {bind}"))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, store = %engine, "serving");
    println!("landa serves http://{address}/ (store: {engine}); Ctrl-C stops it.");
    println!("API: http://{address}/api/v1/openapi.json · health: http://{address}/health");
    on_listening(address);
    landa_server::serve(listener, state, landa_server::shutdown_signal())
        .await
        .context("serving")
}
