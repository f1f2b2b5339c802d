//! National's forecast of the year's arrivals (prognos / prognose): set as a whole, read
//! against the actual intake. Counts only: no personal data, so reads are not audited.

use crate::access::require_national_in;
use crate::audit::{self, Action};
use crate::intake::IntakeFileError;
use crate::{AppError, AppResult, FieldPath, Principal};
use chrono::Datelike;
use landa_bundle::{BundleError, ForecastRow};
use landa_model::{ForecastPeriod, HouseholdType, IntakeCategory, NaiveDate};
use landa_store::{DailyIntake, Store};
use std::collections::{BTreeMap, HashSet};

/// One row of a forecast as entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastEntry {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub category: IntakeCategory,
    pub household_type: HouseholdType,
    pub households: u32,
    pub persons: u32,
}

/// A period and category of the forecast with what actually came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastLine {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub category: IntakeCategory,
    pub forecast_households: u32,
    pub forecast_persons: u32,
    /// Households registered as ready for settlement within the period.
    pub actual_households: u32,
    pub actual_persons: u32,
}

/// Replaces the scenario's forecast by `entries` if it is still at version `based_on`
/// (`None`: whatever it is, for the local operator); every row is checked (field
/// `periods[i]`), all in the scenario's year, none twice, before anything is written.
pub async fn set_arrival_forecast(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    entries: &[ForecastEntry],
    based_on: Option<u32>,
) -> AppResult<Vec<ForecastPeriod>> {
    require_national_in(store, principal, scenario).await?;
    let year = store.scenario_meta(scenario).await?.year;
    let mut periods = Vec::with_capacity(entries.len());
    let mut seen = HashSet::new();
    for (i, entry) in entries.iter().enumerate() {
        let field = FieldPath::new(format!("periods[{i}]"));
        let invalid = |member: &str, message: String| AppError::Invalid {
            field: field.member(member),
            message,
        };
        for (member, day) in [
            ("period_start", entry.period_start),
            ("period_end", entry.period_end),
        ] {
            if day.year() != year {
                return Err(invalid(
                    member,
                    format!("{day} is not in the scenario's year {year}"),
                ));
            }
        }
        ForecastPeriod::check_days(entry.period_start, entry.period_end)
            .map_err(|error| invalid("period_end", error.to_string()))?;
        let period = ForecastPeriod::new(
            entry.period_start,
            entry.period_end,
            entry.category,
            entry.household_type,
            entry.households,
            entry.persons,
        )
        .map_err(|error| invalid("persons", error.to_string()))?;
        if !seen.insert((entry.period_start, entry.category, entry.household_type)) {
            return Err(invalid(
                "period_start",
                format!(
                    "a second row for {} {} {}: give each period, category and household \
                     type once",
                    entry.period_start,
                    entry.category,
                    entry.household_type.as_str()
                ),
            ));
        }
        periods.push(period);
    }
    let entry = audit::entry(
        principal,
        Action::Update,
        &format!("/api/v1/scenarios/{scenario}/arrival-forecast"),
        format!(
            "set the arrival forecast: {} rows, {} households",
            periods.len(),
            periods.iter().map(|p| p.households()).sum::<u32>()
        ),
    );
    store
        .set_arrival_forecast(scenario, &periods, based_on, &principal.username, &entry)
        .await?;
    Ok(periods)
}

/// Sets the forecast from a file's rows (`landa_bundle::read_forecast_bytes`): a row that
/// does not make a forecast is refused at the file's row and column, and nothing is set.
pub async fn set_forecast_file(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    file: &str,
    rows: &[ForecastRow],
    based_on: Option<u32>,
) -> Result<Vec<ForecastPeriod>, IntakeFileError> {
    let entries: Vec<ForecastEntry> = rows
        .iter()
        .map(|row| ForecastEntry {
            period_start: row.period_start,
            period_end: row.period_end,
            category: row.category,
            household_type: row.household_type,
            households: row.households,
            persons: row.persons,
        })
        .collect();
    match set_arrival_forecast(store, principal, scenario, &entries, based_on).await {
        Err(AppError::Invalid { field, message }) => {
            // `periods[i].column` of the API is the file's row of the i-th entry.
            let text = field.to_string();
            let place = text
                .strip_prefix("periods[")
                .and_then(|rest| rest.split_once("]."))
                .and_then(|(index, column)| {
                    Some((rows.get(index.parse::<usize>().ok()?)?, column))
                });
            Err(IntakeFileError::File(vec![BundleError {
                file: file.to_owned(),
                row: place.map(|(row, _)| row.line),
                column: Some(place.map_or(text.clone(), |(_, column)| column.to_owned())),
                message,
            }]))
        }
        other => Ok(other?),
    }
}

/// The scenario's forecast (national).
pub async fn arrival_forecast(
    store: &Store,
    principal: &Principal,
    scenario: &str,
) -> AppResult<Vec<ForecastPeriod>> {
    require_national_in(store, principal, scenario).await?;
    Ok(store.arrival_forecast(scenario).await?)
}

/// The rest of the year as national plans it: the forecast, the forecast by period and
/// category against the actual intake, and the households waiting by days waited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearPlan {
    pub periods: Vec<ForecastPeriod>,
    /// The forecast's version, for a change to be based on.
    pub version: u32,
    pub against_intake: Vec<ForecastLine>,
    pub waiting: Vec<WaitingBand>,
}

/// The year's plan on `today` (national), from one read of the forecast and the intake.
pub async fn year_plan(
    store: &Store,
    principal: &Principal,
    scenario: &str,
    today: NaiveDate,
) -> AppResult<YearPlan> {
    require_national_in(store, principal, scenario).await?;
    // The version before the forecast: a forecast set in between makes a change based on
    // what was read stale, never the reverse.
    let version = store.arrival_forecast_version(scenario).await?;
    let periods = store.arrival_forecast(scenario).await?;
    let intake = store.daily_intake(scenario).await?;
    Ok(YearPlan {
        version,
        against_intake: lines(&periods, &intake),
        waiting: bands(&intake, today),
        periods,
    })
}

/// Households waiting for a municipality whose wait began within a band of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitingBand {
    /// The band's first day of waiting, counted back from the day asked about.
    pub from_days: u32,
    /// Its last; `None` for the last band, open upwards.
    pub to_days: Option<u32>,
    pub households: u32,
    pub persons: u32,
}

/// The bands of the waiting stock: a month, a quarter, half a year, longer.
pub const WAITING_BANDS: [(u32, Option<u32>); 4] =
    [(0, Some(30)), (31, Some(90)), (91, Some(180)), (181, None)];

fn bands(intake: &[DailyIntake], today: NaiveDate) -> Vec<WaitingBand> {
    let mut bands: Vec<WaitingBand> = WAITING_BANDS
        .iter()
        .map(|&(from_days, to_days)| WaitingBand {
            from_days,
            to_days,
            households: 0,
            persons: 0,
        })
        .collect();
    for day in intake {
        // Registered ahead of their day: not waiting yet, counted from 0.
        let waited = u32::try_from((today - day.day).num_days().max(0)).unwrap_or(u32::MAX);
        if let Some(band) = bands
            .iter_mut()
            .find(|b| b.from_days <= waited && b.to_days.is_none_or(|to| waited <= to))
        {
            band.households += day.waiting_households;
            band.persons += day.waiting_persons;
        }
    }
    bands
}

/// Sums the forecast by period and category and counts the intake that falls in each.
fn lines(periods: &[ForecastPeriod], intake: &[DailyIntake]) -> Vec<ForecastLine> {
    let mut lines: BTreeMap<(NaiveDate, IntakeCategory), ForecastLine> = BTreeMap::new();
    for period in periods {
        let line = lines
            .entry((period.start(), period.category))
            .or_insert(ForecastLine {
                period_start: period.start(),
                period_end: period.end(),
                category: period.category,
                forecast_households: 0,
                forecast_persons: 0,
                actual_households: 0,
                actual_persons: 0,
            });
        line.period_end = line.period_end.max(period.end());
        line.forecast_households += period.households();
        line.forecast_persons += period.persons();
    }
    for day in intake {
        for line in lines.values_mut().filter(|line| {
            line.category == day.category
                && line.period_start <= day.day
                && day.day <= line.period_end
        }) {
            line.actual_households += day.households;
            line.actual_persons += day.persons;
        }
    }
    lines.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_intake_of_a_period_is_counted_once_against_its_category() {
        let period = |start: &str, end: &str, kind, households| {
            ForecastPeriod::new(
                day(start),
                day(end),
                IntakeCategory::Quota,
                kind,
                households,
                households * 2,
            )
            .unwrap()
        };
        let periods = [
            period("2026-03-02", "2026-03-08", HouseholdType::Couple, 4),
            period("2026-03-02", "2026-03-08", HouseholdType::SingleParent, 1),
            period("2026-03-09", "2026-03-15", HouseholdType::Couple, 3),
        ];
        let arrived = |on: &str, category, households| DailyIntake {
            day: day(on),
            category,
            households,
            persons: households * 3,
            waiting_households: households / 2,
            waiting_persons: households / 2 * 3,
        };
        let intake = [
            arrived("2026-03-03", IntakeCategory::Quota, 2),
            arrived("2026-03-08", IntakeCategory::Quota, 1),
            arrived("2026-03-04", IntakeCategory::ReceptionCentre, 9),
            arrived("2026-03-10", IntakeCategory::Quota, 5),
            arrived("2026-04-01", IntakeCategory::Quota, 7),
        ];
        let lines = lines(&periods, &intake);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].forecast_households, lines[0].forecast_persons),
            (5, 10)
        );
        assert_eq!(
            (lines[0].actual_households, lines[0].actual_persons),
            (3, 9)
        );
        assert_eq!(
            (lines[1].forecast_households, lines[1].actual_households),
            (3, 5)
        );
    }

    #[test]
    fn each_waiting_household_is_in_one_band_by_its_days_waited() {
        let waiting = |on: &str, households| DailyIntake {
            day: day(on),
            category: IntakeCategory::ReceptionCentre,
            households: households + 1,
            persons: 2 * households + 2,
            waiting_households: households,
            waiting_persons: 2 * households,
        };
        let today = day("2026-07-01");
        let intake = [
            waiting("2026-07-01", 1),  // 0 days
            waiting("2026-07-05", 2),  // registered ahead: 0
            waiting("2026-06-01", 4),  // 30 days: the first band's last
            waiting("2026-05-31", 8),  // 31 days
            waiting("2026-01-02", 16), // 180 days
            waiting("2025-12-01", 32), // 212 days
        ];
        let bands = bands(&intake, today);
        let households: Vec<u32> = bands.iter().map(|b| b.households).collect();
        assert_eq!(households, [7, 8, 16, 32]);
        assert_eq!(bands.iter().map(|b| b.persons).sum::<u32>(), 2 * 63);
    }
}
