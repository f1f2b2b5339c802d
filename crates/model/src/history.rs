//! Past placements and what became of the people placed: the material an outcome model
//! learns from and a back-test evaluates on (as GeoMatch and Annie MOORE do).

use crate::{
    EducationLevel, HouseholdId, LanguageCode, MunicipalityCode, Origin, OutcomeName, PersonId,
    Sex, ValueError,
};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::fmt;

/// Age from which a person counts as an adult in a household's composition.
pub const ADULT_AGE: i32 = 18;

/// A person settled in the past, with the outcomes observed for them.
#[derive(Debug, Clone, PartialEq)]
pub struct PastPerson {
    pub id: PersonId,
    pub birth_year: u16,
    pub sex: Sex,
    pub education: EducationLevel,
    pub origin: Option<Origin>,
    pub languages: BTreeSet<LanguageCode>,
    /// One entry per [`History::outcomes`], in that order: `None` where not observed
    /// (too recent, moved abroad, or outside the outcome's population such as children).
    pub outcomes: Vec<Option<bool>>,
}

/// A household settled in the past: where and when, and its members (all of them, so
/// that its composition is known).
#[derive(Debug, Clone, PartialEq)]
pub struct PastHousehold {
    pub id: HouseholdId,
    pub municipality: MunicipalityCode,
    pub placed_on: NaiveDate,
    members: Vec<PastPerson>,
}

/// What a household was when it was placed; the groups a back-test reports by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdType {
    SingleAdult,
    Couple,
    SingleParent,
    CoupleWithChildren,
    UnaccompaniedMinor,
}

impl HouseholdType {
    pub const ALL: [HouseholdType; 5] = [
        HouseholdType::SingleAdult,
        HouseholdType::Couple,
        HouseholdType::SingleParent,
        HouseholdType::CoupleWithChildren,
        HouseholdType::UnaccompaniedMinor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdType::SingleAdult => "single_adult",
            HouseholdType::Couple => "couple",
            HouseholdType::SingleParent => "single_parent",
            HouseholdType::CoupleWithChildren => "couple_with_children",
            HouseholdType::UnaccompaniedMinor => "unaccompanied_minor",
        }
    }

    /// From the number of adults and children. Households of three or more adults count
    /// as couples (with children where there are any): an adult child or grandparent.
    pub fn of(adults: u32, children: u32) -> HouseholdType {
        match (adults, children) {
            (0, _) => HouseholdType::UnaccompaniedMinor,
            (1, 0) => HouseholdType::SingleAdult,
            (1, _) => HouseholdType::SingleParent,
            (_, 0) => HouseholdType::Couple,
            _ => HouseholdType::CoupleWithChildren,
        }
    }
}

impl fmt::Display for HouseholdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HouseholdType::SingleAdult => "single adult",
            HouseholdType::Couple => "couple",
            HouseholdType::SingleParent => "single parent",
            HouseholdType::CoupleWithChildren => "couple with children",
            HouseholdType::UnaccompaniedMinor => "unaccompanied minor",
        })
    }
}

impl std::str::FromStr for HouseholdType {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        HouseholdType::ALL
            .into_iter()
            .find(|t| t.as_str() == text.trim())
            .ok_or_else(|| {
                ValueError::expected(
                    "single_adult, couple, single_parent, couple_with_children or unaccompanied_minor",
                    text,
                )
            })
    }
}

impl PastHousehold {
    /// A household with at least one member, at most 30.
    pub fn new(
        id: HouseholdId,
        municipality: MunicipalityCode,
        placed_on: NaiveDate,
        members: Vec<PastPerson>,
    ) -> Result<Self, ValueError> {
        if members.is_empty() || members.len() > 30 {
            return Err(ValueError(format!(
                "a household has 1 to 30 members, household {id} has {}",
                members.len()
            )));
        }
        Ok(PastHousehold {
            id,
            municipality,
            placed_on,
            members,
        })
    }

    pub fn members(&self) -> &[PastPerson] {
        &self.members
    }

    /// Age in whole years at placement, counted by birth year.
    pub fn age_of(&self, person: &PastPerson) -> i32 {
        self.placed_on.year() - i32::from(person.birth_year)
    }

    pub fn adults(&self) -> u32 {
        self.members
            .iter()
            .filter(|p| self.age_of(p) >= ADULT_AGE)
            .count() as u32
    }

    pub fn kind(&self) -> HouseholdType {
        let adults = self.adults();
        HouseholdType::of(adults, self.members.len() as u32 - adults)
    }
}

/// Past placements with the outcomes named in `outcomes` (e.g. employed within one and
/// within two years), each household placed once.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub outcomes: Vec<OutcomeName>,
    pub households: Vec<PastHousehold>,
}

impl History {
    /// The position of an outcome in every person's `outcomes`.
    pub fn outcome_index(&self, name: &str) -> Option<usize> {
        self.outcomes.iter().position(|o| o.as_str() == name)
    }

    pub fn persons(&self) -> usize {
        self.households.iter().map(|h| h.members.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, birth_year: u16) -> PastPerson {
        PastPerson {
            id: id.parse().expect("id"),
            birth_year,
            sex: Sex::Female,
            education: EducationLevel::Secondary,
            origin: None,
            languages: BTreeSet::new(),
            outcomes: vec![],
        }
    }

    #[test]
    fn composition_is_counted_at_placement() {
        let household = PastHousehold::new(
            "h1".parse().expect("id"),
            "2080".parse().expect("code"),
            NaiveDate::from_ymd_opt(2020, 3, 1).expect("date"),
            vec![person("a", 1990), person("b", 2002), person("c", 2003)],
        )
        .expect("valid");
        // Born 2002: 18 in 2020, an adult; born 2003: a child.
        assert_eq!(household.adults(), 2);
        assert_eq!(household.kind(), HouseholdType::CoupleWithChildren);
        assert_eq!(HouseholdType::of(0, 2), HouseholdType::UnaccompaniedMinor);
        assert_eq!(HouseholdType::of(1, 2), HouseholdType::SingleParent);
    }

    #[test]
    fn empty_households_and_blank_origins_are_refused() {
        assert!(PastHousehold::new(
            "h1".parse().expect("id"),
            "2080".parse().expect("code"),
            NaiveDate::from_ymd_opt(2020, 3, 1).expect("date"),
            vec![],
        )
        .is_err());
        assert!(" ".parse::<Origin>().is_err());
        assert_eq!(
            "Syria/Iraq".parse::<Origin>().expect("ok").as_str(),
            "Syria/Iraq"
        );
    }
}
