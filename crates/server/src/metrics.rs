//! Prometheus metrics at `/metrics`: requests by route (the route's pattern, never its
//! values) and status with their latency, placement jobs by status and how long finished
//! ones took, failed logins, refusals by reason, the year's gaps by scenario (national
//! totals only), and the database pool. Nothing personal: a scrape shows
//! counts and times only, so it is served without an account, like `/health`; keep it
//! on the internal network (docs/operations.md).

use crate::{AppState, ErrorCode};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use std::time::{Duration, Instant};

/// The service's metrics; one per process, shared by its handlers and its worker.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    request_seconds: HistogramVec,
    job_seconds: HistogramVec,
    login_failures: IntCounter,
    refusals: IntCounterVec,
    jobs: IntGaugeVec,
    connections: IntGaugeVec,
    settlement: IntGaugeVec,
    without_decision: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry =
            Registry::new_custom(Some("landa".to_owned()), None).expect("a fixed, valid prefix");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let request_seconds = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer a request"),
            &["method", "route"],
        )
        .expect("valid metric");
        let job_seconds = HistogramVec::new(
            HistogramOpts::new(
                "placement_job_duration_seconds",
                "Time a placement job took, from claim to its end",
            )
            .buckets(vec![0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 1800.0]),
            &["outcome"],
        )
        .expect("valid metric");
        let login_failures = IntCounter::new(
            "login_failures_total",
            "Logins refused (wrong password, disabled account, too many attempts)",
        )
        .expect("valid metric");
        let refusals = IntCounterVec::new(
            Opts::new(
                "refusals_total",
                "Requests refused: not allowed for the role or jurisdiction (403), too many (429)",
            ),
            &["reason"],
        )
        .expect("valid metric");
        let settlement = IntGaugeVec::new(
            Opts::new(
                "settlement_persons",
                "Persons in the year's gap report, nationally: requested, decided, placed, \
                 remaining (decided but not yet placed)",
            ),
            &["scenario", "stage"],
        )
        .expect("valid metric");
        let without_decision = IntGaugeVec::new(
            Opts::new(
                "municipalities_without_decision",
                "Municipalities asked for a number that have not decided one",
            ),
            &["scenario"],
        )
        .expect("valid metric");
        let jobs = IntGaugeVec::new(
            Opts::new("placement_jobs", "Placement jobs in the store by status"),
            &["status"],
        )
        .expect("valid metric");
        let connections = IntGaugeVec::new(
            Opts::new("database_connections", "Connections of this process's pool"),
            &["state"],
        )
        .expect("valid metric");
        for metric in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(request_seconds.clone()),
            Box::new(job_seconds.clone()),
            Box::new(login_failures.clone()),
            Box::new(refusals.clone()),
            Box::new(jobs.clone()),
            Box::new(connections.clone()),
            Box::new(settlement.clone()),
            Box::new(without_decision.clone()),
        ] {
            registry
                .register(metric)
                .expect("each metric registered once");
        }
        Metrics {
            registry,
            requests,
            request_seconds,
            job_seconds,
            login_failures,
            refusals,
            jobs,
            connections,
            settlement,
            without_decision,
        }
    }

    pub fn login_failed(&self) {
        self.login_failures.inc();
    }

    /// A placement job ended after `took`, done or failed.
    pub fn job_finished(&self, done: bool, took: Duration) {
        self.job_seconds
            .with_label_values(&[if done { "done" } else { "failed" }])
            .observe(took.as_secs_f64());
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Counts every request by its route's pattern and status, and times it.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A matched path and a method are cheap to clone: no string is built per request.
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("unmatched", MatchedPath::as_str);
    let method = request.method().clone();
    let method = method.as_str();
    let started = Instant::now();
    let response = next.run(request).await;
    let metrics = &state.metrics;
    metrics
        .request_seconds
        .with_label_values(&[method, route])
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .with_label_values(&[method, route, response.status().as_str()])
        .inc();
    if matches!(
        response.status(),
        StatusCode::FORBIDDEN | StatusCode::TOO_MANY_REQUESTS
    ) {
        // The code as the error body names it (a refusal is rare: a string per one is cheap).
        let reason = response
            .extensions()
            .get::<ErrorCode>()
            .and_then(|code| serde_json::to_value(code).ok())
            .and_then(|code| code.as_str().map(ToOwned::to_owned))
            .unwrap_or_else(|| "refused".to_owned());
        metrics.refusals.with_label_values(&[reason.as_str()]).inc();
    }
    response
}

/// The year's gap report of every scenario, nationally: what `landa gaps` shows.
async fn read_settlement(state: &AppState) -> Result<(), landa_store::StoreError> {
    let metrics = &state.metrics;
    metrics.settlement.reset();
    metrics.without_decision.reset();
    for scenario in state.store.scenarios().await? {
        let view = state.store.planning_view(&scenario.name, None).await?;
        let report = landa_app::planning::gap_report_of(&view);
        let nation = &report.nation;
        for (stage, persons) in [
            ("requested", nation.requested.persons),
            ("decided", nation.decided.persons),
            ("placed", nation.placed.persons),
            ("remaining", nation.remaining.persons),
        ] {
            metrics
                .settlement
                .with_label_values(&[scenario.name.as_str(), stage])
                .set(i64::try_from(persons).unwrap_or(i64::MAX));
        }
        metrics
            .without_decision
            .with_label_values(&[scenario.name.as_str()])
            .set(i64::from(nation.without_decision));
    }
    Ok(())
}

/// The scrape: the counters, and the gauges read now.
pub async fn scrape(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    match state.store.placement_job_counts().await {
        Ok(counts) => {
            metrics.jobs.reset();
            for (status, jobs) in counts {
                metrics
                    .jobs
                    .with_label_values(&[status.as_str()])
                    .set(i64::try_from(jobs).unwrap_or(i64::MAX));
            }
        }
        Err(error) => tracing::warn!(%error, "cannot count placement jobs for the metrics"),
    }
    if let Err(error) = read_settlement(&state).await {
        tracing::warn!(%error, "cannot read the gap reports for the metrics");
    }
    let (open, idle) = state.store.connections();
    let idle = i64::try_from(idle).unwrap_or(i64::MAX);
    metrics.connections.with_label_values(&["idle"]).set(idle);
    metrics
        .connections
        .with_label_values(&["in_use"])
        .set(i64::from(open) - idle);
    let mut body = Vec::new();
    match TextEncoder::new().encode(&metrics.registry.gather(), &mut body) {
        Ok(()) => ([(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)], body).into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot encode the metrics");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
