//! The integration register: what happens to a person after settling. Norway keeps it per
//! person in the national introduction register (NIR), Sweden's municipalities in their
//! own files; Statistics Norway and Kolada publish from them the share in work or education
//! after the introduction programme (introduksjonsprogram, etableringsprogram). Here: the
//! programme (decided, started, its final goal, ended and why) and the person's status at
//! fixed points after it and after settlement.

use crate::{Country, MunicipalityCode, ValueError};
use chrono::{Datelike, Days, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// An enum whose values are stored and sent as fixed words.
macro_rules! register_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(text: &str) -> Result<Self, ValueError> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == text.trim())
                    .ok_or_else(|| {
                        let words: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        ValueError::expected(&format!("{} ({})", $what, words.join(", ")), text)
                    })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

register_enum!(
    /// The final goal of the person's individual plan (sluttmål / mål).
    ProgrammeGoal, "a final goal" {
        Work = "work",
        Education = "education",
        Other = "other",
    }
);

register_enum!(
    /// Why the programme ended.
    EndReason, "a reason for ending" {
        Work = "work",
        Education = "education",
        /// Moved to another municipality, which takes the programme over.
        Moved = "moved",
        Other = "other",
    }
);

register_enum!(
    /// What the person does at a checkpoint: the register's categories for the share in
    /// work or education.
    Activity, "an activity" {
        Work = "work",
        Education = "education",
        Both = "both",
        Neither = "neither",
    }
);

impl Activity {
    /// In work or education (or both): what the published share counts.
    pub fn is_work_or_education(self) -> bool {
        self != Activity::Neither
    }
}

/// A person's introduction programme, checked whole: it starts on or after its decision and
/// ends on or after its start, with a reason exactly when it has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    decided_on: NaiveDate,
    started_on: Option<NaiveDate>,
    goal: ProgrammeGoal,
    ended: Option<(NaiveDate, EndReason)>,
}

impl Programme {
    /// The error names the field it is about (`started_on`, `ended_on`, `end_reason`).
    pub fn new(
        decided_on: NaiveDate,
        started_on: Option<NaiveDate>,
        goal: ProgrammeGoal,
        ended_on: Option<NaiveDate>,
        end_reason: Option<EndReason>,
    ) -> Result<Self, (&'static str, ValueError)> {
        if let Some(start) = started_on {
            if start < decided_on {
                return Err((
                    "started_on",
                    ValueError(format!(
                        "the programme starts on {start}, before it was decided on {decided_on}"
                    )),
                ));
            }
        }
        let ended = match (ended_on, end_reason, started_on) {
            (None, None, _) => None,
            (Some(_), _, None) => {
                return Err((
                    "ended_on",
                    ValueError("a programme that has not started cannot end".into()),
                ))
            }
            (Some(end), _, Some(start)) if end < start => {
                return Err((
                    "ended_on",
                    ValueError(format!(
                        "the programme ends on {end}, before it started on {start}"
                    )),
                ))
            }
            (Some(end), Some(reason), Some(_)) => Some((end, reason)),
            (Some(_), None, Some(_)) => {
                return Err((
                    "end_reason",
                    ValueError("say why the programme ended".into()),
                ))
            }
            (None, Some(_), _) => {
                return Err((
                    "ended_on",
                    ValueError("a reason for ending needs the date it ended".into()),
                ))
            }
        };
        Ok(Programme {
            decided_on,
            started_on,
            goal,
            ended,
        })
    }

    pub fn decided_on(&self) -> NaiveDate {
        self.decided_on
    }
    pub fn started_on(&self) -> Option<NaiveDate> {
        self.started_on
    }
    pub fn goal(&self) -> ProgrammeGoal {
        self.goal
    }
    pub fn ended_on(&self) -> Option<NaiveDate> {
        self.ended.map(|(on, _)| on)
    }
    pub fn end_reason(&self) -> Option<EndReason> {
        self.ended.map(|(_, reason)| reason)
    }
}

/// A person's status at a checkpoint: what they do, and where they live then (another
/// municipality than the one they settled in is secondary migration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonStatus {
    pub checkpoint: Checkpoint,
    pub activity: Activity,
    pub living_in: MunicipalityCode,
}

/// A fixed point at which a person's status is recorded: 90 days and one year after the
/// programme (Kolada's and Statistics Norway's measures), and each year after settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Checkpoint {
    ProgrammeDays90,
    ProgrammeYear1,
    /// 1 to [`Checkpoint::MAX_YEARS`] whole years after moving in.
    SettledYears(u8),
}

impl Checkpoint {
    /// Settlement years followed; later, the person is no longer the register's.
    pub const MAX_YEARS: u8 = 10;

    /// The checkpoint a country publishes its share in work or education at: 90 days
    /// after the programme in Sweden (Kolada), a year after it in Norway (Statistics Norway).
    pub fn published_measure(country: Country) -> Checkpoint {
        match country {
            Country::Sweden => Checkpoint::ProgrammeDays90,
            Country::Norway => Checkpoint::ProgrammeYear1,
        }
    }

    /// Every checkpoint, in the order of time.
    pub fn all() -> Vec<Checkpoint> {
        [Checkpoint::ProgrammeDays90, Checkpoint::ProgrammeYear1]
            .into_iter()
            .chain((1..=Checkpoint::MAX_YEARS).map(Checkpoint::SettledYears))
            .collect()
    }

    /// The date of the checkpoint, from the programme's end or the move-in date (none when
    /// what it counts from has not happened).
    pub fn date(
        self,
        programme_ended: Option<NaiveDate>,
        settled_on: NaiveDate,
    ) -> Option<NaiveDate> {
        match self {
            Checkpoint::ProgrammeDays90 => programme_ended?.checked_add_days(Days::new(90)),
            Checkpoint::ProgrammeYear1 => programme_ended.and_then(|end| years_after(end, 1)),
            Checkpoint::SettledYears(years) => years_after(settled_on, years),
        }
    }
}

/// The same day `years` later (28 February for 29 February).
fn years_after(day: NaiveDate, years: u8) -> Option<NaiveDate> {
    let year = day.year() + i32::from(years);
    day.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Checkpoint::ProgrammeDays90 => f.write_str("programme_90_days"),
            Checkpoint::ProgrammeYear1 => f.write_str("programme_1_year"),
            Checkpoint::SettledYears(1) => f.write_str("settled_1_year"),
            Checkpoint::SettledYears(years) => write!(f, "settled_{years}_years"),
        }
    }
}

impl FromStr for Checkpoint {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        let expected = || {
            ValueError::expected(
                &format!(
                    "a checkpoint (programme_90_days, programme_1_year, settled_1_year, \
                     settled_2_years … settled_{}_years)",
                    Checkpoint::MAX_YEARS
                ),
                text,
            )
        };
        match text {
            "programme_90_days" => return Ok(Checkpoint::ProgrammeDays90),
            "programme_1_year" => return Ok(Checkpoint::ProgrammeYear1),
            "settled_1_year" => return Ok(Checkpoint::SettledYears(1)),
            _ => {}
        }
        let years: u8 = text
            .strip_prefix("settled_")
            .and_then(|rest| rest.strip_suffix("_years"))
            .and_then(|years| years.parse().ok())
            .ok_or_else(expected)?;
        if (2..=Checkpoint::MAX_YEARS).contains(&years) {
            Ok(Checkpoint::SettledYears(years))
        } else {
            Err(expected())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_programme_is_refused_at_the_field_that_breaks_its_order() {
        let decided = day("2025-03-01");
        let ok = Programme::new(
            decided,
            Some(day("2025-03-15")),
            ProgrammeGoal::Work,
            Some(day("2027-03-14")),
            Some(EndReason::Work),
        )
        .unwrap();
        assert_eq!(ok.end_reason(), Some(EndReason::Work));
        let field = |started: Option<&str>, ended: Option<&str>, reason: Option<EndReason>| {
            Programme::new(
                decided,
                started.map(day),
                ProgrammeGoal::Education,
                ended.map(day),
                reason,
            )
            .unwrap_err()
            .0
        };
        assert_eq!(field(Some("2025-02-01"), None, None), "started_on");
        assert_eq!(
            field(None, Some("2025-04-01"), Some(EndReason::Other)),
            "ended_on"
        );
        assert_eq!(
            field(
                Some("2025-03-15"),
                Some("2025-03-14"),
                Some(EndReason::Moved)
            ),
            "ended_on"
        );
        assert_eq!(
            field(Some("2025-03-15"), Some("2025-04-01"), None),
            "end_reason"
        );
        assert_eq!(
            field(Some("2025-03-15"), None, Some(EndReason::Work)),
            "ended_on"
        );
    }

    #[test]
    fn checkpoints_read_back_what_they_write_and_date_from_what_they_count_from() {
        let all = [
            Checkpoint::ProgrammeDays90,
            Checkpoint::ProgrammeYear1,
            Checkpoint::SettledYears(1),
            Checkpoint::SettledYears(2),
            Checkpoint::SettledYears(Checkpoint::MAX_YEARS),
        ];
        for checkpoint in all {
            assert_eq!(checkpoint.to_string().parse::<Checkpoint>(), Ok(checkpoint));
        }
        for wrong in [
            "settled_0_years",
            "settled_11_years",
            "settled_1_years",
            "year1",
            "",
        ] {
            assert!(wrong.parse::<Checkpoint>().is_err(), "{wrong}");
        }
        let settled = day("2024-02-29");
        assert_eq!(
            Checkpoint::SettledYears(1).date(None, settled),
            Some(day("2025-02-28"))
        );
        assert_eq!(Checkpoint::ProgrammeDays90.date(None, settled), None);
        assert_eq!(
            Checkpoint::ProgrammeDays90.date(Some(day("2026-01-01")), settled),
            Some(day("2026-04-01"))
        );
        assert_eq!(
            Checkpoint::ProgrammeYear1.date(Some(day("2026-01-01")), settled),
            Some(day("2027-01-01"))
        );
    }

    #[test]
    fn the_fixed_words_read_back_and_others_are_named_in_the_error() {
        for activity in Activity::ALL {
            assert_eq!(activity.as_str().parse::<Activity>(), Ok(*activity));
        }
        let error = "job".parse::<Activity>().unwrap_err().to_string();
        assert!(error.contains("work, education, both, neither"), "{error}");
        assert!(!Activity::Neither.is_work_or_education());
        assert!(Activity::Both.is_work_or_education());
    }
}
