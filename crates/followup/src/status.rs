//! Where a goal stands: on track, at risk or off track, from each indicator's latest value,
//! its trend and its target; or why it cannot be told (no target, no values).
//!
//! An indicator is on track when its latest value is at or past the straight line from its
//! baseline to its target (or has reached the target); at risk when it is behind that line
//! but its recent trend still reaches the target in time, or ahead of it with a trend that
//! does not; off track when it is behind and the trend does not reach it, or the target
//! date has passed short of the target.

use crate::agreement::{Agreement, Date, Direction, Indicator, Value};
use crate::lang::Lang;
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
    /// Why, as a rule's name.
    pub why: Why,
    /// One sentence on why, in English ([`Why::sentence`] gives it in another language).
    pub reason: String,
}

/// The rule that decided an indicator's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    NoTarget,
    NoValues,
    TargetReached,
    TargetDatePassed,
    OnTheLine,
    AheadButTrendShort,
    BehindButTrendReaches,
    BehindAndTrendShort,
}

impl Why {
    /// The reason as one sentence in `lang`, with the indicator's target and date and the
    /// value the line to the target expected.
    pub fn sentence(
        self,
        lang: Lang,
        target: Option<f64>,
        target_date: Option<Date>,
        expected: Option<f64>,
    ) -> String {
        let target = target.map(|t| t.to_string()).unwrap_or_default();
        let date = target_date.map(|d| d.to_string()).unwrap_or_default();
        let expected = expected.map(|e| format!("{e:.3}")).unwrap_or_default();
        match (self, lang) {
            (Why::NoTarget, l) => l.pick_nn(
                "no target and target date: progress cannot be told",
                "inget målvärde och måldatum: framstegen går inte att bedöma",
                "ingen målverdi og måldato: framdriften kan ikke vurderes",
                "ingen målverdi og måldato: framdrifta kan ikkje vurderast",
            ).to_owned(),
            (Why::NoValues, l) => l.pick_nn("no value measured yet", "inget värde uppmätt ännu", "ingen verdi målt ennå", "ingen verdi målt enno").to_owned(),
            (Why::TargetReached, Lang::En) => format!("target {target} reached"),
            (Why::TargetReached, Lang::Sv) => format!("målvärdet {target} är nått"),
            (Why::TargetReached, Lang::Nb | Lang::Nn) => format!("målverdien {target} er nådd"),
            (Why::TargetDatePassed, Lang::En) => format!("target date {date} passed short of the target {target}"),
            (Why::TargetDatePassed, Lang::Sv) => format!("måldatumet {date} har passerats utan att målvärdet {target} nåtts"),
            (Why::TargetDatePassed, Lang::Nb) => format!("måldatoen {date} er passert uten at målverdien {target} er nådd"),
            (Why::TargetDatePassed, Lang::Nn) => format!("måldatoen {date} er passert utan at målverdien {target} er nådd"),
            (Why::OnTheLine, Lang::En) => format!("at or ahead of the line to the target ({expected} expected)"),
            (Why::OnTheLine, Lang::Sv) => format!("på eller före linjen mot målet ({expected} väntat)"),
            (Why::OnTheLine, Lang::Nb) => format!("på eller foran linjen mot målet ({expected} ventet)"),
            (Why::OnTheLine, Lang::Nn) => format!("på eller framfor linja mot målet ({expected} venta)"),
            (Why::AheadButTrendShort, l) => l.pick_nn(
                "ahead of the line, but the recent trend does not reach the target",
                "före linjen, men den senaste trenden når inte målet",
                "foran linjen, men den siste trenden når ikke målet",
                "framfor linja, men den siste trenden når ikkje målet",
            ).to_owned(),
            (Why::BehindButTrendReaches, Lang::En) => format!("behind the line ({expected} expected), but the recent trend reaches the target"),
            (Why::BehindButTrendReaches, Lang::Sv) => format!("efter linjen ({expected} väntat), men den senaste trenden når målet"),
            (Why::BehindButTrendReaches, Lang::Nb) => format!("bak linjen ({expected} ventet), men den siste trenden når målet"),
            (Why::BehindButTrendReaches, Lang::Nn) => format!("bak linja ({expected} venta), men den siste trenden når målet"),
            (Why::BehindAndTrendShort, Lang::En) => format!("behind the line ({expected} expected) and the recent trend does not reach the target"),
            (Why::BehindAndTrendShort, Lang::Sv) => format!("efter linjen ({expected} väntat) och den senaste trenden når inte målet"),
            (Why::BehindAndTrendShort, Lang::Nb) => format!("bak linjen ({expected} ventet), og den siste trenden når ikke målet"),
            (Why::BehindAndTrendShort, Lang::Nn) => format!("bak linja ({expected} venta), og den siste trenden når ikkje målet"),
        }
    }
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
        why: Why::NoTarget,
        reason: String::new(),
    };
    let explained = |mut assessment: Assessment, status: Status, why: Why| {
        assessment.status = status;
        assessment.why = why;
        assessment.reason = why.sentence(
            Lang::En,
            indicator.target,
            indicator.target_date,
            assessment.expected,
        );
        assessment
    };
    let (Some(target), Some(target_date)) = (indicator.target, indicator.target_date) else {
        return explained(assessment, Status::NotMeasurable, Why::NoTarget);
    };
    let Some((latest_date, latest_value)) = latest else {
        return explained(assessment, Status::NoValues, Why::NoValues);
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
    let (status, why) = if reached {
        (Status::OnTrack, Why::TargetReached)
    } else if latest_date >= target_date {
        (Status::OffTrack, Why::TargetDatePassed)
    } else if on_line && !trend_misses {
        (Status::OnTrack, Why::OnTheLine)
    } else if on_line {
        (Status::AtRisk, Why::AheadButTrendShort)
    } else if trend_reaches {
        (Status::AtRisk, Why::BehindButTrendReaches)
    } else {
        (Status::OffTrack, Why::BehindAndTrendShort)
    };
    explained(assessment, status, why)
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
