//! Where a goal stands: on track, at risk or off track, from each indicator's latest value,
//! its trend and its target; or why it cannot be told (no target, no values).
//!
//! An indicator is on track when its latest value is at or past the straight line from its
//! baseline to its target (or has reached the target); at risk when it is behind that line
//! but its recent trend still reaches the target in time, or ahead of it with a trend that
//! does not; off track when it is behind and the trend does not reach it, or the target
//! date has passed short of the target.

use crate::agreement::{Agreement, Date, Direction, Indicator, Value};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    /// Measurable, but no value measured yet.
    NoValues,
    AtRisk,
    OffTrack,
    /// No indicator with a target and a target date.
    NotMeasurable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::NoValues => "no values",
            Status::AtRisk => "at risk",
            Status::OffTrack => "off track",
            Status::NotMeasurable => "not measurable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub indicator: String,
    pub status: Status,
    /// The latest value and its date.
    pub latest: Option<(Date, f64)>,
    /// Where the straight line from baseline to target stands at the latest value's date.
    pub expected: Option<f64>,
    /// The latest value carried to the target date at its recent trend.
    pub projected: Option<f64>,
    /// One sentence on why.
    pub reason: String,
}

/// Values used for the trend: the latest few, so an old slope does not hide a new one.
const TREND_VALUES: usize = 3;

fn days(date: Date) -> f64 {
    date.0.num_days_from_ce() as f64
}

/// How one indicator stands on `today` given its values (any order).
pub fn assess(indicator: &Indicator, values: &[&Value], today: NaiveDate) -> Assessment {
    let mut values: Vec<&Value> = values
        .iter()
        .copied()
        .filter(|v| v.date.0 <= today)
        .collect();
    values.sort_by_key(|v| v.date);
    let latest = values.last().map(|v| (v.date, v.value));
    let mut assessment = Assessment {
        indicator: indicator.id.clone(),
        status: Status::NotMeasurable,
        latest,
        expected: None,
        projected: None,
        reason: String::new(),
    };
    let (Some(target), Some(target_date)) = (indicator.target, indicator.target_date) else {
        assessment.reason = "no target and target date: progress cannot be told".into();
        return assessment;
    };
    let Some((latest_date, latest_value)) = latest else {
        assessment.status = Status::NoValues;
        assessment.reason = "no value measured yet".into();
        return assessment;
    };
    // Compare as "higher is better" by turning decreasing indicators around.
    let sign = match indicator.direction {
        Direction::Increase => 1.0,
        Direction::Decrease => -1.0,
    };
    let (baseline_date, baseline) = match (indicator.baseline_date, indicator.baseline) {
        (Some(date), Some(value)) => (date, value),
        _ => (values[0].date, values[0].value),
    };
    let span = days(target_date) - days(baseline_date);
    let progress = if span > 0.0 {
        ((days(latest_date) - days(baseline_date)) / span).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let expected = baseline + (target - baseline) * progress;
    assessment.expected = Some(expected);
    let recent = &values[values.len().saturating_sub(TREND_VALUES)..];
    let projected = slope_per_day(recent)
        .map(|slope| latest_value + slope * (days(target_date) - days(latest_date)).max(0.0));
    assessment.projected = projected;
    // Values on the line or at the target are not "behind" by a rounding error.
    let tolerance = 1e-9 * (target.abs() + baseline.abs() + 1.0);
    let at_least = |value: f64, mark: f64| sign * value >= sign * mark - tolerance;
    let reached = at_least(latest_value, target);
    let on_line = at_least(latest_value, expected);
    let trend_reaches = projected.is_some_and(|p| at_least(p, target));
    let trend_misses = projected.is_some_and(|p| !at_least(p, target));
    (assessment.status, assessment.reason) = if reached {
        (Status::OnTrack, format!("target {target} reached"))
    } else if latest_date >= target_date {
        (
            Status::OffTrack,
            format!("target date {target_date} passed short of the target {target}"),
        )
    } else if on_line && !trend_misses {
        (
            Status::OnTrack,
            format!("at or ahead of the line to the target ({expected:.3} expected)"),
        )
    } else if on_line || trend_reaches {
        (
            Status::AtRisk,
            if on_line {
                "ahead of the line, but the recent trend does not reach the target".to_owned()
            } else {
                format!("behind the line ({expected:.3} expected), but the recent trend reaches the target")
            },
        )
    } else {
        (
            Status::OffTrack,
            format!("behind the line ({expected:.3} expected) and the recent trend does not reach the target"),
        )
    };
    assessment
}

/// Least-squares slope of value over days; None with fewer than two dates.
fn slope_per_day(values: &[&Value]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean_x = values.iter().map(|v| days(v.date)).sum::<f64>() / n;
    let mean_y = values.iter().map(|v| v.value).sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for v in values {
        let dx = days(v.date) - mean_x;
        sxy += dx * (v.value - mean_y);
        sxx += dx * dx;
    }
    (sxx > 0.0).then(|| sxy / sxx)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalStatus {
    pub goal: String,
    pub status: Status,
    pub indicators: Vec<Assessment>,
}

/// Every goal's status on `today`: the worst of its measurable indicators, or not
/// measurable when it has none.
pub fn goal_statuses(agreement: &Agreement, today: NaiveDate) -> Vec<GoalStatus> {
    agreement
        .goals
        .iter()
        .map(|goal| {
            let indicators: Vec<Assessment> = agreement
                .indicators_of(&goal.id)
                .map(|i| assess(i, &agreement.values_of(&i.id), today))
                .collect();
            let status = indicators
                .iter()
                .map(|a| a.status)
                .filter(|s| *s != Status::NotMeasurable)
                .max()
                .unwrap_or(Status::NotMeasurable);
            GoalStatus {
                goal: goal.id.clone(),
                status,
                indicators,
            }
        })
        .collect()
}
