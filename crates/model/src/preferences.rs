//! What households want and what municipalities are prepared for: a household's ranking
//! of municipalities (rank 1 = most wanted) and a municipality's priority groups (the
//! household types or needs it is prepared for first). Placement reads them to honour
//! preferences and to find placements without justified envy.

use crate::{Household, HouseholdId, HouseholdType, MunicipalityCode, ServiceName, ValueError};
use std::fmt;
use std::str::FromStr;

/// Persons from which a household counts as a large family (a municipality can be
/// prepared for them first: large dwellings, school places).
pub const LARGE_FAMILY_PERSONS: u32 = 5;

/// One municipality in a household's ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preference {
    pub household: HouseholdId,
    pub municipality: MunicipalityCode,
    rank: u32,
}

impl Preference {
    /// Refuses rank 0: ranks count from 1, the most wanted.
    pub fn new(
        household: HouseholdId,
        municipality: MunicipalityCode,
        rank: u32,
    ) -> Result<Self, ValueError> {
        if rank == 0 {
            return Err(ValueError(
                "a rank counts from 1 (the most wanted municipality)".into(),
            ));
        }
        Ok(Preference {
            household,
            municipality,
            rank,
        })
    }
    pub fn rank(&self) -> u32 {
        self.rank
    }
}

/// A kind of household a municipality can say it is prepared for first.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PriorityGroup {
    /// Households of [`LARGE_FAMILY_PERSONS`] or more.
    LargeFamilies,
    /// Households with children (not unaccompanied minors).
    FamiliesWithChildren,
    /// One adult alone.
    SingleAdults,
    UnaccompaniedMinors,
    /// Households with relatives or other ties in the municipality.
    Ties,
    /// Households needing a service (e.g. `need:specialist_care`).
    Need(ServiceName),
}

impl PriorityGroup {
    /// The groups without a parameter, as files name them (besides `need:<service>`).
    pub const NAMED: [&'static str; 5] = [
        "large_families",
        "families_with_children",
        "single_adults",
        "unaccompanied_minors",
        "ties",
    ];

    /// Whether `household` is one of the group, for a municipality `at`.
    pub fn includes(&self, household: &Household, at: &MunicipalityCode) -> bool {
        match self {
            PriorityGroup::LargeFamilies => household.size() >= LARGE_FAMILY_PERSONS,
            PriorityGroup::FamiliesWithChildren => {
                !household.is_unaccompanied_minor() && household.children() > 0
            }
            PriorityGroup::SingleAdults => {
                HouseholdType::of(household.adults(), household.children())
                    == HouseholdType::SingleAdult
                    && !household.is_unaccompanied_minor()
            }
            PriorityGroup::UnaccompaniedMinors => household.is_unaccompanied_minor(),
            PriorityGroup::Ties => household.tie.as_ref() == Some(at),
            PriorityGroup::Need(service) => household.needs.contains(service),
        }
    }
}

impl fmt::Display for PriorityGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PriorityGroup::LargeFamilies => f.write_str("large_families"),
            PriorityGroup::FamiliesWithChildren => f.write_str("families_with_children"),
            PriorityGroup::SingleAdults => f.write_str("single_adults"),
            PriorityGroup::UnaccompaniedMinors => f.write_str("unaccompanied_minors"),
            PriorityGroup::Ties => f.write_str("ties"),
            PriorityGroup::Need(service) => write!(f, "need:{service}"),
        }
    }
}

impl FromStr for PriorityGroup {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        Ok(match text {
            "large_families" => PriorityGroup::LargeFamilies,
            "families_with_children" => PriorityGroup::FamiliesWithChildren,
            "single_adults" => PriorityGroup::SingleAdults,
            "unaccompanied_minors" => PriorityGroup::UnaccompaniedMinors,
            "ties" => PriorityGroup::Ties,
            _ => match text.strip_prefix("need:") {
                Some(service) => PriorityGroup::Need(service.parse()?),
                None => {
                    return Err(ValueError::expected(
                        "large_families, families_with_children, single_adults, \
                         unaccompanied_minors, ties or need:<service>",
                        text,
                    ))
                }
            },
        })
    }
}

/// One of a municipality's priority groups (rank 1 = the group it is prepared for first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityPriority {
    pub municipality: MunicipalityCode,
    pub group: PriorityGroup,
    rank: u32,
}

impl MunicipalityPriority {
    pub fn new(
        municipality: MunicipalityCode,
        group: PriorityGroup,
        rank: u32,
    ) -> Result<Self, ValueError> {
        if rank == 0 {
            return Err(ValueError(
                "a rank counts from 1 (the group prepared for first)".into(),
            ));
        }
        Ok(MunicipalityPriority {
            municipality,
            group,
            rank,
        })
    }
    pub fn rank(&self) -> u32 {
        self.rank
    }
}

/// How a placement honours the households' rankings, beside the predicted outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mechanism {
    /// Outcome + λ × satisfaction, where a k-th choice satisfies 1/k.
    Weighted { lambda: f64 },
    /// The most satisfaction with the predicted outcome at least `share` of the
    /// outcome-optimal placement's (Acharya, Bansak and Hainmueller 2022).
    MinimumOutcome { share: f64 },
    /// No justified envy: municipalities take households by their priority groups, then
    /// by time waited (deferred acceptance, Delacrétaz, Kominers and Teytelboym 2023).
    Stable,
}

impl Mechanism {
    /// λ when none is given: a first choice is worth half a certain outcome.
    pub const DEFAULT_LAMBDA: f64 = 0.5;
    /// The outcome share kept when none is given.
    pub const DEFAULT_SHARE: f64 = 0.98;
    /// Largest λ taken: outcomes are shares in 0..=1, so beyond it satisfaction alone counts.
    pub const MAX_LAMBDA: f64 = 100.0;
    /// The names, as the API, the run form and the command line write them.
    pub const NAMES: [&'static str; 3] = ["weighted", "minimum_outcome", "stable"];

    /// The mechanism named `name` with its parameter (λ for weighted, the outcome share for
    /// minimum outcome; none for stable), each checked; `None` takes the default.
    pub fn new(name: &str, parameter: Option<f64>) -> Result<Self, ValueError> {
        match name.trim() {
            "weighted" => {
                let lambda = parameter.unwrap_or(Self::DEFAULT_LAMBDA);
                if !(0.0..=Self::MAX_LAMBDA).contains(&lambda) {
                    return Err(ValueError(format!(
                        "λ (the weight of preferences) must be from 0 to {}, got {lambda}",
                        Self::MAX_LAMBDA
                    )));
                }
                Ok(Mechanism::Weighted { lambda })
            }
            "minimum_outcome" | "minimum-outcome" => {
                let share = parameter.unwrap_or(Self::DEFAULT_SHARE);
                if !(0.0..=1.0).contains(&share) {
                    return Err(ValueError(format!(
                        "the outcome share must be a share from 0 to 1, got {share}"
                    )));
                }
                Ok(Mechanism::MinimumOutcome { share })
            }
            "stable" => Ok(Mechanism::Stable),
            other => Err(ValueError::expected(
                "weighted, minimum_outcome or stable",
                other,
            )),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Mechanism::Weighted { .. } => "weighted",
            Mechanism::MinimumOutcome { .. } => "minimum_outcome",
            Mechanism::Stable => "stable",
        }
    }

    /// λ for weighted, the outcome share for minimum outcome.
    pub fn parameter(&self) -> Option<f64> {
        match *self {
            Mechanism::Weighted { lambda } => Some(lambda),
            Mechanism::MinimumOutcome { share } => Some(share),
            Mechanism::Stable => None,
        }
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mechanism::Weighted { lambda } => write!(f, "weighted (λ = {lambda})"),
            Mechanism::MinimumOutcome { share } => {
                write!(f, "minimum outcome ({} % of the optimum)", share * 100.0)
            }
            Mechanism::Stable => f.write_str("stable"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_priority_group_reads_what_it_writes_and_refuses_the_unknown() {
        for text in PriorityGroup::NAMED
            .into_iter()
            .chain(["need:specialist_care"])
        {
            let group: PriorityGroup = text.parse().unwrap();
            assert_eq!(group.to_string(), text);
        }
        let refused = "pets".parse::<PriorityGroup>().unwrap_err();
        assert!(refused.0.contains("got 'pets'"), "{refused}");
        assert!("need:".parse::<PriorityGroup>().is_err());
    }

    #[test]
    fn rank_zero_is_refused() {
        let household: HouseholdId = "h1".parse().unwrap();
        let code: MunicipalityCode = "0180".parse().unwrap();
        assert!(Preference::new(household.clone(), code.clone(), 0).is_err());
        assert_eq!(
            Preference::new(household, code.clone(), 2).unwrap().rank(),
            2
        );
        assert!(MunicipalityPriority::new(code, PriorityGroup::Ties, 0).is_err());
    }

    #[test]
    fn a_mechanism_is_read_back_from_its_name_and_parameter() {
        for mechanism in [
            Mechanism::Weighted { lambda: 0.25 },
            Mechanism::MinimumOutcome { share: 0.95 },
            Mechanism::Stable,
        ] {
            assert_eq!(
                Mechanism::new(mechanism.name(), mechanism.parameter()),
                Ok(mechanism)
            );
        }
        assert_eq!(
            Mechanism::new("weighted", None),
            Ok(Mechanism::Weighted { lambda: 0.5 })
        );
        for (name, parameter) in [
            ("weighted", -1.0),
            ("weighted", f64::NAN),
            ("minimum_outcome", 1.5),
            ("lottery", 0.0),
        ] {
            assert!(
                Mechanism::new(name, Some(parameter)).is_err(),
                "{name} {parameter}"
            );
        }
    }
}
