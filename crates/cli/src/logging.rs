//! Logs to standard error, as text for a person or as one JSON object a line for a log
//! collector (`log.format`), filtered by `log.level`. A request's events carry its span,
//! and so its request id, which the audit entries of that request also hold.

use crate::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

pub fn start(config: &Config) {
    // The level was checked when the configuration was loaded.
    let filter =
        EnvFilter::try_new(&config.log_level.value).unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format.value {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .flatten_event(true)
            .init(),
    }
}
