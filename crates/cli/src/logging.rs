//! Logs to standard error, as text for a person or as one JSON object a line for a log
//! collector (`log.format`), filtered by `log.level`. A request's events carry its span,
//! and so its request id, which the audit entries of that request also hold.

use crate::config::{Config, LogFormat, Source};
use tracing_subscriber::EnvFilter;

/// `at_a_terminal`: the command is for a person watching it (the demo), who wants its
/// own lines, not a line per request, unless a level was configured.
pub fn start(config: &Config, at_a_terminal: bool) {
    let level = if at_a_terminal && config.log_level.source == Source::Default {
        "warn"
    } else {
        config.log_level.value.as_str()
    };
    // The level was checked when the configuration was loaded.
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
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
