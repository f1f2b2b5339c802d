//! National's forecast of the year's arrivals: per week or month, by intake category and
//! household type, the households and persons expected to be ready for settlement. Runs
//! during the year use what it expects after their day to reserve capacity for later
//! arrivals and to balance each municipality's number over the year; the national page
//! shows it against the actual intake.

use crate::{Household, HouseholdType, IntakeCategory, ValueError};
use chrono::{Datelike, NaiveDate};

/// The arrivals expected in one period, of one category and household type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastPeriod {
    start: NaiveDate,
    end: NaiveDate,
    pub category: IntakeCategory,
    pub household_type: HouseholdType,
    households: u32,
    persons: u32,
}

/// A period is at most a quarter long: a forecast is by week or month.
const LONGEST_PERIOD_DAYS: i64 = 92;

impl ForecastPeriod {
    /// From `start` to `end` (both included), households of at least one person each (an
    /// unaccompanied minor may come with siblings, as the model's households do).
    pub fn new(
        start: NaiveDate,
        end: NaiveDate,
        category: IntakeCategory,
        household_type: HouseholdType,
        households: u32,
        persons: u32,
    ) -> Result<ForecastPeriod, ValueError> {
        Self::check_days(start, end)?;
        if persons < households {
            return Err(ValueError(format!(
                "{households} households need at least as many persons, not {persons}"
            )));
        }
        if households == 0 && persons > 0 {
            return Err(ValueError(format!(
                "{persons} persons need at least one household"
            )));
        }
        Ok(ForecastPeriod {
            start,
            end,
            category,
            household_type,
            households,
            persons,
        })
    }

    /// A period's days: it ends on or after its start, within a quarter.
    pub fn check_days(start: NaiveDate, end: NaiveDate) -> Result<(), ValueError> {
        if end < start {
            return Err(ValueError(format!(
                "the period ends ({end}) before it starts ({start})"
            )));
        }
        if (end - start).num_days() >= LONGEST_PERIOD_DAYS {
            return Err(ValueError(format!(
                "a period is a week or a month, at most {LONGEST_PERIOD_DAYS} days; \
                 {start} to {end} is longer"
            )));
        }
        Ok(())
    }

    pub fn start(&self) -> NaiveDate {
        self.start
    }
    pub fn end(&self) -> NaiveDate {
        self.end
    }
    pub fn households(&self) -> u32 {
        self.households
    }
    pub fn persons(&self) -> u32 {
        self.persons
    }

    fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The share of the period after `day`: 1 when it starts later, 0 when it has ended.
    fn share_after(&self, day: NaiveDate) -> f64 {
        if day < self.start {
            1.0
        } else if day >= self.end {
            0.0
        } else {
            (self.end - day).num_days() as f64 / self.days() as f64
        }
    }
}

/// What a forecast expects to arrive to be placed, after a day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Expected {
    pub households: f64,
    pub persons: f64,
    /// Of the persons, unaccompanied minors.
    pub unaccompanied_minors: f64,
}

/// The households to be placed that `forecast` expects after `day` until the year's end:
/// periods after the day in full, the one it falls in pro rata. Self-settled households
/// are left out, since nobody places them.
pub fn expected_after(forecast: &[ForecastPeriod], day: NaiveDate) -> Expected {
    let mut expected = Expected::default();
    for period in forecast
        .iter()
        .filter(|p| p.category != IntakeCategory::SelfSettled)
    {
        let share = period.share_after(day);
        expected.households += share * f64::from(period.households);
        expected.persons += share * f64::from(period.persons);
        if period.household_type == HouseholdType::UnaccompaniedMinor {
            expected.unaccompanied_minors += share * f64::from(period.persons);
        }
    }
    expected
}

/// What a run on `day` expects still to come this year: national's `forecast` after the
/// day, or without one the pace of the year's `households` so far.
pub fn expected_later(
    forecast: &[ForecastPeriod],
    households: &[Household],
    day: NaiveDate,
) -> Expected {
    if forecast.is_empty() {
        expected_by_pace(households, day)
    } else {
        expected_after(forecast, day)
    }
}

/// Without a forecast: the year's households to be placed that became ready by `day`,
/// at the same pace for the rest of the year.
pub fn expected_by_pace<'a>(
    households: impl IntoIterator<Item = &'a Household>,
    day: NaiveDate,
) -> Expected {
    let Some(year_start) = NaiveDate::from_ymd_opt(day.year(), 1, 1) else {
        return Expected::default();
    };
    let year_end = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
    let mut arrived = Expected::default();
    for household in households.into_iter().filter(|h| {
        h.intake.category() != IntakeCategory::SelfSettled
            && year_start <= h.waiting_since
            && h.waiting_since <= day
    }) {
        arrived.households += 1.0;
        arrived.persons += f64::from(household.size());
        if household.is_unaccompanied_minor() {
            arrived.unaccompanied_minors += f64::from(household.size());
        }
    }
    let pace =
        (year_end - day).num_days().max(0) as f64 / ((day - year_start).num_days() + 1) as f64;
    Expected {
        households: arrived.households * pace,
        persons: arrived.persons * pace,
        unaccompanied_minors: arrived.unaccompanied_minors * pace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn week(start: &str, households: u32, persons: u32) -> ForecastPeriod {
        let start = day(start);
        ForecastPeriod::new(
            start,
            start + chrono::Days::new(6),
            IntakeCategory::ReceptionCentre,
            HouseholdType::CoupleWithChildren,
            households,
            persons,
        )
        .unwrap()
    }

    #[test]
    fn a_period_is_checked() {
        let new = |start: &str, end: &str, kind, households, persons| {
            ForecastPeriod::new(
                day(start),
                day(end),
                IntakeCategory::Quota,
                kind,
                households,
                persons,
            )
        };
        let family = HouseholdType::CoupleWithChildren;
        assert!(new("2026-02-01", "2026-01-31", family, 1, 1).is_err());
        assert!(new("2026-01-01", "2026-06-30", family, 1, 1).is_err());
        assert!(new("2026-01-01", "2026-01-31", family, 3, 2).is_err());
        assert!(new("2026-01-01", "2026-01-31", family, 0, 2).is_err());
        // Unaccompanied minors may come as siblings: two households of three persons.
        let minors = HouseholdType::UnaccompaniedMinor;
        assert!(new("2026-01-01", "2026-01-31", minors, 2, 3).is_ok());
        assert!(new("2026-01-01", "2026-01-31", minors, 2, 1).is_err());
        assert!(new("2026-01-01", "2026-01-31", family, 0, 0).is_ok());
    }

    #[test]
    fn what_is_expected_after_a_day_counts_later_periods_whole_and_the_current_pro_rata() {
        let forecast = [week("2026-03-02", 7, 21), week("2026-03-09", 10, 30)];
        let after = expected_after(&forecast, day("2026-03-05"));
        // Three of the first week's seven days are left.
        assert!((after.households - (3.0 + 10.0)).abs() < 1e-9, "{after:?}");
        assert!((after.persons - (9.0 + 30.0)).abs() < 1e-9, "{after:?}");
        assert_eq!(
            expected_after(&forecast, day("2026-12-31")),
            Expected::default()
        );
        let mut settled = week("2026-03-09", 5, 5);
        settled.category = IntakeCategory::SelfSettled;
        assert_eq!(
            expected_after(&[settled], day("2026-01-01")),
            Expected::default()
        );
    }

    proptest! {
        /// The later the day, the less is still expected; never more than the whole.
        #[test]
        fn what_is_expected_only_shrinks_as_the_year_goes_on(
            weeks in proptest::collection::vec((0u64..50, 0u32..40, 0u32..3), 1..20),
            first in 0u64..365,
            later in 0u64..365,
        ) {
            let year = day("2026-01-01");
            let forecast: Vec<ForecastPeriod> = weeks
                .iter()
                .map(|&(w, households, extra)| {
                    let start = year + chrono::Days::new(w * 7);
                    ForecastPeriod::new(
                        start,
                        start + chrono::Days::new(6),
                        IntakeCategory::Quota,
                        HouseholdType::Couple,
                        households,
                        households * (1 + extra),
                    )
                    .unwrap()
                })
                .collect();
            let (early, late) = (first.min(later), first.max(later));
            let at = |d: u64| expected_after(&forecast, year + chrono::Days::new(d));
            let whole: f64 = forecast.iter().map(|p| f64::from(p.households())).sum();
            prop_assert!(at(late).households <= at(early).households + 1e-9);
            prop_assert!(at(early).households <= whole + 1e-9);
            prop_assert!(at(late).persons >= at(late).households - 1e-9);
        }
    }
}
