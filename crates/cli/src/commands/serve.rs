//! `landa serve`: the shared service over the store, until Ctrl-C or SIGTERM.

use anyhow::{Context, Result};
use clap::Args;
use landa_server::{AppState, ServerConfig};
use landa_store::{Location, Store};
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "LANDA_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Mark the session cookie Secure (sent over HTTPS only): set this behind a TLS proxy.
    #[arg(long, env = "LANDA_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Hours a browser session lasts.
    #[arg(long, env = "LANDA_SESSION_HOURS", default_value_t = 8)]
    pub session_hours: u64,
    /// Milliseconds between the placement worker's looks for jobs queued by other processes.
    #[arg(long, env = "LANDA_JOB_POLL_MS", default_value_t = landa_server::JOB_POLL_INTERVAL.as_millis() as u64)]
    pub job_poll_ms: u64,
    /// Seconds a process's claim on a placement job lasts unless renewed: how soon another
    /// process takes over the job of one that died.
    #[arg(long, env = "LANDA_JOB_LEASE_SECONDS", default_value_t = landa_server::JOB_LEASE.as_secs())]
    pub job_lease_seconds: u64,
}

pub async fn run(args: &ServeArgs, location: &Location) -> Result<()> {
    let store = Store::open(location).await?;
    serve(store, args, |_| {}).await
}

/// Serves `store`; `on_listening` is told the address once the port is bound.
pub async fn serve(
    store: Store,
    args: &ServeArgs,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<()> {
    let config = ServerConfig {
        secure_cookies: args.secure_cookies,
        session_lifetime: Duration::from_secs(args.session_hours.max(1) * 60 * 60),
        job_poll_interval: Duration::from_millis(args.job_poll_ms.max(1)),
        job_lease: Duration::from_secs(args.job_lease_seconds.max(1)),
        ..ServerConfig::default()
    };
    let engine = store.engine().to_string();
    let state = AppState::start(store, config);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("listening on {}", args.bind))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, store = %engine, "serving");
    println!("landa serves http://{address}/ (store: {engine}); Ctrl-C stops it.");
    println!("API: http://{address}/api/v1/openapi.json · health: http://{address}/health");
    on_listening(address);
    landa_server::serve(listener, state, landa_server::shutdown_signal())
        .await
        .context("serving")
}
